/**
 * After a server is added or removed, the profile file says the cluster as it now runs, so the next
 * `check`, `plan` or `health` sees it. The admin's own JSON is edited in place (only `nodes`, and a key
 * kept from the removed server), the old file kept beside it, and the new one written atomically.
 */
import fs from 'node:fs/promises';
import { writeFileAtomic } from '../core/report/report-files';
import { backupSuffix } from '../core/apply/plan';
import { parseProfile, type NodeProfile } from '../shared/profile';
import { errorMessage } from '../shared/error-text';
import { isRecord } from '../shared/is-record';

/** The admin's JSON as written: only the fields looked at are checked (parseProfile checks the result). */
type RawProfile = Record<string, unknown>;
const rawId = (n: unknown) => (isRecord(n) ? (n.id ?? n.host) : undefined);

/** The profile JSON with `add` appended or `remove` left out; validated before it is written. */
export function updatedProfileJson(raw: RawProfile, change: { add: NodeProfile } | { remove: string }): RawProfile {
  const nodes: unknown[] = Array.isArray(raw.nodes) ? raw.nodes : [];
  const next: RawProfile = 'add' in change
    ? { ...raw, nodes: [...nodes, change.add] }
    : { ...raw, nodes: nodes.filter((n) => rawId(n) !== change.remove) };
  const key = raw.encryptionKey;
  if ('remove' in change && isRecord(key) && key.mode === 'keep-node' && key.node === change.remove) next.encryptionKey = { mode: 'auto' };
  const r = parseProfile(next);
  if (!r.ok) throw new Error(`the updated profile would not be valid: ${r.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return next;
}

/** Writes the updated profile over `file`, the old one kept as `file.ha-wizard-<UTC time>.bak`; the backup's path. */
export async function updateProfileFile(file: string, change: { add: NodeProfile } | { remove: string }, now = new Date()): Promise<string> {
  const text = await fs.readFile(file, 'utf8');
  const raw: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
  if (!isRecord(raw)) throw new Error(`${file} does not hold a profile (a JSON object)`);
  const next = updatedProfileJson(raw, change);
  const backup = `${file}${backupSuffix(now)}`;
  try {
    await fs.copyFile(file, backup, fs.constants.COPYFILE_EXCL);
  } catch (e) {
    throw new Error(`cannot keep the old profile as ${backup}: ${errorMessage(e)}`, { cause: e });
  }
  await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
  return backup;
}
