/**
 * Opening a profile file the admin double-clicked (`.hawizard`: the bare profile, secrets only as
 * references, the same file `ha-wizard --profile` reads). Windows passes its path on the command line,
 * to the first instance or, through the single-instance lock, to the one already running.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseProfile, type ClusterProfile } from '../shared/profile';
import { errorMessage } from '../shared/error-text';

export const PROFILE_EXTENSION = '.hawizard';
const MAX_BYTES = 1024 * 1024;

export function profilePathFromArgv(argv: string[]): string | null {
  return argv.slice(1).find((a) => !a.startsWith('-') && a.toLowerCase().endsWith(PROFILE_EXTENSION)) ?? null;
}

export async function readProfileFile(file: string): Promise<{ ok: true; name: string; profile: ClusterProfile } | { ok: false; message: string }> {
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_BYTES) return { ok: false, message: `${file} is too large to be a profile` };
    const r = parseProfile(JSON.parse((await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '')));
    if (!r.ok) return { ok: false, message: `${file} is not a valid profile: ${r.problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ')}` };
    return { ok: true, name: path.basename(file, PROFILE_EXTENSION), profile: r.profile };
  } catch (e) {
    return { ok: false, message: `cannot open ${file}: ${errorMessage(e)}` };
  }
}
