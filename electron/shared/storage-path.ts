/**
 * The shared storage path's form, one rule for both sides: the engine's `storage.path-form` check
 * reports `detail` and `remedy`, the Storage page shows `message` next to the field. Windows needs a
 * UNC path (never a drive letter: a mapped drive exists only in an interactive session); Linux an
 * absolute path without "..". A cluster cannot mix the two.
 */
import type { Os } from './kinds';

const UNC = /^\\\\[^\\/:*?"<>|]+\\[^\\/:*?"<>|]+(\\[^\\/:*?"<>|]+)*\\?$/;
const DRIVE = /^[A-Za-z]:/;
const UNC_REMEDY = 'Use the share\'s UNC path, for example \\\\nas\\proget\\packages.';

export interface StoragePathProblem {
  /** What is wrong, naming the path (the check's detail). */
  detail: string;
  remedy: string;
  /** The same problem in the words a form shows next to the field. */
  message: string;
}

export function storagePathProblem(path: string, oses: readonly Os[]): StoragePathProblem | null {
  const windows = oses.includes('windows');
  if (windows && oses.includes('linux')) {
    return { detail: 'the cluster mixes Windows and Linux servers, which cannot share one storage path', remedy: 'Use servers of one kind in a cluster.', message: 'The cluster mixes Windows and Linux servers, which cannot share one storage path' };
  }
  if (windows) {
    if (DRIVE.test(path)) {
      return {
        detail: `${path} is a drive letter: a local disk is not shared, and a mapped drive exists only in an interactive session, never for the service`, remedy: UNC_REMEDY,
        message: 'A drive letter is not shared (a mapped drive exists only in an interactive session, never for the service): use the share’s UNC path, such as \\\\nas\\proget\\packages',
      };
    }
    if (!UNC.test(path)) return { detail: `${path} is not a UNC path (\\\\server\\share\\folder)`, remedy: UNC_REMEDY, message: 'Use a UNC path: \\\\server\\share\\folder' };
    return null;
  }
  if (!path.startsWith('/')) {
    return { detail: `${path} is not an absolute path`, remedy: 'Give the absolute path where every node (or its container) mounts the shared storage, such as /var/proget/packages.', message: 'Use an absolute path, such as /var/proget/packages' };
  }
  if (path.split('/').includes('..')) return { detail: `${path} contains "..": give the path itself`, remedy: 'Write the path without "..".', message: 'Write the path without “..”' };
  return null;
}
