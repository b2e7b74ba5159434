/**
 * Inedo's own PostgreSQL connection string form, `Server=…;Port=…;Database=…;User Id=…;Password=…`
 * (installation/postgresql.md). Inedo supports "no additional arguments/configuration" in it, so the
 * wizard writes exactly these keys, and the check refuses any other key in a profile.
 */
import { splitSegments } from '../../shared/connection-string/connection-string-text';

/** Inedo's keys, each with the synonyms Npgsql reads for it (lower case). */
const INEDO_KEYS: { name: string; synonyms: string[] }[] = [
  { name: 'Server', synonyms: ['server', 'host'] },
  { name: 'Port', synonyms: ['port'] },
  { name: 'Database', synonyms: ['database', 'db'] },
  { name: 'User Id', synonyms: ['user id', 'username', 'userid', 'user name', 'user'] },
  { name: 'Password', synonyms: ['password', 'pwd', 'psw'] },
];
const KNOWN = new Set(INEDO_KEYS.flatMap((k) => k.synonyms));
const DEFAULT_PORT = '5432';

/** The keys (as written) that Inedo's form does not have: options the product does not support. */
export function postgresOptionsBeyondInedo(text: string): string[] {
  return splitSegments(text).filter((s) => !KNOWN.has(s.key)).map((s) => s.raw.split('=')[0]!.trim());
}

/** A segment's value exactly as written (quotes kept), after the first lone `=`. */
function rawValue(raw: string): string {
  const m = /^(?:[^=]|==)*=(?!=)\s*/.exec(raw);
  return m ? raw.slice(m[0].length) : '';
}

/**
 * The string in Inedo's form, without a password (the caller adds it with withPassword): every
 * value kept byte for byte, keys renamed, Port made explicit, anything else dropped.
 */
export function inedoPostgresForm(text: string): string {
  const segments = splitSegments(text);
  const out: string[] = [];
  for (const k of INEDO_KEYS) {
    if (k.name === 'Password') continue;
    // The last occurrence wins, as in Npgsql.
    const seg = segments.filter((s) => k.synonyms.includes(s.key)).pop();
    const value = seg ? rawValue(seg.raw) : k.name === 'Port' ? DEFAULT_PORT : null;
    if (value !== null) out.push(`${k.name}=${value}`);
  }
  return out.join(';');
}
