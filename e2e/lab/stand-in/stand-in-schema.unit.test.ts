/**
 * The stand-in's schema version for real: against the TDS test server (every pair of registry versions:
 * start, refuse or upgrade) and a throwaway PostgreSQL (a fresh database, upgrades, three nodes starting
 * at once, upgradedb and its fault); and the never-healthy fault.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultTdsModel } from '../tds/model';
import { startTdsServer, type TdsServer } from '../tds/server';
import { createPostgresDatabase } from './postgres-database';
import { VERSION_FAULT_FILES, upgradedb } from './schema-at-start';
import { schemaOf } from './schema-rules';
import { startStandIn, type RunningStandIn } from './stand-in';
import { StartRefusal } from './start-refusal';
import { httpGet, makeTestNode, memoryLog, removeTestNodes } from './test-support';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres';
import { LAB_REGISTRY_VERSIONS } from './version-registry';
import { upgradedbMain } from './upgradedb-main';

const running: RunningStandIn[] = [];
let tds: TdsServer;
let pgServer: ThrowawayPostgres;

beforeAll(async () => {
  tds = await startTdsServer({ host: '127.0.0.1', port: 0, model: defaultTdsModel({ password: 'right-sql-pw' }) });
  pgServer = await startThrowawayPostgres();
  await pgServer.query("CREATE ROLE proget LOGIN PASSWORD 'pg-pw'");
}, 60_000);
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
afterAll(async () => {
  removeTestNodes();
  await tds?.close();
  await pgServer?.stop();
}, 30_000);

const tdsConfig = () => `PROGET_SQL_CONNECTION_STRING=Server=127.0.0.1,${tds.port};Database=ProGet;User ID=proget;Password=right-sql-pw;Encrypt=false\nASPNETCORE_URLS=http://127.0.0.1:0\n`;
const pgConfig = (db: string) => `PROGET_POSTGRES_CONNECTION_STRING=Host=127.0.0.1;Port=${pgServer.port};Database=${db};Username=proget;Password=pg-pw\nASPNETCORE_URLS=http://127.0.0.1:0\n`;
const tdsSchema = () => tds.model().databases[0]!.schemaVersion;

async function startAt(version: string, config: string): Promise<{ standIn?: RunningStandIn; refusal?: string; stateDir: string; log: string[] }> {
  const node = makeTestNode('proget.env', config, { version });
  const log = memoryLog();
  try {
    const standIn = await startStandIn(node.stateDir, log);
    running.push(standIn);
    return { standIn, stateDir: node.stateDir, log: log.lines };
  } catch (err) {
    if (!(err instanceof StartRefusal)) throw err;
    return { refusal: err.message, stateDir: node.stateDir, log: log.lines };
  }
}

let dbCount = 0;
async function freshPgDatabase(): Promise<string> {
  const name = `proget_schema_${++dbCount}`;
  await pgServer.query(`CREATE DATABASE ${name} OWNER proget`);
  return name;
}

describe('schema version on the TDS test server', () => {
  it('a fresh database gets the schema of the first version that starts on it', async () => {
    tds.model().databases[0]!.schemaVersion = undefined;
    const r = await startAt('2025.14', tdsConfig());
    expect(r.refusal).toBeUndefined();
    expect(tdsSchema()).toBe(2025);
  });

  const pairs = LAB_REGISTRY_VERSIONS.flatMap((v) => LAB_REGISTRY_VERSIONS.map((w) => [v, w] as const));
  it.each(pairs)('%s starting on the schema of %s', async (installed, dbOf) => {
    const schema = schemaOf(dbOf);
    const major = schemaOf(installed);
    tds.model().databases[0]!.schemaVersion = schema;
    const r = await startAt(installed, tdsConfig());
    const readsNewer = major === 2025 && schema === 2026;
    if (schema === major || readsNewer) {
      expect(r.refusal).toBeUndefined();
      expect(tdsSchema()).toBe(schema);
    } else if (schema < major && major >= 2025) {
      expect(r.refusal).toBeUndefined();
      expect(tdsSchema()).toBe(major);
      expect(r.log).toContain(`upgraded the database schema from ${schema} to ${major}`);
    } else {
      expect(r.standIn).toBeUndefined();
      expect(r.refusal).toMatch(schema > major ? /newer than .* can read/ : /run upgradedb/);
      expect(tdsSchema()).toBe(schema);
    }
  });

  it('upgradedb brings 2024 up to 2024.30\'s... and then 2024.30 starts; it never downgrades', async () => {
    tds.model().databases[0]!.schemaVersion = 2023;
    const r = await startAt('2024.30', tdsConfig());
    expect(r.refusal).toMatch(/run upgradedb/);
    expect(await upgradedbMain(r.stateDir, ['--version', '2024.30'])).toBe(0);
    expect(tdsSchema()).toBe(2024);
    expect((await startAt('2024.30', tdsConfig())).refusal).toBeUndefined();
    tds.model().databases[0]!.schemaVersion = 2026;
    expect(await upgradedbMain(r.stateDir, ['--version', '2025.14'])).toBe(1);
    expect(tdsSchema()).toBe(2026);
  });
});

describe('schema version on PostgreSQL', () => {
  it('three nodes starting at once on a fresh database all start, and the schema is theirs', async () => {
    const db = await freshPgDatabase();
    const results = await Promise.all([1, 2, 3].map(() => startAt('2025.14', pgConfig(db))));
    expect(results.map((r) => r.refusal)).toEqual([undefined, undefined, undefined]);
    expect((await pgServer.query('SELECT version FROM lab_schema', [], db)).rows).toEqual([{ version: 2025 }]);
  });

  it('2026.1 upgrades 2025 at start; 2025.14 then runs on 2026; 2025.14 refuses 2027', async () => {
    const db = await freshPgDatabase();
    expect((await startAt('2025.14', pgConfig(db))).refusal).toBeUndefined();
    const up = await startAt('2026.1', pgConfig(db));
    expect(up.log).toContain('upgraded the database schema from 2025 to 2026');
    expect((await pgServer.query('SELECT version FROM lab_schema', [], db)).rows).toEqual([{ version: 2026 }]);
    const back = await startAt('2025.14', pgConfig(db));
    expect(back.refusal).toBeUndefined();
    expect((await httpGet(`http://127.0.0.1:${back.standIn!.port}/health`)).status).toBe(200);
    await pgServer.query('UPDATE lab_schema SET version = 2027', [], db);
    expect((await startAt('2025.14', pgConfig(db))).refusal).toMatch(/schema is 2027, newer than 2025\.14 can read/);
  });

  it('upgradedb upgrades and exits; with the fault it fails and leaves the schema alone', async () => {
    const db = await freshPgDatabase();
    const node = makeTestNode('proget.env', pgConfig(db), { version: '2025.14' });
    const database = createPostgresDatabase(`Host=127.0.0.1;Port=${pgServer.port};Database=${db};Username=proget;Password=pg-pw`);
    expect(await database.schemaVersion(2025)).toBe(2025);
    writeFileSync(join(node.stateDir, VERSION_FAULT_FILES.upgradedbFails), 'x');
    await expect(upgradedb(node.stateDir, database, '2026.1')).rejects.toThrow(/upgradedb failed: simulated fault/);
    expect(await upgradedbMain(node.stateDir, ['--version', '2026.1'])).toBe(1);
    expect(await database.schemaVersion(0)).toBe(2025);
    const clean = makeTestNode('proget.env', pgConfig(db), { version: '2025.14' });
    expect(await upgradedb(clean.stateDir, database, '2026.1')).toBe('upgraded the database schema from 2025 to 2026');
    expect(await upgradedb(clean.stateDir, database, '2026.3')).toBe('the database schema is already 2026');
    expect(await database.schemaVersion(0)).toBe(2026);
  });
});

describe('never-healthy fault', () => {
  it('the stand-in at the fault\'s version answers Error; at any other version OK', async () => {
    tds.model().databases[0]!.schemaVersion = 2025;
    const at2026 = await startAt('2026.1', tdsConfig());
    writeFileSync(join(at2026.stateDir, VERSION_FAULT_FILES.neverHealthy), '2026.1\n');
    const sick = await httpGet(`http://127.0.0.1:${at2026.standIn!.port}/health`);
    expect(sick.status).toBe(500);
    expect(sick.text).toBe('Service: simulated fault: 2026.1 never becomes healthy');
    const json = await httpGet(`http://127.0.0.1:${at2026.standIn!.port}/health/json`);
    expect(JSON.parse(json.text)).toMatchObject({ serviceStatus: 'Error', databaseStatus: 'OK' });
    const at2025 = await startAt('2025.14', tdsConfig());
    writeFileSync(join(at2025.stateDir, VERSION_FAULT_FILES.neverHealthy), '2026.1\n');
    const fine = await httpGet(`http://127.0.0.1:${at2025.standIn!.port}/health`);
    expect([fine.status, JSON.parse(fine.text).serviceStatus]).toEqual([200, 'OK']);
  });
});
