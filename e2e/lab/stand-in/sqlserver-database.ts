import mssql from 'mssql';
import { STAND_IN_SQLSERVER_QUERIES as Q } from './product-queries';
import { parseSqlServerConnectionString, type SqlServerTarget } from './connection-strings';
import { DATABASE_TIMEOUT_MS, cleanErrors, withTimeout, type ProductDatabase } from './product-database';

function mssqlConfig(t: SqlServerTarget): mssql.config {
  return {
    server: t.server,
    port: t.port ?? (t.instanceName ? undefined : 1433),
    database: t.database,
    user: t.user,
    password: t.password,
    connectionTimeout: DATABASE_TIMEOUT_MS,
    requestTimeout: DATABASE_TIMEOUT_MS,
    pool: { min: 0, max: 1 },
    options: {
      encrypt: t.encrypt,
      trustServerCertificate: t.trustServerCertificate,
      instanceName: t.instanceName,
      appName: 'lab product stand-in',
    },
  };
}

/**
 * SQL Server through mssql/tedious, one short-lived connection per operation (see
 * postgres-database.ts for why). Parameters go through sp_executesql, as the TDS test server expects.
 */
export function createSqlServerDatabase(connectionString: string): ProductDatabase {
  let target: SqlServerTarget | null = null;
  let parseError: Error | null = null;
  try {
    target = parseSqlServerConnectionString(connectionString);
  } catch (err) {
    parseError = err as Error;
  }

  async function withPool<T>(what: string, work: (pool: mssql.ConnectionPool) => Promise<T>): Promise<T> {
    if (!target) throw parseError ?? new Error('no SQL Server target');
    const pool = new mssql.ConnectionPool(mssqlConfig(target));
    pool.on('error', () => undefined);
    const run = (async () => {
      try {
        await pool.connect();
        return await work(pool);
      } finally {
        pool.close().catch(() => undefined);
      }
    })();
    return withTimeout(run, DATABASE_TIMEOUT_MS, what);
  }

  const password = target?.password;
  return {
    kind: 'sqlserver',
    ping: () => cleanErrors(() => withPool('database ping', async (p) => void (await p.request().query(Q.ping))), password),
    listSettings: () =>
      cleanErrors(
        () =>
          withPool('listing settings', async (p) => {
            const result = await p.request().query<{ name: string; value: string }>(Q.listSettings);
            return result.recordset.map((r) => ({ name: r.name, value: r.value }));
          }),
        password,
      ),
    setSetting: (name, value) =>
      cleanErrors(
        () =>
          withPool('setting a value', async (p) => {
            await p.request().input('name', mssql.NVarChar, name).input('value', mssql.NVarChar, value).query(Q.setSetting);
          }),
        password,
      ),
    schemaVersion: (ifAbsent) =>
      cleanErrors(
        () =>
          withPool('reading the schema version', async (p) => {
            await p.request().input('version', mssql.Int, ifAbsent).query(Q.initSchema);
            const result = await p.request().query<{ version: number }>(Q.readSchema);
            const version = result.recordset[0]?.version;
            if (typeof version !== 'number') throw new Error('dbo.LabSchema has no row after initialising it');
            return version;
          }),
        password,
      ),
    setSchemaVersion: (version) =>
      cleanErrors(
        () =>
          withPool('writing the schema version', async (p) => {
            await p.request().input('version', mssql.Int, version).query(Q.initSchema);
            await p.request().input('version', mssql.Int, version).query(Q.setSchema);
          }),
        password,
      ),
  };
}
