/**
 * # TDS test server
 *
 * A stand-in for SQL Server in the lab, where real SQL Server cannot run. It speaks the real TDS
 * 7.x protocol, so the real drivers talk to it unchanged: mssql/tedious (the engine and the
 * product stand-in) and FreeTDS's tsql (for hand checks).
 *
 * What it does:
 * - PRELOGIN with encryption negotiated as SQL Server does without "force encryption": full TLS
 *   when the client asks (handshake wrapped in PRELOGIN packets, then bare TLS), login-only TLS
 *   when the client says ENCRYPT_OFF, none when the client cannot or the server has no cert.
 * - LOGIN7 against the model's logins and databases, with SQL Server's error numbers (18456,
 *   4060) and its success tokens (ENVCHANGE, INFO 5701/5703, LOGINACK).
 * - SQL_BATCH and RPC sp_executesql requests for a fixed list of statements (statements.ts),
 *   answered from the model (model.ts); ATTENTION; the RESETCONNECTION status bit.
 *
 * What it does not do:
 * - There is no query engine. Only the known statement texts are answered; anything else gets
 *   error 50000 "TDS test server: unknown statement: ..." and a log line.
 * - With `strict`, TDS 8.0 instead: TLS on the raw socket first (ALPN tds/8.0), PRELOGIN inside it
 *   (strict-tls.ts); a client that does not start with TLS fails, as against SQL Server with
 *   "Force Strict Encryption".
 * - No MARS, no SSPI/Kerberos/Entra logins, no transactions (TRANSACTION_MANAGER requests get an
 *   error), no bulk load, no stored procedures but sp_executesql.
 * - Result columns are NVARCHAR and INT only.
 */
import * as net from 'node:net';
import type * as tls from 'node:tls';
import { type TdsModel, tdsModelSchema } from './model';
import { TdsSession } from './session';
import { acceptStrict, createStrictTlsContext } from './strict-tls';
import { createTlsContext } from './tls-channel';

export interface TdsServerOptions {
  host: string;
  /** 0 picks a free port; TdsServer.port tells which. */
  port: number;
  tls?: { key: string | Buffer; cert: string | Buffer };
  model: TdsModel;
  log?: (line: string) => void;
  /** The server name in ERROR/INFO tokens. */
  serverName?: string;
  /** Wait this long before answering each request, to exercise client timeouts and ATTENTION. */
  responseDelayMs?: number;
  /** Wait `delayMs` before answering statements matching `match` only (the login and set-up stay quick). */
  slowStatement?: { match: RegExp; delayMs: number };
  /** TDS 8.0 strict encryption only (needs `tls`): TLS before PRELOGIN, no TDS 7.x clients. */
  strict?: boolean;
}

export interface TdsServer {
  port: number;
  setModel(model: TdsModel): void;
  model(): TdsModel;
  close(): Promise<void>;
  /** Statement texts received, whitespace-collapsed, in arrival order (the latest 10,000). */
  statementsSeen(): string[];
}

/** A lab server runs for hours, pinged all the while: keep only the latest statements. */
const STATEMENTS_KEPT = 10_000;
/** SPIDs of user connections start above the system ones, as on SQL Server. */
const FIRST_SPID = 51;

export async function startTdsServer(options: TdsServerOptions): Promise<TdsServer> {
  let currentModel = tdsModelSchema.parse(options.model);
  const log = options.log ?? (() => {});
  const statements: string[] = [];
  const sessions = new Set<TdsSession>();
  if (options.strict && !options.tls) throw new Error('TDS test server: strict encryption needs a certificate (tls)');
  const strictContext = options.strict && options.tls ? createStrictTlsContext(options.tls.key, options.tls.cert) : undefined;
  // Strict: TLS is already on the socket, so PRELOGIN negotiates none inside it.
  const tlsContext: tls.SecureContext | undefined = options.tls && !strictContext ? createTlsContext(options.tls.key, options.tls.cert) : undefined;
  let nextSpid = FIRST_SPID;

  const host = {
    model: () => currentModel,
    tlsContext,
    serverName: options.serverName ?? 'TDSTEST',
    responseDelayMs: options.responseDelayMs ?? 0,
    ...(options.slowStatement ? { slowStatement: options.slowStatement } : {}),
    log,
    recordStatement: (text: string) => {
      statements.push(text);
      if (statements.length > STATEMENTS_KEPT) statements.splice(0, statements.length - STATEMENTS_KEPT);
    },
  };

  const server = net.createServer((raw) => {
    const spid = nextSpid;
    nextSpid = nextSpid >= 32767 ? FIRST_SPID : nextSpid + 1;
    const socket = strictContext ? acceptStrict(raw, strictContext, (line) => log(`spid ${spid}: ${line}`)) : raw;
    log(`spid ${spid}: connection from ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`);
    const session = new TdsSession(socket, host, spid);
    sessions.add(session);
    socket.on('close', () => sessions.delete(session));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('TDS test server: no TCP address after listen');
  log(`listening on ${options.host}:${address.port}${strictContext ? ' (TDS 8.0 strict TLS only)' : tlsContext ? ' (TLS available)' : ''}`);

  return {
    port: address.port,
    setModel(model) {
      currentModel = tdsModelSchema.parse(model);
      log('model replaced');
    },
    model: () => currentModel,
    statementsSeen: () => [...statements],
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        sessions.clear();
        server.close(() => resolve());
      }),
  };
}
