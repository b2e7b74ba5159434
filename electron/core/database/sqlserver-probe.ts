/**
 * Looks at the product's SQL Server from this computer: the fixed statements of SQLSERVER_QUERIES,
 * all on one connection, then close. Expected failures (unreachable, wrong
 * password, missing database, untrusted certificate) come back as data, never as exceptions, and
 * no message carries the password.
 */
import net from 'node:net';
import sql from 'mssql';
import type { DatabaseEndpoint } from '../../shared/connection-string/connection-strings';
import { SQLSERVER_QUERIES as Q } from './sqlserver-queries';
import { noDelayConnector } from './tds-socket';
import { connectFailureMessage, errorCodes, networkErrorKind, scrub, type ProbeErrorKind } from './probe-errors';
import { describeNetworkError } from '../../shared/network-failure';

export type { ProbeErrorKind };

export interface SqlServerProbeError {
  kind: ProbeErrorKind;
  /** SQL Server error numbers seen during login (4060 cannot open database, 18456 login failed). */
  numbers: number[];
  message: string;
}

export interface SqlServerDatabaseInfo {
  name: string;
  collation: string | null;
  recoveryModel: string | null;
  state: string | null;
}

export interface SqlServerProbeResult {
  kind: 'sqlserver';
  /** Logged in to the database the connection string names. */
  connected: boolean;
  error?: SqlServerProbeError;
  /**
   * Where the server facts were read: the named database, or `master` when the login works but may
   * not open that database (4060), or nowhere.
   */
  factsFrom: 'database' | 'master' | null;
  /** The TCP port actually used (a named instance's port comes from SQL Browser), when connected. */
  port: number | null;
  serverVersion: string | null;
  edition: string | null;
  isClustered: boolean | null;
  isHadrEnabled: boolean | null;
  serverCollation: string | null;
  database: SqlServerDatabaseInfo | null;
  /** true/false when known (from sys.databases), null when nothing could be read. */
  databaseExists: boolean | null;
  availabilityGroup: string | null;
  mirroringState: string | null;
  isDbOwner: boolean | null;
  isSysadmin: boolean | null;
  login: string | null;
}

export interface SqlServerProbeInput {
  endpoint: DatabaseEndpoint;
  password?: string;
  connectTimeoutMs: number;
  /** Whether the connection string gives the port (host\instance,port): then SQL Browser is not asked. */
  portGiven?: boolean;
}

const EMPTY: Omit<SqlServerProbeResult, 'connected' | 'factsFrom'> = {
  kind: 'sqlserver', port: null, serverVersion: null, edition: null, isClustered: null, isHadrEnabled: null, serverCollation: null,
  database: null, databaseExists: null, availabilityGroup: null, mirroringState: null, isDbOwner: null, isSysadmin: null, login: null,
};

function classify(err: unknown, numbers: number[]): ProbeErrorKind {
  if (numbers.includes(4060)) return 'database-missing';
  if (numbers.includes(18456) || numbers.includes(18452)) return 'login';
  const codes = errorCodes(err);
  const byNetwork = networkErrorKind(codes, err instanceof Error ? err.message : String(err));
  if (byNetwork) return byNetwork;
  return codes.includes('ELOGIN') ? 'login' : 'other';
}

export function config(input: SqlServerProbeInput, database: string, numbers: number[], onSocket: (port: number | null) => void): sql.config {
  const { endpoint } = input;
  const useInstance = !!endpoint.instance && !input.portGiven;
  return {
    server: endpoint.host,
    ...(useInstance ? {} : { port: endpoint.port }),
    database,
    user: endpoint.user ?? '',
    password: input.password ?? '',
    connectionTimeout: input.connectTimeoutMs,
    requestTimeout: Math.max(input.connectTimeoutMs, 2000),
    // max 1: every statement shares one connection (mssql's connect() logs in once before, to test
    // the settings, and closes that one); checked by socket state rather than an extra SELECT 1.
    pool: { min: 0, max: 1 },
    validateConnection: 'socket',
    options: {
      // 'strict' is TDS 8.0 (TLS first); never probed as plain Encrypt=true, which a server without it passes.
      encrypt: endpoint.strictEncryption ? 'strict' : endpoint.encrypt,
      trustServerCertificate: endpoint.trustServerCertificate,
      ...tlsServerName(endpoint),
      ...(useInstance ? { instanceName: endpoint.instance } : {}),
      appName: 'HA Wizard',
      connector: noDelayConnector(),
    },
    beforeConnect: (conn) => {
      conn.on('errorMessage', (m) => numbers.push(m.number));
      conn.on('connect', () => onSocket(conn.socket?.remotePort ?? null));
    },
  };
}

/**
 * The TLS server name for a server given by IP address. Tedious passes the address itself as the TLS
 * `servername`, which Node warns about on every run (DEP0123: SNI never carries an IP) and an admin sees
 * in the CLI. When the certificate is trusted without validation, that name checks nothing and SQL
 * Server ignores SNI, so a reserved name that can never resolve is given instead. When the certificate
 * is validated, the address stays: Node checks it against the certificate's IP entries.
 */
export const UNVALIDATED_TLS_NAME = 'sql-server-by-ip.invalid';
function tlsServerName(endpoint: DatabaseEndpoint): { serverName?: string } {
  return endpoint.trustServerCertificate && net.isIP(endpoint.host) ? { serverName: UNVALIDATED_TLS_NAME } : {};
}

type Row = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
const flag = (v: unknown) => (v === null || v === undefined ? null : Number(v) === 1);

/** Runs the statements on the open pool (one connection) and fills in the result. */
async function readFacts(pool: sql.ConnectionPool, dbName: string, inTarget: boolean, out: SqlServerProbeResult): Promise<void> {
  const byDb = async (text: string) => (await pool.request().input('db', sql.NVarChar, dbName).query<Row>(text)).recordset[0];
  const info = (await pool.request().query<Row>(Q.serverInfo)).recordset[0];
  out.serverVersion = str(info?.productVersion);
  out.edition = str(info?.edition);
  out.isClustered = flag(info?.isClustered);
  out.isHadrEnabled = flag(info?.isHadrEnabled);
  out.serverCollation = str(info?.serverCollation);
  const db = await byDb(Q.database);
  out.database = db ? { name: str(db.name) ?? dbName, collation: str(db.collationName), recoveryModel: str(db.recoveryModel), state: str(db.state) } : null;
  out.databaseExists = !!db || inTarget;
  out.availabilityGroup = str((await byDb(Q.availabilityGroup))?.groupName);
  out.mirroringState = str((await byDb(Q.mirroring))?.mirroringState);
  // The rights asked about are those in the current database: meaningless from master.
  if (!inTarget) return;
  const perms = (await pool.request().query<Row>(Q.permissions)).recordset[0];
  out.isDbOwner = flag(perms?.isDbOwner);
  out.isSysadmin = flag(perms?.isSysadmin);
  out.login = str(perms?.loginName);
}

/** One login to `database` and the statements; every failure becomes { error }. */
async function session(input: SqlServerProbeInput, database: string, inTarget: boolean): Promise<SqlServerProbeResult> {
  const numbers: number[] = [];
  const out: SqlServerProbeResult = { ...EMPTY, connected: false, factsFrom: null };
  const pool = new sql.ConnectionPool(config(input, database, numbers, (p) => (out.port = p)));
  pool.on('error', () => undefined);
  try {
    await pool.connect();
    out.connected = true;
    out.factsFrom = 'database';
    await readFacts(pool, input.endpoint.database, inTarget, out);
  } catch (err) {
    const message = scrub(err instanceof Error ? err.message : String(err), input.password);
    if (out.connected) {
      // Logged in, but a statement failed (typically timed out): half-read facts would mislead.
      out.factsFrom = null;
      const kind = networkErrorKind(errorCodes(err), message) === 'timeout' ? 'timeout' : 'other';
      out.error = { kind, numbers: [...numbers], message: `logged in, but reading the server's facts failed: ${message}` };
    } else {
      const kind = classify(err, numbers);
      out.error = { kind, numbers: [...numbers], message: kind === 'unreachable' ? connectFailureMessage(err, message) : message };
      // A server without TDS 8.0 drops the TLS hello it cannot read: say so, not "unreachable".
      if (input.endpoint.strictEncryption && out.error.kind !== 'timeout' && !numbers.length && !errorCodes(err).includes('ECONNREFUSED')) {
        out.error = { kind: 'tls', numbers: [], message: `the server did not complete a TDS 8.0 (Encrypt=Strict) TLS handshake, so it does not offer strict encryption (SQL Server 2022 or later does): ${message}` };
      }
    }
  } finally {
    await pool.close().catch(() => undefined);
  }
  return out;
}

/** With Integrated Security only reachability can be seen from here. */
async function tcpReachable(host: string, port: number, timeoutMs: number): Promise<{ ok: true } | { ok: false; kind: ProbeErrorKind; message: string }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (r: { ok: true } | { ok: false; kind: ProbeErrorKind; message: string }) => {
      socket.destroy();
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false, kind: 'timeout', message: `no answer from ${host}:${port} within ${timeoutMs} ms` }), timeoutMs);
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (e: NodeJS.ErrnoException) => done({ ok: false, kind: 'unreachable', message: describeNetworkError(e.code, e.message) ?? e.message }));
  });
}

export async function probeSqlServer(input: SqlServerProbeInput): Promise<SqlServerProbeResult> {
  const { endpoint } = input;
  if (endpoint.integratedSecurity) {
    const integrated = {
      ...EMPTY, connected: false, factsFrom: null,
      error: { kind: 'integrated' as const, numbers: [], message: 'the connection string uses Integrated Security: the product logs in as its service account, which this computer cannot do, so only reachability was tested' },
    };
    if (endpoint.instance && !input.portGiven) return integrated;
    const tcp = await tcpReachable(endpoint.host, endpoint.port, input.connectTimeoutMs);
    return tcp.ok ? { ...integrated, port: endpoint.port } : { ...EMPTY, connected: false, factsFrom: null, error: { kind: tcp.kind, numbers: [], message: tcp.message } };
  }
  const first = await session(input, endpoint.database, true);
  if (first.error?.kind !== 'database-missing') return first;
  // The server accepted the login but not the database: read the server's facts from master,
  // which every login may open, to tell "does not exist" from "may not open it".
  const fromMaster = await session(input, 'master', false);
  if (!fromMaster.connected || fromMaster.error) return first;
  return { ...fromMaster, connected: false, factsFrom: 'master', error: first.error };
}
