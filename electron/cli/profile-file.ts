/** Reads and validates a profile file; every problem is reported with its JSON path. */
import fs from 'node:fs/promises';
import { parseProfile, type ClusterProfile } from '../shared/profile';
import { errorCode, errorMessage } from '../shared/error-text';
import { UsageError } from './usage-error';

export { UsageError };

export async function loadProfile(file: string): Promise<ClusterProfile> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the profile ${file} (${errorCode(e) ?? errorMessage(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`the profile ${file} is not valid JSON: ${errorMessage(e)}`);
  }
  const r = parseProfile(json);
  if (!r.ok) throw new UsageError(`the profile ${file} has ${r.problems.length} problem${r.problems.length > 1 ? 's' : ''}:\n${r.problems.map((p) => `  ${p.where ? `${p.where}, ` : ''}${p.path}: ${p.message}`).join('\n')}`);
  return r.profile;
}

/** Parses repeated `HOST=SHA256:...` (or `HOST:PORT=...`) options. */
export function parseAcceptedHostKeys(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const m = /^(.+?)=(SHA256:[A-Za-z0-9+/]{43}=?)$/.exec(v.trim());
    if (!m) throw new UsageError(`--accept-host-key wants HOST=SHA256:<43 characters>, not ${JSON.stringify(v)}`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

export function parseIdList(value: string | undefined, known: string[], option: string): string[] | undefined {
  if (!value) return undefined;
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length) throw new UsageError(`${option}: unknown check id ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return ids;
}
