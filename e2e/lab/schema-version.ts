/**
 * The lab's tests read (and, to leave the lab as they found it, write) the shared product database's
 * schema version, with the product's own login and the stand-in's own statements.
 */
import mssql from 'mssql';
import pg from 'pg';
import { readLabState } from './lab';
import type { LabDescription } from './lab-description';
import { updateTdsModel } from './tds-service';
import { STAND_IN_POSTGRES_QUERIES as PGQ, STAND_IN_SQLSERVER_QUERIES as SQ } from './stand-in/product-queries';

export type LabDatabase = 'postgres' | 'sqlserver';

async function withPg<T>(lab: LabDescription, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const d = lab.databases.postgres;
  const client = new pg.Client({ host: d.host, port: d.port, database: d.database, user: d.user, password: d.password, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function withSql<T>(lab: LabDescription, work: (p: mssql.ConnectionPool) => Promise<T>): Promise<T> {
  const d = lab.databases.sqlserver;
  const pool = await new mssql.ConnectionPool({
    server: d.host, port: d.port, database: d.database, user: d.user, password: d.password,
    connectionTimeout: 5000, requestTimeout: 5000, options: { encrypt: true, trustServerCertificate: true },
  }).connect();
  try {
    return await work(pool);
  } finally {
    await pool.close();
  }
}

/** The shared database's schema version; null when no stand-in has written one yet. */
export function readSchemaVersion(lab: LabDescription, db: LabDatabase): Promise<number | null> {
  if (db === 'sqlserver') return withSql(lab, async (p) => (await p.request().query<{ version: number }>(SQ.readSchema)).recordset[0]?.version ?? null);
  return withPg(lab, async (c) => {
    const exists = await c.query("SELECT to_regclass('lab_schema') IS NOT NULL AS ok");
    if (!(exists.rows[0] as { ok: boolean }).ok) return null;
    return (await c.query<{ version: number }>(PGQ.readSchema)).rows[0]?.version ?? null;
  });
}

/** Puts the schema version back (a test's cleanup), as the admin restoring a database would. */
export function writeSchemaVersion(lab: LabDescription, db: LabDatabase, version: number): Promise<void> {
  if (db === 'sqlserver') {
    return withSql(lab, async (p) => {
      await p.request().input('version', mssql.Int, version).query(SQ.initSchema);
      await p.request().input('version', mssql.Int, version).query(SQ.setSchema);
    });
  }
  return withPg(lab, async (c) => {
    await c.query(PGQ.createSchema);
    await c.query(PGQ.initSchema, [version]);
    await c.query(PGQ.setSchema, [version]);
  });
}

/** The TDS server's databases as the lab made them: no schema yet (a node's first start writes its year's). */
export async function clearSqlServerSchema(): Promise<void> {
  const state = readLabState();
  if (!state) throw new Error('the lab is not running');
  await updateTdsModel(state.pids.tds, (m) => ({ ...m, databases: m.databases.map(({ schemaVersion: _, ...d }) => d) }));
}

/** Puts back what readSchemaVersion saw before a test: that version, or (SQL Server) no schema at all. */
export async function restoreSchemaVersion(lab: LabDescription, db: LabDatabase, before: number | null): Promise<void> {
  if (before !== null) return writeSchemaVersion(lab, db, before);
  if (db === 'sqlserver') return clearSqlServerSchema();
  // The lab's PostgreSQL is given its schema when the lab starts; a missing one is left missing.
}
