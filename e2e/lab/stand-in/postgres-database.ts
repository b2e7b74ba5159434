import pg from 'pg';
import { STAND_IN_POSTGRES_QUERIES as Q } from './product-queries';
import { parsePostgresConnectionString, type PostgresTarget } from './connection-strings';
import { DATABASE_TIMEOUT_MS, cleanErrors, withTimeout, type ProductDatabase, type Setting } from './product-database';

/**
 * PostgreSQL through `pg`, one short-lived connection per operation: the stand-in asks rarely
 * (health is cached for a second), and a fresh connection sees a changed password or a restarted
 * server at once, as the product's health check does.
 */
export function createPostgresDatabase(connectionString: string): ProductDatabase {
  let target: PostgresTarget | null = null;
  let parseError: Error | null = null;
  try {
    target = parsePostgresConnectionString(connectionString);
  } catch (err) {
    parseError = err as Error;
  }
  let tableReady: Promise<void> | null = null;

  async function withClient<T>(what: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    if (!target) throw parseError ?? new Error('no PostgreSQL target');
    const client = new pg.Client({
      ...target,
      connectionTimeoutMillis: DATABASE_TIMEOUT_MS,
      query_timeout: DATABASE_TIMEOUT_MS,
      application_name: 'lab product stand-in',
    });
    // A connection dropped by the server later must not become an unhandled 'error' event.
    client.on('error', () => undefined);
    const run = (async () => {
      try {
        await client.connect();
        return await work(client);
      } finally {
        client.end().catch(() => undefined);
      }
    })();
    return withTimeout(run, DATABASE_TIMEOUT_MS, what);
  }

  /** createSettings runs once per start; a failure is retried on the next call. */
  function ensureTable(client: pg.Client): Promise<void> {
    tableReady ??= client.query(Q.createSettings).then(
      () => undefined,
      (err: unknown) => {
        tableReady = null;
        throw err;
      },
    );
    return tableReady;
  }

  /** CREATE TABLE IF NOT EXISTS races when nodes start together: the loser's duplicate error means it exists. */
  async function ensureSchemaTable(client: pg.Client): Promise<void> {
    try {
      await client.query(Q.createSchema);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== '23505' && code !== '42P07') throw err;
    }
  }

  const password = target?.password;
  return {
    kind: 'postgres',
    ping: () => cleanErrors(() => withClient('database ping', async (c) => void (await c.query(Q.ping))), password),
    listSettings: () =>
      cleanErrors(
        () =>
          withClient('listing settings', async (c) => {
            await ensureTable(c);
            const result = await c.query<{ name: string; value: string }>(Q.listSettings);
            return result.rows.map((r): Setting => ({ name: r.name, value: r.value }));
          }),
        password,
      ),
    setSetting: (name, value) =>
      cleanErrors(
        () =>
          withClient('setting a value', async (c) => {
            await ensureTable(c);
            await c.query(Q.setSetting, [name, value]);
          }),
        password,
      ),
    schemaVersion: (ifAbsent) =>
      cleanErrors(
        () =>
          withClient('reading the schema version', async (c) => {
            await ensureSchemaTable(c);
            await c.query(Q.initSchema, [ifAbsent]);
            const result = await c.query<{ version: number }>(Q.readSchema);
            const version = result.rows[0]?.version;
            if (typeof version !== 'number') throw new Error('lab_schema has no row after initialising it');
            return version;
          }),
        password,
      ),
    setSchemaVersion: (version) =>
      cleanErrors(
        () =>
          withClient('writing the schema version', async (c) => {
            await ensureSchemaTable(c);
            await c.query(Q.initSchema, [version]);
            await c.query(Q.setSchema, [version]);
          }),
        password,
      ),
  };
}
