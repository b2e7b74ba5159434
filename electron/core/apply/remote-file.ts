/** Writing a node's file the way apply and rollback must: keep its mode (Windows: its access rules), replace atomically, read it back. */
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

/** Writes `bytes` to `path` and fails with `mismatch` unless it reads back identical. */
export async function writeVerified(s: SshSession, path: string, bytes: Buffer, mode: number | undefined, mismatch: string, rights?: FileRights): Promise<void> {
  await s.writeFile(path, bytes, modeOption(mode));
  if (sha256(await s.readFile(path)) !== sha256(bytes)) throw new Error(mismatch);
  await rights?.onto(path);
}

/** Writes beside `path` (at `path + tmpSuffix`), renames over it, and checks it reads back identical. */
export async function replaceVerified(s: SshSession, path: string, bytes: Buffer, mode: number | undefined, tmpSuffix: string, mismatch: string, rights?: FileRights): Promise<void> {
  const tmp = `${path}${tmpSuffix}`;
  await s.writeFile(tmp, bytes, modeOption(mode));
  // Before the rename, so the file is never in place with other rights than the original's.
  await rights?.onto(tmp);
  await s.rename(tmp, path);
  if (sha256(await s.readFile(path)) !== sha256(bytes)) throw new Error(mismatch);
  await rights?.verify(path);
}
