/**
 * The Database page's builder over a connection string, both ways. It reads the fields with the
 * engine's own readers (readSqlServer/readPostgres, through @tediousjs/connection-string), and writes
 * one field by editing that key's segment in place (found with the same grammar, tokens' `tedious`
 * dialect), so every other segment stays as typed. The engine's `database.connection-string` check
 * stays the judge; `connectionStringProblems` shows its findings early, in a form's words.
 */
import type { DatabaseKind } from '../kinds';
import { quoteValue } from './connection-string-text';
import { tokenize } from './connection-string-tokens';
import { MISSING_FIELD_PROBLEM, POSTGRES_KEYS, SQLSERVER_KEYS, parseConnectionString, readPostgres, readSqlServer, reason, splitServer } from './connection-strings';

export interface DbFields {
  host: string;
  /** SQL Server named instance. */
  instance: string;
  /** As typed; empty for the default port. */
  port: string;
  database: string;
  user: string;
  integrated: boolean;
  encrypt: boolean;
  trustServerCertificate: boolean;
}

export const DEFAULT_PORT: Record<DatabaseKind, string> = { sqlserver: '1433', postgres: '5432' };

const EMPTY: DbFields = { host: '', instance: '', port: '', database: '', user: '', integrated: false, encrypt: false, trustServerCertificate: false };

export interface StringSegment {
  key: string;
  value: string;
  /** The segment's text, from just after the previous `;` up to (not including) its own. */
  raw: string;
  keyPart: string;
  /** [start, end) of `raw` in the string; `closed` when a `;` follows at `end`. */
  start: number;
  end: number;
  closed: boolean;
}

/** The string's segments as the grammar reads them, and what is left after the last; null when it cannot be read. */
export function segments(text: string): { segs: StringSegment[]; tail: string } | null {
  let tokens;
  try {
    tokens = tokenize(text, 'tedious');
  } catch {
    return null;
  }
  const segs: StringSegment[] = [];
  let start = 0;
  for (const t of tokens) {
    // Between a value's end and its `;` there are only blanks (a quoted value) or nothing.
    const sep = text.indexOf(';', t.valueEnd);
    const end = sep < 0 ? text.length : sep;
    const eq = text.lastIndexOf('=', t.valueStart - 1);
    segs.push({ key: t.key, value: t.value, raw: text.slice(start, end), keyPart: text.slice(start, eq).trim(), start, end, closed: sep >= 0 });
    start = sep < 0 ? text.length : sep + 1;
  }
  return { segs, tail: text.slice(start) };
}

/** Sets (or, with undefined, removes) a key where it stands, keeping the key's spelling as typed; one segment is left. */
export function setKey(text: string, keys: readonly string[], name: string, value: string | undefined): string {
  const parsed = segments(text);
  if (!parsed) return text;
  const out: string[] = [];
  let placed = false;
  for (const s of parsed.segs) {
    if (!keys.includes(s.key)) out.push(s.raw);
    else if (!placed && value !== undefined) {
      out.push(`${s.keyPart}=${quoteValue(value)}`);
      placed = true;
    }
  }
  if (!placed && value !== undefined) {
    // An empty value can only end a string (tedious takes a `;` right after `=` as the value's first
    // character): a new segment goes before it, never after.
    const last = out.at(-1);
    out.splice(last !== undefined && /=\s*$/.test(last) ? out.length - 1 : out.length, 0, `${name}=${quoteValue(value)}`);
  }
  // Text after the last segment that the grammar does not read (a key being typed) is kept.
  if (parsed.tail.trim()) out.push(parsed.tail);
  return out.join(';');
}

/** The builder's fields as the engine reads the string; empty fields when it cannot be read (yet). */
export function readFields(kind: DatabaseKind, text: string): DbFields {
  try {
    if (kind === 'sqlserver') {
      const s = readSqlServer(text);
      const server = splitServer(s.source) ?? { host: '', instance: '', port: '' };
      return { ...server, database: s.database, user: s.user, integrated: s.integrated, encrypt: s.encrypt, trustServerCertificate: s.trustServerCertificate };
    }
    const p = readPostgres(text);
    return {
      host: p.host, instance: '', port: p.port ?? '', database: p.database, user: p.user, integrated: false,
      encrypt: /^(require|verify-ca|verify-full)$/i.test(p.sslMode), trustServerCertificate: p.trustServerCertificate,
    };
  } catch {
    return kind === 'sqlserver' ? { ...EMPTY, encrypt: true } : EMPTY;
  }
}

const orUndefined = (v: string) => (v.trim() ? v.trim() : undefined);

/**
 * The string with the builder's fields written into it; segments the builder does not own are kept.
 * With `only`, just those fields' segments are touched (so an edit adds no key the admin did not set).
 */
export function writeFields(kind: DatabaseKind, text: string, f: DbFields, only?: (keyof DbFields)[]): string {
  const want = (...keys: (keyof DbFields)[]) => !only || keys.some((k) => only.includes(k));
  let t = text;
  if (kind === 'sqlserver') {
    const k = SQLSERVER_KEYS;
    const server = f.host.trim() ? `${f.host.trim()}${f.instance.trim() ? `\\${f.instance.trim()}` : ''}${f.port.trim() ? `,${f.port.trim()}` : ''}` : undefined;
    if (want('host', 'instance', 'port')) t = setKey(t, k.server, 'Server', server);
    if (want('database')) t = setKey(t, k.database, 'Database', orUndefined(f.database));
    if (want('integrated')) t = setKey(t, k.integrated, 'Integrated Security', f.integrated ? 'True' : undefined);
    if (want('user', 'integrated')) t = setKey(t, k.user, 'User ID', f.integrated ? undefined : orUndefined(f.user));
    if (want('encrypt')) t = setKey(t, k.encrypt, 'Encrypt', f.encrypt ? 'True' : 'False');
    if (want('trustServerCertificate')) t = setKey(t, k.trust, 'TrustServerCertificate', f.trustServerCertificate ? 'True' : undefined);
    return t;
  }
  const k = POSTGRES_KEYS;
  // Inedo's own form (Server, Port, Database, User Id): Inedo supports no other option, so none is added.
  if (want('host')) t = setKey(t, k.host, 'Server', orUndefined(f.host));
  if (want('port')) t = setKey(t, k.port, 'Port', orUndefined(f.port));
  if (want('database')) t = setKey(t, k.database, 'Database', orUndefined(f.database));
  if (want('user')) t = setKey(t, k.user, 'User Id', orUndefined(f.user));
  return t;
}

/** The same server and database in the other kind's spelling (when the admin switches kind). */
export function convertKind(from: DatabaseKind, to: DatabaseKind, text: string): string {
  if (from === to || !text.trim()) return text;
  const f = readFields(from, text);
  // TLS settings mean different things to the two drivers: the admin sets them again for the new kind.
  return writeFields(to, '', { ...f, instance: '', integrated: false, encrypt: to === 'sqlserver', trustServerCertificate: false, port: f.port === DEFAULT_PORT[from] ? '' : f.port });
}

export function isIntegrated(text: string): boolean {
  return readFields('sqlserver', text).integrated;
}

/** What stops the string from being used: the engine's own findings (parseConnectionString), as sentences. */
export function connectionStringProblems(kind: DatabaseKind, text: string): string[] {
  if (!text.trim()) return ['Enter the server and database, or paste a connection string.'];
  try {
    tokenize(text, 'tedious');
  } catch (e) {
    return [`It cannot be read: ${reason(e)}.`];
  }
  const r = parseConnectionString(kind, text);
  return r.ok ? [] : r.problems.map((p) => `It ${p}.`);
}

export type RequiredField = 'host' | 'database' | 'user';

export interface FormProblems {
  /** Each required field left empty, with what to enter there. */
  fields: Partial<Record<RequiredField, string>>;
  /** What else stops the string (the engine's findings), for the connection string box. */
  string: string[];
}

/**
 * The Database form's problems, each where the admin fixes it: an empty server, database or login at
 * its own field, anything else at the connection string box. A string the grammar cannot read yet has
 * only its own problem (its fields cannot be told).
 */
export function formProblems(kind: DatabaseKind, text: string): FormProblems {
  try {
    tokenize(text, 'tedious');
  } catch (e) {
    return { fields: {}, string: [`It cannot be read: ${reason(e)}.`] };
  }
  const f = readFields(kind, text);
  const fields: FormProblems['fields'] = {};
  if (!f.host.trim()) fields.host = kind === 'sqlserver' ? 'Enter the SQL Server’s name or address' : 'Enter the PostgreSQL server’s name or address';
  if (!f.database.trim()) fields.database = 'Enter the name of the database';
  if (!f.user.trim() && !(kind === 'sqlserver' && f.integrated)) fields.user = kind === 'sqlserver' ? 'Enter the SQL Server login' : 'Enter the user name';
  const r = parseConnectionString(kind, text);
  return { fields, string: r.ok ? [] : r.problems.filter((p) => !MISSING_FIELD_PROBLEM.test(p)).map((p) => `It ${p}.`) };
}
