import { Connection, Request, TYPES } from 'tedious';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SQLSERVER_QUERIES } from '../../../electron/core/database/sqlserver-queries';
import { STAND_IN_SQLSERVER_QUERIES } from '../stand-in/product-queries';
import { type TdsServer, startTdsServer } from './server';
import { LOOPBACK, OWNER, type TestCertificate, labModel, makeSelfSignedCertificate, removeDir } from './tds-test-support';

type Row = Record<string, unknown>;

function openConnection(port: number, encrypt = true): Promise<Connection> {
  const connection = new Connection({
    server: LOOPBACK,
    authentication: { type: 'default', options: { userName: OWNER.name, password: OWNER.password } },
    options: { port, database: 'ProGet', encrypt, trustServerCertificate: true, connectTimeout: 5_000, requestTimeout: 5_000 },
  });
  return new Promise((resolve, reject) => {
    connection.connect((error) => (error ? reject(error) : resolve(connection)));
  });
}

/** Runs a request and collects its rows as objects keyed by column name. */
function run(connection: Connection, build: (done: (error: Error | null | undefined) => void) => Request, batch = false): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const rows: Row[] = [];
    const request = build((error) => (error ? reject(error) : resolve(rows)));
    request.on('row', (columns: { metadata: { colName: string }; value: unknown }[]) => {
      rows.push(Object.fromEntries(columns.map((c) => [c.metadata.colName, c.value])));
    });
    if (batch) connection.execSqlBatch(request);
    else connection.execSql(request);
  });
}

function closeConnection(connection: Connection): Promise<void> {
  return new Promise((resolve) => {
    if (connection.closed) return resolve();
    connection.once('end', () => resolve());
    connection.close();
  });
}

describe('TDS test server, driven by tedious directly', () => {
  let certificate: TestCertificate;
  let server: TdsServer;
  let slowServer: TdsServer;
  const connections: Connection[] = [];

  async function connect(port: number, encrypt = true): Promise<Connection> {
    const connection = await openConnection(port, encrypt);
    connections.push(connection);
    return connection;
  }

  beforeAll(async () => {
    certificate = await makeSelfSignedCertificate();
    const tls = { key: certificate.key, cert: certificate.cert };
    server = await startTdsServer({ host: LOOPBACK, port: 0, tls, model: labModel() });
    // Answers every request after 500 ms, so a client can time out or cancel while it waits.
    slowServer = await startTdsServer({ host: LOOPBACK, port: 0, tls, model: labModel(), responseDelayMs: 500 });
  });

  afterEach(async () => {
    await Promise.all(connections.splice(0).map(closeConnection));
  });

  afterAll(async () => {
    await server?.close();
    await slowServer?.close();
    if (certificate) await removeDir(certificate.dir);
  });

  it('runs sp_executesql with parameters and a plain SQL batch', async () => {
    const connection = await connect(server.port);
    const rows = await run(connection, (done) => {
      const request = new Request(SQLSERVER_QUERIES.database, done);
      // Database names compare case-insensitively, as under the usual CI collation.
      request.addParameter('db', TYPES.NVarChar, 'proget');
      return request;
    });
    expect(rows).toEqual([{ name: 'ProGet', collationName: 'SQL_Latin1_General_CP1_CI_AS', recoveryModel: 'FULL', state: 'ONLINE' }]);
    expect(await run(connection, (done) => new Request(SQLSERVER_QUERIES.ping, done), true)).toEqual([{ ok: 1 }]);
  });

  it('decodes VARCHAR and NVARCHAR(MAX) parameters', async () => {
    const connection = await connect(server.port);
    const request = (done: (error: Error | null | undefined) => void): Request => {
      const r = new Request(STAND_IN_SQLSERVER_QUERIES.setSetting, done);
      r.addParameter('name', TYPES.VarChar, 'feed.url');
      r.addParameter('value', TYPES.NVarChar, 'é'.repeat(5000), { length: Infinity });
      return r;
    };
    await run(connection, request);
    expect(server.model().settings['feed.url']).toBe('é'.repeat(5000));
  });

  it('times out a slow request with ATTENTION and stays usable', async () => {
    const connection = await connect(slowServer.port);
    const timedOut = await run(connection, (done) => {
      const r = new Request(SQLSERVER_QUERIES.ping, done);
      r.setTimeout(100);
      return r;
    }).catch((e: unknown) => e);
    expect((timedOut as { code?: string }).code).toBe('ETIMEOUT');
    expect(await run(connection, (done) => new Request(SQLSERVER_QUERIES.ping, done))).toEqual([{ ok: 1 }]);
  });

  it('cancels a request in flight with ATTENTION', async () => {
    const connection = await connect(slowServer.port);
    const pending = run(connection, (done) => new Request(SQLSERVER_QUERIES.ping, done)).catch((e: unknown) => e);
    setTimeout(() => connection.cancel(), 100);
    expect((await pending as { code?: string }).code).toBe('ECANCEL');
    expect(await run(connection, (done) => new Request(SQLSERVER_QUERIES.ping, done), true)).toEqual([{ ok: 1 }]);
  });

  it('acknowledges a connection reset (RESETCONNECTION status bit) and goes on', async () => {
    const connection = await connect(server.port, false);
    let resetSeen = false;
    connection.on('resetConnection', () => (resetSeen = true));
    await new Promise<void>((resolve, reject) => connection.reset((error) => (error ? reject(error) : resolve())));
    expect(resetSeen).toBe(true);
    expect(await run(connection, (done) => new Request(SQLSERVER_QUERIES.ping, done))).toEqual([{ ok: 1 }]);
  });
});
