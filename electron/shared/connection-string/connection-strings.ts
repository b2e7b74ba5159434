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

/** The problems above that say a required field is missing; a form shows those at each field instead. */
export const MISSING_FIELD_PROBLEM = /^names no (server|database|login)\b/;

export type ParseResult = { ok: true; endpoint: DatabaseEndpoint } | { ok: false; problems: string[] };

function entries(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of parse(text)) out.set(k.trim().toLowerCase(), v);
  return out;
}

/** A thrown value as words (the parsers throw Errors; anything else is said as it is). */
export const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function truthy(v: string | undefined): boolean {
  return /^(true|yes|sspi|1|mandatory|strict|require)$/i.test(v?.trim() ?? '');
}

const schemaKeys = (name: string): string[] => [name, ...(MSSQL_SCHEMA[name]?.aliases ?? [])];
/**
 * The keys (lower case, synonyms in the order the readers look them up) of each field the wizard reads.
 * SQL Server's come from tedious's schema; TrustServerCertificate also has SqlClient's spaced synonym.
 */
export const SQLSERVER_KEYS = {
  server: schemaKeys('data source'), database: schemaKeys('initial catalog'), user: schemaKeys('user id'),
  integrated: schemaKeys('integrated security'), encrypt: schemaKeys('encrypt'), trust: ['trustservercertificate', 'trust server certificate'],
};
export const POSTGRES_KEYS = {
  host: ['host', 'server'], port: ['port'], database: ['database', 'db'], user: ['username', 'user id', 'userid', 'user'],
  ssl: ['ssl mode', 'sslmode'], trust: ['trust server certificate'],
};
/** Every spelling the drivers take for the login password: SqlClient Password/Pwd, Npgsql also PSW. */
export const PASSWORD_KEYS = ['password', 'pwd', 'psw'];

/** The first of `keys` (in that order) the string sets, as tedious's schema looks synonyms up. */
const first = (e: Map<string, string>, keys: string[]) => keys.map((k) => e.get(k)).find((v) => v !== undefined);

export interface SqlServerSettings {
  /** Data Source as written: [tcp:]host[\\instance][,port]. */
  source: string;
  database: string;
  user: string;
  integrated: boolean;
  /** Encrypt, on unless it says otherwise (Microsoft.Data.SqlClient 4+). */
  encrypt: boolean;
  strict: boolean;
  trustServerCertificate: boolean;
}

/**
 * What a SQL Server string sets, read by @tediousjs/connection-string (throws on a string it cannot
 * read). The engine judges these (parseSqlServer); the Database page's builder shows them: one reading.
 * Yes/no values are read as SqlClient reads them (tedious's coercion takes any other word, even
 * Encrypt=Optional, for true).
 */
export function readSqlServer(text: string): SqlServerSettings {
  // Widened on purpose: the library's type lists every schema key, but a key the string lacks is absent.
  const s: Record<string, unknown> = parse(text).toSchema(MSSQL_SCHEMA);
  const e = entries(text);
  const encrypt = first(e, SQLSERVER_KEYS.encrypt);
  return {
    source: String(s['data source'] ?? '').trim(),
    database: String(s['initial catalog'] ?? '').trim(),
    user: String(s['user id'] ?? '').trim(),
    integrated: truthy(first(e, SQLSERVER_KEYS.integrated)),
    encrypt: encrypt === undefined ? true : truthy(encrypt),
    strict: /^\s*strict\s*$/i.test(encrypt ?? ''),
    trustServerCertificate: truthy(first(e, SQLSERVER_KEYS.trust)),
  };
}

/** Data Source's parts as written, each possibly empty (a string being typed); null when it has another shape. */
export function splitServer(source: string): { host: string; instance: string; port: string } | null {
  const m = /^(?:tcp:)?([^\\,]*)(?:\\([^,]*))?(?:,(\d*))?$/i.exec(source.trim());
  return m ? { host: m[1] ?? '', instance: m[2] ?? '', port: m[3] ?? '' } : null;
}

export function parseSqlServer(text: string): ParseResult {
  let s: SqlServerSettings;
  try {
    s = readSqlServer(text);
  } catch (e) {
    return { ok: false, problems: [`is not a SQL Server connection string: ${reason(e)}`] };
  }
  const problems: string[] = [];
  const { source, database, integrated } = s;
  if (!source) problems.push('names no server (Server= or Data Source=)');
  if (!database) problems.push('names no database (Database= or Initial Catalog=)');
  const user = s.user || undefined;
  if (!integrated && !user) problems.push('names no login (User ID=) and does not use Integrated Security');
  // tcp:host\instance,port — prefix, instance and port are all optional, but not empty when written.
  const m = /^(?:tcp:)?([^\\,]+?)(?:\\([^,]+))?(?:,(\d+))?$/i.exec(source);
  if (source && !m) problems.push(`has a server, "${source}", that is not host, host\\instance or host,port`);
  const host = m?.[1] === '.' || m?.[1]?.toLowerCase() === '(local)' ? 'localhost' : (m?.[1] ?? '');
  if (/^np:|^lpc:/i.test(source)) problems.push('uses named pipes or shared memory, which do not reach other servers: use TCP');
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    endpoint: {
      ...(s.strict ? { strictEncryption: true } : {}),
      kind: 'sqlserver', host, port: m?.[3] ? Number(m[3]) : 1433, ...(m?.[2] ? { instance: m[2] } : {}),
      database, ...(user ? { user } : {}), integratedSecurity: integrated,
      encrypt: s.encrypt,
      trustServerCertificate: s.trustServerCertificate,
    },
  };
}

export interface PostgresSettings {
  host: string;
  /** As written (undefined: the default, 5432). */
  port: string | undefined;
  database: string;
  user: string;
  sslMode: string;
  trustServerCertificate: boolean;
}

/** What an Npgsql string sets, read by the same library (throws on a string it cannot read). */
export function readPostgres(text: string): PostgresSettings {
  const e = entries(text);
  const get = (keys: string[]) => first(e, keys)?.trim();
  return {
    host: get(POSTGRES_KEYS.host) ?? '', port: get(POSTGRES_KEYS.port), database: get(POSTGRES_KEYS.database) ?? '', user: get(POSTGRES_KEYS.user) ?? '',
    sslMode: get(POSTGRES_KEYS.ssl) ?? '', trustServerCertificate: truthy(get(POSTGRES_KEYS.trust)),
  };
}

export function parsePostgres(text: string): ParseResult {
  let s: PostgresSettings;
  try {
    s = readPostgres(text);
  } catch (err) {
    return { ok: false, problems: [`is not a PostgreSQL connection string: ${reason(err)}`] };
  }
  const problems: string[] = [];
  if (/^postgres(ql)?:\/\//i.test(text.trim())) problems.push('is a URL: use the Server=...;Database=...;User Id=... form the product reads');
  if (!s.host) problems.push('names no server (Server= or Host=)');
  if (!s.database) problems.push('names no database (Database=)');
  if (!s.user) problems.push('names no login (User Id= or Username=)');
  const port = Number(s.port ?? 5432);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push('has a port that is not a number from 1 to 65535');
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    endpoint: {
      kind: 'postgres', host: s.host, port, database: s.database, user: s.user, integratedSecurity: false,
      encrypt: /^(require|verify-ca|verify-full)$/i.test(s.sslMode),
      trustServerCertificate: s.trustServerCertificate,
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
