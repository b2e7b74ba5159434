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

/** The temp-file kinds replaceVerified makes beside a configuration file (apply's write, rollback's restore). */
export const TEMP_SUFFIXES = ['.ha-wizard-new', '.ha-wizard-restore'] as const;

/**
 * Removes the temp files a write cut short (a killed wizard, a dropped link) left beside `path`: only
 * names replaceVerified makes (`<file><suffix>-<12 hex>`), nothing else in the folder. Returns their names.
 */
export async function removeLeftTemps(s: SshSession, path: string): Promise<string[]> {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dir = cut > 0 ? path.slice(0, cut) : path.slice(0, cut + 1);
  const base = path.slice(cut + 1);
  const ours = (name: string) => TEMP_SUFFIXES.some((t) => name.startsWith(`${base}${t}-`) && /^[0-9a-f]{12}$/.test(name.slice(base.length + t.length + 1)));
  const left = (await s.readdir(dir)).filter(ours);
  for (const name of left) await s.unlink(`${path.slice(0, cut + 1)}${name}`);
  return left;
}

