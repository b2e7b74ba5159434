/**
 * Looks at the product's PostgreSQL (InedoDB or external) from this computer: one connection to the
 * named database, a few read-only catalog queries, then close. Expected failures come back as data,
 * never as exceptions, and no message carries the password.
 */
import pg from 'pg';
import { INEDODB_POSTGRES_MAJOR } from '../../shared/products';
import type { DatabaseEndpoint } from '../../shared/connection-string/connection-strings';
import { connectFailureMessage, errorCodes, networkErrorKind, scrub, type ProbeErrorKind } from './probe-errors';

export interface PostgresProbeError {
  kind: ProbeErrorKind;
  /** SQLSTATE from the server (28P01 wrong password, 3D000 no such database), else null. */
  sqlState: string | null;
  message: string;
}

export interface PostgresDatabaseInfo {
  name: string;
  owner: string;
  encoding: string;
  collate: string;
  /** 'icu', 'libc' or 'builtin'; null before PostgreSQL 15 (always libc then). */
  localeProvider: string | null;
  /** The ICU locale (daticulocale on 15-16, datlocale from 17), when the provider is ICU. */
  icuLocale: string | null;
}

export interface PostgresProbeResult {
  kind: 'postgres';
  /** Logged in to the database the connection string names. */
  connected: boolean;
  error?: PostgresProbeError;
  /** Where the server facts were read: the named database, `postgres` when only that opened, or nowhere. */
  factsFrom: 'database' | 'postgres' | null;
  serverVersion: string | null;
  major: number | null;
  /** SELECT version(), e.g. "PostgreSQL 17.2 on x86_64-pc-linux-gnu, ...". */
  versionText: string | null;
  /**
   * Unconfirmed how InedoDB names itself: true when version() mentions Inedo, or the major is 17
   * (InedoDB is PostgreSQL 17), so an external 17 counts too.
   */
  looksLikeInedoDb: boolean | null;
  database: PostgresDatabaseInfo | null;
  databaseExists: boolean | null;
  /** current_user. */
  login: string | null;
  isOwner: boolean | null;
  isSuperuser: boolean | null;
}

export interface PostgresProbeInput {
  endpoint: DatabaseEndpoint;
  password?: string;
  connectTimeoutMs: number;
}

const EMPTY: Omit<PostgresProbeResult, 'connected' | 'factsFrom'> = {
  kind: 'postgres', serverVersion: null, major: null, versionText: null, looksLikeInedoDb: null,
  database: null, databaseExists: null, login: null, isOwner: null, isSuperuser: null,
};

/**
 * Everything in one statement: each round trip costs a turn of an event loop that, at ten nodes, the
 * nodes' SSH traffic keeps busy (issue 10). The locale columns of pg_database differ by version
 * (datlocprovider from 15, daticulocale 15-16, datlocale from 17): read through to_jsonb, a missing one is null.
 */
const SERVER = "current_setting('server_version_num') AS server_version_num, version() AS version";
const Q = {
  facts:
    `SELECT ${SERVER}, d.datname AS name, pg_get_userbyid(d.datdba) AS owner, current_user AS me, ` +
    "pg_encoding_to_char(d.encoding) AS encoding, d.datcollate, to_jsonb(d) ->> 'datlocprovider' AS datlocprovider, " +
    "to_jsonb(d) ->> 'daticulocale' AS daticulocale, to_jsonb(d) ->> 'datlocale' AS datlocale, " +
    '(SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) AS rolsuper ' +
    'FROM pg_catalog.pg_database d WHERE d.datname = current_database()',
  serverAndExists: `SELECT ${SERVER}, EXISTS (SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1) AS exists`,
} as const;

const PROVIDERS: Record<string, string> = { i: 'icu', c: 'libc', b: 'builtin' };

function classify(err: unknown): { kind: ProbeErrorKind; sqlState: string | null } {
  const codes = errorCodes(err);
  const sqlState = codes.find((c) => /^[0-9A-Z]{5}$/.test(c) && /\d/.test(c)) ?? null;
  const message = err instanceof Error ? err.message : String(err);
  if (sqlState === '28P01' || sqlState === '28000') return { kind: 'login', sqlState };
  // 3D000: no such database; 42501: the login lacks CONNECT on it. Either way the server and login work.
  if (sqlState === '3D000' || sqlState === '42501') return { kind: 'database-missing', sqlState };
  if (/timeout/i.test(message)) return { kind: 'timeout', sqlState };
  if (/does not support SSL/i.test(message)) return { kind: 'tls', sqlState };
  return { kind: networkErrorKind(codes, message) ?? 'other', sqlState };
}

async function withClient(input: PostgresProbeInput, database: string, work: (c: pg.Client) => Promise<void>): Promise<PostgresProbeError | null> {
  const { endpoint } = input;
  const client = new pg.Client({
    host: endpoint.host, port: endpoint.port, database, user: endpoint.user, password: input.password ?? '',
    ssl: endpoint.encrypt ? { rejectUnauthorized: !endpoint.trustServerCertificate } : false,
    connectionTimeoutMillis: input.connectTimeoutMs,
    query_timeout: Math.max(input.connectTimeoutMs, 2000),
    application_name: 'HA Wizard',
  });
  // A connection the server drops later must not become an unhandled 'error' event.
  client.on('error', () => undefined);
  let connected = false;
  try {
    await client.connect();
    connected = true;
    await work(client);
    return null;
  } catch (err) {
    const message = scrub(err instanceof Error ? err.message : String(err), input.password);
    // Logged in but a query failed (typically timed out): the caller drops the half-read facts.
    if (connected) return { kind: /timeout/i.test(message) ? 'timeout' : 'other', sqlState: null, message: `logged in, but reading the server's facts failed: ${message}` };
    const c = classify(err);
    return { ...c, message: c.kind === 'unreachable' ? connectFailureMessage(err, message) : message };
  } finally {
    // Not awaited: the answer is known, and the goodbye would cost one more turn of the loop.
    client.end().catch(() => undefined);
  }
}

type Row = Record<string, string | boolean | null>;

function readServer(row: Row | undefined, out: PostgresProbeResult): void {
  const num = Number(row?.server_version_num);
  out.major = Number.isFinite(num) ? Math.floor(num / 10000) : null;
  out.serverVersion = Number.isFinite(num) ? `${Math.floor(num / 10000)}.${num % 10000}` : null;
  out.versionText = typeof row?.version === 'string' ? row.version : null;
  out.looksLikeInedoDb = /inedo/i.test(out.versionText ?? '') || out.major === INEDODB_POSTGRES_MAJOR;
}

function readDatabase(row: Row | undefined, out: PostgresProbeResult): void {
  const text = (v: string | boolean | null | undefined) => (typeof v === 'string' ? v : null);
  if (row) {
    const provider = text(row.datlocprovider);
    out.database = {
      name: text(row.name) ?? '', owner: text(row.owner) ?? '', encoding: text(row.encoding) ?? '', collate: text(row.datcollate) ?? '',
      localeProvider: provider === null ? null : (PROVIDERS[provider] ?? provider),
      icuLocale: text(row.datlocale) ?? text(row.daticulocale),
    };
    out.login = text(row.me);
    out.isOwner = row.owner === row.me;
  }
  out.databaseExists = true;
  out.isSuperuser = typeof row?.rolsuper === 'boolean' ? row.rolsuper : null;
}

export async function probePostgres(input: PostgresProbeInput): Promise<PostgresProbeResult> {
  const out: PostgresProbeResult = { ...EMPTY, connected: false, factsFrom: null };
  const error = await withClient(input, input.endpoint.database, async (c) => {
    out.connected = true;
    out.factsFrom = 'database';
    const row = (await c.query<Row>(Q.facts)).rows[0];
    readServer(row, out);
    readDatabase(row, out);
  });
  if (error) out.error = error;
  if (error && out.connected) out.factsFrom = null;
  if (error?.kind !== 'database-missing' || input.endpoint.database === 'postgres') return out;
  // The login works but the database did not open: read the server's facts from `postgres`,
  // to tell "does not exist" from "may not connect to it". Failing that, keep what we have.
  const fallback: PostgresProbeResult = { ...EMPTY, connected: false, factsFrom: 'postgres' };
  const second = await withClient(input, 'postgres', async (c) => {
    const row = (await c.query<Row>(Q.serverAndExists, [input.endpoint.database])).rows[0];
    readServer(row, fallback);
    fallback.databaseExists = row?.exists === true;
  });
  return second ? out : { ...fallback, error };
}
