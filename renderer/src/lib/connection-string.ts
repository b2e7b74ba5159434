/**
 * The Database page's builder over a connection string, both ways. It edits segments in place with
 * the engine's own text grammar (connection-string-text.ts), so every other segment stays as typed.
 * The engine's parser (connection-strings.ts) cannot load in the sandboxed renderer (its library
 * requires node:util), so the few keys the builder owns are read here; the engine's
 * `database.connection-string` check stays the judge.
 */
import { quoteValue, splitSegments, type Segment } from '../../../electron/shared/connection-string/connection-string-text';
import type { DatabaseKind } from '../../../electron/shared/kinds';

export interface DbFields {
  host: string;
  /** SQL Server named instance. */
  instance: string;
  port: string;
  database: string;
  user: string;
  integrated: boolean;
  encrypt: boolean;
  trustServerCertificate: boolean;
}

const KEYS = {
  sqlserver: { server: ['server', 'data source', 'address', 'addr', 'network address'], database: ['database', 'initial catalog'], user: ['user id', 'uid', 'user'], integrated: ['integrated security', 'trusted_connection'], encrypt: ['encrypt'], trust: ['trustservercertificate', 'trust server certificate'] },
  postgres: { host: ['host', 'server'], port: ['port'], database: ['database', 'db'], user: ['username', 'user id', 'userid', 'user'], ssl: ['ssl mode', 'sslmode'], trust: ['trust server certificate'] },
} as const;
// Npgsql also takes PSW; the profile refuses all three, so all three are lifted out.
const PASSWORD = ['password', 'pwd', 'psw'];
export const DEFAULT_PORT: Record<DatabaseKind, string> = { sqlserver: '1433', postgres: '5432' };

/** The position of the `=` that ends a segment's key (`==` is a literal `=` inside a key). */
function keyEnd(raw: string): number {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '=' && raw[i + 1] === '=') i++;
    else if (raw[i] === '=') return i;
  }
  return -1;
}

function valueOf(s: Segment): string {
  const i = keyEnd(s.raw);
  const v = i < 0 ? '' : s.raw.slice(i + 1).trim();
  const q = v[0];
  if ((q === '"' || q === "'") && v.endsWith(q) && v.length > 1) return v.slice(1, -1).split(q + q).join(q);
  return v;
}

function segments(text: string): Segment[] | null {
  try {
    return splitSegments(text);
  } catch {
    return null;
  }
}

function get(segs: Segment[], keys: readonly string[]): string | undefined {
  const s = segs.find((x) => keys.includes(x.key));
  return s ? valueOf(s) : undefined;
}

const truthy = (v: string | undefined) => /^(true|yes|sspi|1|mandatory|strict|require)$/i.test(v?.trim() ?? '');

/** Sets (or, with undefined, removes) a key where it stands, keeping the key's spelling as typed. */
export function setKey(text: string, keys: readonly string[], name: string, value: string | undefined): string {
  const segs = segments(text);
  if (!segs) return text;
  const out: string[] = [];
  let placed = false;
  for (const s of segs) {
    if (!keys.includes(s.key)) out.push(s.raw);
    else if (!placed && value !== undefined) {
      out.push(`${s.raw.slice(0, keyEnd(s.raw)).trim()}=${quoteValue(value)}`);
      placed = true;
    }
  }
  if (!placed && value !== undefined) out.push(`${name}=${quoteValue(value)}`);
  return out.join(';');
}

export function readFields(kind: DatabaseKind, text: string): DbFields {
  const segs = segments(text) ?? [];
  if (kind === 'sqlserver') {
    const k = KEYS.sqlserver;
    const m = /^(?:tcp:)?([^\\,]*)(?:\\([^,]*))?(?:,(\d*))?$/i.exec(get(segs, k.server)?.trim() ?? '');
    const encrypt = get(segs, k.encrypt);
    return {
      host: m?.[1] ?? '', instance: m?.[2] ?? '', port: m?.[3] ?? '', database: get(segs, k.database) ?? '', user: get(segs, k.user) ?? '',
      integrated: truthy(get(segs, k.integrated)), encrypt: encrypt === undefined ? true : truthy(encrypt), trustServerCertificate: truthy(get(segs, k.trust)),
    };
  }
  const k = KEYS.postgres;
  return {
    host: get(segs, k.host) ?? '', instance: '', port: get(segs, k.port) ?? '', database: get(segs, k.database) ?? '', user: get(segs, k.user) ?? '',
    integrated: false, encrypt: /^(require|verify-ca|verify-full)$/i.test(get(segs, k.ssl) ?? ''), trustServerCertificate: truthy(get(segs, k.trust)),
  };
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
    const k = KEYS.sqlserver;
    const server = f.host.trim() ? `${f.host.trim()}${f.instance.trim() ? `\\${f.instance.trim()}` : ''}${f.port.trim() ? `,${f.port.trim()}` : ''}` : undefined;
    if (want('host', 'instance', 'port')) t = setKey(t, k.server, 'Server', server);
    if (want('database')) t = setKey(t, k.database, 'Database', orUndefined(f.database));
    if (want('integrated')) t = setKey(t, k.integrated, 'Integrated Security', f.integrated ? 'True' : undefined);
    if (want('user', 'integrated')) t = setKey(t, k.user, 'User ID', f.integrated ? undefined : orUndefined(f.user));
    if (want('encrypt')) t = setKey(t, k.encrypt, 'Encrypt', f.encrypt ? 'True' : 'False');
    if (want('trustServerCertificate')) t = setKey(t, k.trust, 'TrustServerCertificate', f.trustServerCertificate ? 'True' : undefined);
    return t;
  }
  const k = KEYS.postgres;
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
  return truthy(get(segments(text) ?? [], KEYS.sqlserver.integrated));
}

/** A password typed into the string is lifted out: the profile keeps it as a separate secret. */
export function liftPassword(text: string): { text: string; password: string | null } {
  const segs = segments(text);
  const password = segs ? get(segs, PASSWORD) : undefined;
  return password === undefined ? { text, password: null } : { text: setKey(text, PASSWORD, 'Password', undefined), password };
}

/** What stops the string from being used, in the engine's words where it has them. */
export function connectionStringProblems(kind: DatabaseKind, text: string): string[] {
  if (!text.trim()) return ['Enter the server and database, or paste a connection string.'];
  if (!segments(text)) return ['A quoted value is not closed.'];
  if (kind === 'postgres' && /^postgres(ql)?:\/\//i.test(text.trim())) return ['Use the Server=...;Database=...;User Id=... form the product reads, not a URL.'];
  const f = readFields(kind, text);
  const problems: string[] = [];
  if (!f.host.trim()) problems.push('It names no server (Server=).');
  if (!f.database.trim()) problems.push('It names no database (Database=).');
  if (!f.integrated && !f.user.trim()) problems.push(kind === 'sqlserver' ? 'It names no login (User ID=) and does not use Integrated Security.' : 'It names no login (User Id=).');
  if (f.port.trim() && !/^\d{1,5}$/.test(f.port.trim())) problems.push('The port is not a number.');
  return problems;
}
