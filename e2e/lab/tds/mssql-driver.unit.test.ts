import sql from 'mssql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SQLSERVER_QUERIES } from '../../../electron/core/database/sqlserver-queries';
import { STAND_IN_SQLSERVER_QUERIES } from '../stand-in/product-queries';
import { type TdsServer, startTdsServer } from './server';
import { normalizeStatement } from './statements';
import { TEDIOUS_SESSION_SETUP } from './session-setup';
import { LOOPBACK, OWNER, READER, type TestCertificate, errorNumberRecorder, labModel, makeSelfSignedCertificate, mssqlConfig, removeDir } from './tds-test-support';

describe('TDS test server, driven by mssql', () => {
  let certificate: TestCertificate;
  let server: TdsServer;
  const logLines: string[] = [];
  const pools: sql.ConnectionPool[] = [];

  async function connect(options: Parameters<typeof mssqlConfig>[1] = {}): Promise<sql.ConnectionPool> {
    const pool = new sql.ConnectionPool(mssqlConfig(server.port, options));
    pools.push(pool);
    await pool.connect();
    return pool;
  }

  beforeAll(async () => {
    certificate = await makeSelfSignedCertificate();
    server = await startTdsServer({ host: LOOPBACK, port: 0, tls: { key: certificate.key, cert: certificate.cert }, model: labModel(), log: (line) => logLines.push(line) });
  });

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
    server.setModel(labModel());
  });

  afterAll(async () => {
    await server?.close();
    if (certificate) await removeDir(certificate.dir);
  });

  it('answers serverInfo over TLS with the model values', async () => {
    const pool = await connect();
    const result = await pool.request().query(SQLSERVER_QUERIES.serverInfo);
    expect(result.recordset).toEqual([
      { productVersion: '16.0.4135.4', edition: 'Enterprise Edition (64-bit)', isClustered: 0, isHadrEnabled: 0, serverCollation: 'SQL_Latin1_General_CP1_CI_AS' },
    ]);
    expect(logLines.some((line) => line.includes('login ok') && line.includes('tls=all traffic'))).toBe(true);
  });

  it('answers the database query through sp_executesql with @db, and zero rows for a missing database', async () => {
    const pool = await connect();
    const found = await pool.request().input('db', sql.NVarChar, 'ProGet').query(SQLSERVER_QUERIES.database);
    expect(found.recordset).toEqual([{ name: 'ProGet', collationName: 'SQL_Latin1_General_CP1_CI_AS', recoveryModel: 'FULL', state: 'ONLINE' }]);
    const missing = await pool.request().input('db', sql.NVarChar, 'NoSuchDb').query(SQLSERVER_QUERIES.database);
    expect(missing.recordset).toEqual([]);
  });

  it('follows the topology in serverInfo, availabilityGroup and mirroring', async () => {
    const pool = await connect();
    const byDb = (query: string) => pool.request().input('db', sql.NVarChar(128), 'ProGet').query(query);
    expect((await byDb(SQLSERVER_QUERIES.availabilityGroup)).recordset).toEqual([]);
    expect((await byDb(SQLSERVER_QUERIES.mirroring)).recordset).toEqual([{ mirroringState: null, mirroringRole: null }]);

    const alwaysOn = labModel();
    alwaysOn.topology = 'always-on';
    if (alwaysOn.databases[0]) alwaysOn.databases[0].availabilityGroup = 'ag-proget';
    server.setModel(alwaysOn);
    expect((await byDb(SQLSERVER_QUERIES.availabilityGroup)).recordset).toEqual([{ groupName: 'ag-proget' }]);
    expect((await pool.request().query(SQLSERVER_QUERIES.serverInfo)).recordset[0]).toMatchObject({ isClustered: 0, isHadrEnabled: 1 });

    const mirrored = labModel();
    mirrored.topology = 'mirroring';
    server.setModel(mirrored);
    expect((await byDb(SQLSERVER_QUERIES.mirroring)).recordset).toEqual([{ mirroringState: 'SYNCHRONIZED', mirroringRole: 'PRINCIPAL' }]);
    const missing = await pool.request().input('db', sql.NVarChar, 'NoSuchDb').query(SQLSERVER_QUERIES.mirroring);
    expect(missing.recordset).toEqual([]);
  });

  it('reports db_owner per login in permissions, and sees a model change on the next query', async () => {
    const owner = await connect();
    expect((await owner.request().query(SQLSERVER_QUERIES.permissions)).recordset).toEqual([{ isDbOwner: 1, isSysadmin: 0, loginName: OWNER.name }]);
    const reader = await connect({ user: READER.name, password: READER.password });
    expect((await reader.request().query(SQLSERVER_QUERIES.permissions)).recordset).toEqual([{ isDbOwner: 0, isSysadmin: 0, loginName: READER.name }]);

    const promoted = labModel();
    promoted.databases[0]?.owners.push(READER.name);
    promoted.serverVersion = '15.0.2000.5';
    server.setModel(promoted);
    expect((await reader.request().query(SQLSERVER_QUERIES.permissions)).recordset[0]).toMatchObject({ isDbOwner: 1 });
    expect((await reader.request().query(SQLSERVER_QUERIES.serverInfo)).recordset[0]).toMatchObject({ productVersion: '15.0.2000.5' });
  });

  it('stores settings through the stand-in statements and lists them sorted', async () => {
    const pool = await connect();
    const set = (name: string, value: string) =>
      pool.request().input('name', sql.NVarChar, name).input('value', sql.NVarChar(sql.MAX), value).query(STAND_IN_SQLSERVER_QUERIES.setSetting);
    expect((await set('zeta', 'last')).rowsAffected).toEqual([1]);
    await set('alpha', 'first');
    await set('zeta', 'changed');
    expect((await pool.request().query(STAND_IN_SQLSERVER_QUERIES.listSettings)).recordset).toEqual([
      { name: 'alpha', value: 'first' },
      { name: 'zeta', value: 'changed' },
    ]);
    expect(server.model().settings).toEqual({ alpha: 'first', zeta: 'changed' });
    expect((await pool.request().query(STAND_IN_SQLSERVER_QUERIES.ping)).recordset).toEqual([{ ok: 1 }]);
  });

  it('fails a wrong password with 18456 and "Login failed for user"', async () => {
    const recorder = errorNumberRecorder();
    const error = await connect({ password: 'wrong', beforeConnect: recorder.beforeConnect }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sql.ConnectionError);
    expect((error as sql.ConnectionError).message).toBe(`Login failed for user '${OWNER.name}'.`);
    expect((error as sql.ConnectionError).code).toBe('ELOGIN');
    expect(recorder.numbers).toEqual([18456]);
  });

  it('fails an unknown database with 4060 (then 18456, as SQL Server does)', async () => {
    const recorder = errorNumberRecorder();
    const error = await connect({ database: 'NoSuchDb', beforeConnect: recorder.beforeConnect }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sql.ConnectionError);
    expect(recorder.numbers).toEqual([4060, 18456]);
  });

  it('rejects an unknown statement loudly and keeps the connection usable', async () => {
    const pool = await connect();
    const error = await pool.request().query('SELECT name FROM sys.tables').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sql.RequestError);
    expect((error as sql.RequestError).message).toContain('unknown statement');
    expect((error as sql.RequestError).message).toContain('SELECT name FROM sys.tables');
    expect((error as sql.RequestError).number).toBe(50000);
    expect(logLines.some((line) => line.includes('unknown statement: SELECT name FROM sys.tables'))).toBe(true);
    expect((await pool.request().query(SQLSERVER_QUERIES.ping)).recordset).toEqual([{ ok: 1 }]);
  });

  it('works with encrypt: false (tedious then offers no TLS at all, so nothing is encrypted)', async () => {
    // tedious 19 (lib/prelogin-payload.js) sends ENCRYPT_NOT_SUP, not ENCRYPT_OFF, when encrypt is
    // false, and only starts TLS when the server answers ON/REQ (connection.js
    // performTlsNegotiation). So login-only encryption never happens with tedious: the server
    // answers NOT_SUP, as SQL Server does, and the login travels in plaintext. FreeTDS does use
    // login-only TLS; freetds-tsql.unit.test.ts covers that path.
    const pool = await connect({ encrypt: false });
    expect((await pool.request().query(SQLSERVER_QUERIES.ping)).recordset).toEqual([{ ok: 1 }]);
    expect(logLines.some((line) => line.includes('prelogin client encryption=2 answer=2'))).toBe(true);
  });

  it('is joined unencrypted by encrypt: true when the server has no TLS (tedious 19 does not insist)', async () => {
    // Worth knowing for the engine: with tedious, encrypt: true alone does not guarantee TLS. A
    // server answering ENCRYPT_NOT_SUP gets a plaintext login; only encrypt: 'strict' (TDS 8,
    // which this server does not speak) would refuse.
    const plainLog: string[] = [];
    const plain = await startTdsServer({ host: LOOPBACK, port: 0, model: labModel(), log: (line) => plainLog.push(line) });
    try {
      const pool = new sql.ConnectionPool(mssqlConfig(plain.port, { encrypt: true }));
      pools.push(pool);
      await pool.connect();
      expect((await pool.request().query(SQLSERVER_QUERIES.ping)).recordset).toEqual([{ ok: 1 }]);
      expect(plainLog.some((line) => line.includes('prelogin client encryption=1 answer=2'))).toBe(true);
      expect(plainLog.some((line) => line.includes('login ok') && line.includes('tls=none'))).toBe(true);
    } finally {
      await Promise.all(pools.splice(0).map((pool) => pool.close()));
      await plain.close();
    }
  });

  it('records the statements it saw, including the session setup tedious sends after login', async () => {
    const pool = await connect();
    await pool.request().batch(SQLSERVER_QUERIES.ping);
    const seen = server.statementsSeen();
    expect(seen).toContain(normalizeStatement(TEDIOUS_SESSION_SETUP));
    expect(seen).toContain('SELECT 1;');
    expect(seen.at(-1)).toBe(SQLSERVER_QUERIES.ping);
  });
});
