/** Writing a node's file the way apply and rollback must: keep its mode, replace atomically, read it back. */
import type { SshSession } from '../remote/ssh-session';
import { sha256 } from './masked-diff';

const modeOption = (mode: number | undefined) => (mode ? { mode: mode & 0o7777 } : {});

/** Writes `bytes` to `path` and fails with `mismatch` unless it reads back identical. */
export async function writeVerified(s: SshSession, path: string, bytes: Buffer, mode: number | undefined, mismatch: string): Promise<void> {
  await s.writeFile(path, bytes, modeOption(mode));
  if (sha256(await s.readFile(path)) !== sha256(bytes)) throw new Error(mismatch);
}

/** Writes beside `path` (at `path + tmpSuffix`), renames over it, and checks it reads back identical. */
export async function replaceVerified(s: SshSession, path: string, bytes: Buffer, mode: number | undefined, tmpSuffix: string, mismatch: string): Promise<void> {
  const tmp = `${path}${tmpSuffix}`;
  await s.writeFile(tmp, bytes, modeOption(mode));
  await s.rename(tmp, path);
  if (sha256(await s.readFile(path)) !== sha256(bytes)) throw new Error(mismatch);
}
