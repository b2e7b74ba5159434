/**
 * Connection strings as the products read them: ADO.NET for SQL Server (parsed by
 * @tediousjs/connection-string with its MSSQL schema) and Npgsql's `Host=...;Database=...` form for
 * PostgreSQL (the same key=value grammar). The password never lives in the profile's string; it is
 * added only when a node's configuration is written, and masked in anything shown.
 */
import { MSSQL_SCHEMA, parse } from '@tediousjs/connection-string';
import type { DatabaseKind } from '../kinds';
import { setSegment } from './connection-string-text';
import { passwordSpans, valueOf } from './connection-string-tokens';

export interface DatabaseEndpoint {
  kind: DatabaseKind;
  host: string;
  port: number;
  /** SQL Server named instance (host\\instance), resolved through SQL Browser (UDP 1434). */
  instance?: string;
  database: string;
  user?: string;
  integratedSecurity: boolean;
  encrypt: boolean;
  /** Encrypt=Strict (TDS 8.0): TLS before PRELOGIN, the certificate always validated. */
  strictEncryption?: boolean;
  trustServerCertificate: boolean;
}

export type ParseResult = { ok: true; endpoint: DatabaseEndpoint } | { ok: false; problems: string[] };

/** Every spelling the drivers take for the login password: SqlClient Password/Pwd, Npgsql also PSW. */
const PASSWORD_KEYS = ['password', 'pwd', 'psw'];

function entries(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of parse(text)) out.set(k.trim().toLowerCase(), v);
  return out;
}

function truthy(v: string | undefined): boolean {
  return /^(true|yes|sspi|1|mandatory|strict|require)$/i.test(v?.trim() ?? '');
}

export function parseSqlServer(text: string): ParseResult {
  let s: Record<string, unknown>;
  try {
    s = parse(text).toSchema(MSSQL_SCHEMA) as Record<string, unknown>;
  } catch (e) {
    return { ok: false, problems: [`not a SQL Server connection string: ${(e as Error).message}`] };
  }
  const problems: string[] = [];
  const source = String(s['data source'] ?? '').trim();
  if (!source) problems.push('names no server (Server= or Data Source=)');
  const database = String(s['initial catalog'] ?? '').trim();
  if (!database) problems.push('names no database (Database= or Initial Catalog=)');
  const integrated = truthy(String(s['integrated security'] ?? ''));
  const user = String(s['user id'] ?? '').trim() || undefined;
  if (!integrated && !user) problems.push('names no login (User ID=) and does not use Integrated Security');
  // tcp:host\instance,port — prefix, instance and port are all optional.
  const m = /^(?:tcp:)?([^\\,]+?)(?:\\([^,]+))?(?:,(\d+))?$/i.exec(source);
  if (source && !m) problems.push(`cannot read the server "${source}"`);
  const host = m?.[1] === '.' || m?.[1]?.toLowerCase() === '(local)' ? 'localhost' : (m?.[1] ?? '');
  if (/^np:|^lpc:/i.test(source)) problems.push('named pipes and shared memory do not reach other servers: use TCP');
  if (problems.length) return { ok: false, problems };
  // The schema reads Strict as plain true; the raw value tells TDS 8.0 apart.
  const rawEncrypt = [...parse(text)].find(([k]) => k.trim().toLowerCase() === 'encrypt')?.[1];
  return {
    ok: true,
    endpoint: {
      ...(/^\s*strict\s*$/i.test(rawEncrypt ?? '') ? { strictEncryption: true } : {}),
      kind: 'sqlserver', host, port: m?.[3] ? Number(m[3]) : 1433, ...(m?.[2] ? { instance: m[2] } : {}),
      database, ...(user ? { user } : {}), integratedSecurity: integrated,
      encrypt: s.encrypt === undefined ? true : truthy(String(s.encrypt)),
      trustServerCertificate: truthy(String(s.trustservercertificate ?? s['trust server certificate'] ?? '')),
    },
  };
}

export function parsePostgres(text: string): ParseResult {
  let e: Map<string, string>;
  try {
    e = entries(text);
  } catch (err) {
    return { ok: false, problems: [`not a PostgreSQL connection string: ${(err as Error).message}`] };
  }
  const get = (...keys: string[]) => keys.map((k) => e.get(k)).find((v) => v !== undefined)?.trim();
  const problems: string[] = [];
  if (/^postgres(ql)?:\/\//i.test(text.trim())) problems.push('use the Host=...;Database=...;Username=... form the product reads, not a URL');
  const host = get('host', 'server');
  if (!host) problems.push('names no server (Host=)');
  const database = get('database', 'db');
  if (!database) problems.push('names no database (Database=)');
  const user = get('username', 'user id', 'userid', 'user');
  if (!user) problems.push('names no login (Username=)');
  const port = Number(get('port') ?? 5432);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push('has a port that is not a number from 1 to 65535');
  if (problems.length) return { ok: false, problems };
  const ssl = get('ssl mode', 'sslmode') ?? '';
  return {
    ok: true,
    endpoint: {
      kind: 'postgres', host: host!, port, database: database!, user: user!, integratedSecurity: false,
      encrypt: /^(require|verify-ca|verify-full)$/i.test(ssl),
      trustServerCertificate: truthy(get('trust server certificate')),
    },
  };
}

export function parseConnectionString(kind: DatabaseKind, text: string): ParseResult {
  return kind === 'sqlserver' ? parseSqlServer(text) : parsePostgres(text);
}

/** The string with the password set (what a node's configuration gets); every other segment kept as written. */
export function withPassword(text: string, password: string | undefined): string {
  return setSegment(text, PASSWORD_KEYS, 'Password', password);
}

/**
 * The string as it may be shown: every password-like value (as either grammar reads it) replaced in
 * place, every other byte kept. Unparseable input that may hold one is masked from there on.
 */
export function maskConnectionString(text: string): string {
  const spans = passwordSpans(text);
  let out = '';
  let pos = 0;
  for (const [start, end] of spans) {
    out += `${text.slice(pos, start)}********`;
    pos = end;
  }
  return out + text.slice(pos);
}

/** The password a full connection string carries, as SqlClient and Npgsql read it (to compare nodes). */
export function passwordOf(text: string): string | undefined {
  try {
    return valueOf(text, 'adonet', PASSWORD_KEYS);
  } catch {
    return undefined;
  }
}
