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

type RawProfile = { nodes?: unknown[]; encryptionKey?: { mode?: string; node?: string } } & Record<string, unknown>;
const rawId = (n: unknown) => (n && typeof n === 'object' ? ((n as { id?: string }).id ?? (n as { host?: string }).host) : undefined);

/** The profile JSON with `add` appended or `remove` left out; validated before it is written. */
export function updatedProfileJson(raw: RawProfile, change: { add: NodeProfile } | { remove: string }): RawProfile {
  const nodes = raw.nodes ?? [];
  const next: RawProfile = 'add' in change
    ? { ...raw, nodes: [...nodes, change.add] }
    : { ...raw, nodes: nodes.filter((n) => rawId(n) !== change.remove) };
  if ('remove' in change && raw.encryptionKey?.mode === 'keep-node' && raw.encryptionKey.node === change.remove) next.encryptionKey = { mode: 'auto' };
  const r = parseProfile(next);
  if (!r.ok) throw new Error(`the updated profile would not be valid: ${r.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return next;
}

/** Writes the updated profile over `file`, the old one kept as `file.ha-wizard-<UTC time>.bak`; the backup's path. */
export async function updateProfileFile(file: string, change: { add: NodeProfile } | { remove: string }, now = new Date()): Promise<string> {
  const text = await fs.readFile(file, 'utf8');
  const next = updatedProfileJson(JSON.parse(text.replace(/^\uFEFF/, '')) as RawProfile, change);
  const backup = `${file}${backupSuffix(now)}`;
  try {
    await fs.copyFile(file, backup, fs.constants.COPYFILE_EXCL);
  } catch (e) {
    throw new Error(`cannot keep the old profile as ${backup}: ${errorMessage(e)}`, { cause: e });
  }
  await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
  return backup;
}
