/** Writing a node's file the way apply and rollback must: keep its mode (Windows: its access rules), replace atomically, read it back. */
import crypto from 'node:crypto';
import type { SshSession } from '../remote/ssh-session';
import { sha256 } from './masked-diff';

/** Windows access rules to carry onto a written file (file-rights.ts); Linux keeps the mode instead. */
export interface FileRights {
  readonly sddl: string;
  /** Gives `path` the original's rules, and checks it has them. */
  onto(path: string): Promise<void>;
  /** Checks that `path` has the original's rules. */
  verify(path: string): Promise<void>;
}

const modeOption = (mode: number | undefined) => (mode ? { mode: mode & 0o7777 } : {});

/** Creates `path` (never over an existing file or a symbolic link) and fails with `mismatch` unless it reads back identical. */
export async function writeVerified(s: SshSession, path: string, bytes: Buffer, mode: number | undefined, mismatch: string, rights?: FileRights): Promise<void> {
  await s.createFile(path, bytes, modeOption(mode));
  if (sha256(await s.readFile(path)) !== sha256(bytes)) throw new Error(mismatch);
  await rights?.onto(path);
}

/**
 * Writes beside `path` (at `path + tmpSuffix` and a random part), renames over it, and checks it reads
 * back identical. The temp file is created exclusively under a name nobody can guess, so a file or a
 * symbolic link planted beside the target is never written through; it is removed if the rename fails.
 */
export async function replaceVerified(s: SshSession, path: string, bytes: Buffer, mode: number | undefined, tmpSuffix: string, mismatch: string, rights?: FileRights): Promise<void> {
  const tmp = `${path}${tmpSuffix}-${crypto.randomBytes(6).toString('hex')}`;
  await s.createFile(tmp, bytes, modeOption(mode));
  try {
    // Before the rename, so the file is never in place with other rights than the original's.
    await rights?.onto(tmp);
    await s.rename(tmp, path);
  } catch (error) {
    await s.unlink(tmp).catch(() => undefined);
    throw error;
  }
  if (sha256(await s.readFile(path)) !== sha256(bytes)) throw new Error(mismatch);
  await rights?.verify(path);
}
