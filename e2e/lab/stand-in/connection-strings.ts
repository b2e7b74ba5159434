/**
 * Connection strings as the product reads them. Deliberately separate from the engine's parser
 * (electron/shared/connection-string/connection-strings.ts): the stand-in plays the product, and sharing the
 * engine's parser would let a parser bug pass unseen in the lab.
 */
import { AdoNetSyntaxError, adoNetPairs, lastOf } from './adonet-parser';

/** What the stand-in needs to reach PostgreSQL (a subset of pg's ClientConfig). */
export interface PostgresTarget {
  host: string;
  port: number;
  database: string | undefined;
  user: string | undefined;
  password: string | undefined;
  ssl: false | { rejectUnauthorized: boolean };
}

/** What the stand-in needs to reach SQL Server (mapped onto mssql's config by sqlserver-database.ts). */
export interface SqlServerTarget {
  server: string;
  port: number | undefined;
  instanceName: string | undefined;
  database: string | undefined;
  user: string | undefined;
  password: string | undefined;
  encrypt: boolean;
  trustServerCertificate: boolean;
}

/** A connection string the stand-in cannot use; its message never contains the password. */
export class ConnectionStringError extends Error {
  override name = 'ConnectionStringError';
}

type Pairs = Array<[string, string]>;

/** The last value given under any of the synonyms; empty counts as not given. */
function firstOf(pairs: Pairs, ...keys: string[]): string | undefined {
  return lastOf(pairs, ...keys) || undefined;
}

function pairsOf(text: string, what: string): Pairs {
  try {
    return adoNetPairs(text);
  } catch (err) {
    if (err instanceof AdoNetSyntaxError) throw new ConnectionStringError(`the ${what} connection string cannot be read (${err.message})`);
    throw err;
  }
}

/** SqlClient's reading of a boolean keyword (true/yes, false/no; tedious also takes 1/0). */
function booleanOf(value: string | undefined): boolean {
  return value !== undefined && /^(true|yes|1|sspi)$/i.test(value.trim());
}

function parsePort(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text.trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConnectionStringError(`${what} port "${text}" is not a port number`);
  return port;
}

/**
 * Npgsql form, `Host=db01;Port=5432;Database=proget;Username=proget;Password=...`, read with Npgsql's
 * rules (adonet-parser.ts): keys case-insensitive, synonyms as Npgsql has them (Password = PSW = PWD).
 */
export function parsePostgresConnectionString(text: string): PostgresTarget {
  const map = pairsOf(text, 'PostgreSQL');
  const host = firstOf(map, 'host', 'server');
  if (!host) throw new ConnectionStringError('the PostgreSQL connection string has no Host');
  const sslMode = firstOf(map, 'ssl mode', 'sslmode')?.toLowerCase().replace(/[\s-]/g, '');
  const trust = /^(true|yes|1)$/i.test(firstOf(map, 'trust server certificate') ?? '');
  const ssl = sslMode === 'require' || sslMode === 'verifyca' || sslMode === 'verifyfull'
    ? { rejectUnauthorized: sslMode !== 'require' && !trust }
    : false;
  return {
    host,
    port: parsePort(firstOf(map, 'port'), 'PostgreSQL') ?? 5432,
    database: firstOf(map, 'database', 'db'),
    user: firstOf(map, 'username', 'user id', 'userid', 'user name', 'uid', 'user'),
    password: firstOf(map, 'password', 'psw', 'pwd'),
    ssl,
  };
}

/** Microsoft.Data.SqlClient's Encrypt values; its default (since 4.0) is Mandatory. */
function parseEncrypt(value: string | undefined): boolean {
  if (value === undefined) return true;
  return !/^(false|no|0|optional)$/i.test(value.trim());
}

/**
 * ADO.NET SQL Server form, read with SqlClient's rules (adonet-parser.ts): `Server=host,port` or
 * `Data Source=tcp:host\instance`, Database/Initial Catalog, User ID, Password (= Pwd), Encrypt,
 * TrustServerCertificate, each with SqlClient's synonyms.
 */
export function parseSqlServerConnectionString(text: string): SqlServerTarget {
  const map = pairsOf(text, 'SQL Server');
  let dataSource = lastOf(map, 'data source', 'server', 'address', 'addr', 'network address')?.trim();
  if (!dataSource) throw new ConnectionStringError('the SQL Server connection string has no Server / Data Source');
  dataSource = dataSource.replace(/^tcp:/i, '');
  if (/^(np|lpc|admin):/i.test(dataSource)) throw new ConnectionStringError('only TCP connections to SQL Server are supported');
  const [hostAndInstance = '', portText] = dataSource.split(',');
  const [hostPart = '', instanceName] = hostAndInstance.split('\\');
  const host = hostPart.trim();
  const user = lastOf(map, 'user id', 'uid', 'user') || undefined;
  if (booleanOf(lastOf(map, 'integrated security', 'trusted_connection')) && !user) {
    throw new ConnectionStringError('integrated security is not available on this node: give User ID and Password');
  }
  return {
    server: host === '.' || host.toLowerCase() === '(local)' ? 'localhost' : host,
    port: parsePort(portText, 'SQL Server'),
    instanceName: instanceName?.trim() || undefined,
    database: lastOf(map, 'initial catalog', 'database') || undefined,
    user,
    password: lastOf(map, 'password', 'pwd') || undefined,
    encrypt: parseEncrypt(lastOf(map, 'encrypt')),
    trustServerCertificate: booleanOf(lastOf(map, 'trustservercertificate', 'trust server certificate')),
  };
}

/** The connection string with every password value replaced by ***, for logs. */
export function maskConnectionString(text: string): string {
  return text.replace(/((?:^|;)\s*(?:password|pwd|psw)\s*=\s*)("(?:[^"]|"")*"|'(?:[^']|'')*'|[^;]*)/gi, '$1***');
}

/** Removes a secret from a driver's message, in case the driver ever echoes it. */
export function scrubSecret(message: string, secret: string | undefined): string {
  if (!secret || secret.length < 3) return message;
  return message.split(secret).join('***');
}
