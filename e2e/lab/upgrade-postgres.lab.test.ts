/**
 * Lab: `ha-wizard upgrade` end to end on PostgreSQL, through the CLI's own code (preflight, plan, pg_dump
 * backup, runner, rollback, report). The lab's own PostgreSQL is 17 (InedoDB's major) and this machine's
 * only pg_dump is Debian's 15, which preflight rightly refuses against 17 (upgrade-db.lab.test.ts), so the
 * three nodes are pointed at a throwaway PostgreSQL 15 in the lab's db namespace for this file: a coordinated
 * 2025.14 -> 2026.1 ends with every node on 2026.1, healthy, the scratch database at schema 2026; upgradedb
 * failing on node1 ends with every node back on 2025.14, configs byte-identical, the schema as it was, healthy.
 * Afterwards each node has its own config back and the scratch server is gone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { injectFault } from './faults';
import { renderNodeConfig } from './initial-config';
import { nodeHost } from './lab-config';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { startScratchPostgres, type ScratchPostgres } from './postgres-scratch';
import { STAND_IN_POSTGRES_QUERIES as PGQ } from './stand-in/product-queries';
import { allHealthyOn, everyNodeOn, nodeReleases, outageSaid, upgradeThroughCli } from './upgrade-cli-helpers';

const lab = inject('lab');
const state = readLabState()!;
const FROM = lab.version;
const configOf = (n: (typeof state.nodes)[number]) => path.join(n.dir, 'config', state.configFileName);
const originalConfigs = Object.fromEntries(state.nodes.map((n) => [n.name, fs.readFileSync(configOf(n))]));
const configBytes = () => state.nodes.map((n) => fs.readFileSync(configOf(n)).toString('base64'));
let dir: string;
let profileFile: string;
let scratch: ScratchPostgres;
const undo: (() => Promise<unknown>)[] = [];

/** The scratch database's schema version with the product's login and the stand-in's own statements (as schema-version.ts does for the lab's). */
async function scratchSchema(set?: number): Promise<number | null> {
  const c = new pg.Client({ host: scratch.host, port: scratch.port, database: scratch.database, user: scratch.user, password: scratch.password, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    await c.query(PGQ.createSchema);
    if (set !== undefined) {
      await c.query(PGQ.initSchema, [set]);
      await c.query(PGQ.setSchema, [set]);
    }
    return (await c.query<{ version: number }>(PGQ.readSchema)).rows[0]?.version ?? null;
  } finally {
    await c.end();
  }
}

const upgrade = (to: string) => upgradeThroughCli({ profileFile, dir, to, backupDir: lab.backups.roomy });

/** Every fault cleared, the scratch schema at the lab version's year, every node healthy on the lab's version. */
async function putBack(o: { restart?: boolean } = {}): Promise<void> {
  for (const f of undo.splice(0).reverse()) await f();
  await scratchSchema(Number(FROM.split('.')[0]));
  await everyNodeOn(lab, FROM, o);
}

beforeAll(async () => {
  scratch = await startScratchPostgres({ database: 'proget_upgrade', user: 'proget_up' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-pg-'));
  profileFile = path.join(dir, 'cluster.json');
  const passwordFile = path.join(dir, 'db-password');
  fs.writeFileSync(passwordFile, scratch.password, { mode: 0o600 });
  const connectionString = `Server=${scratch.host};Port=${scratch.port};Database=${scratch.database};User Id=${scratch.user}`;
  const profile = labProfile(lab, 'postgres');
  fs.writeFileSync(profileFile, JSON.stringify({ ...profile, database: { kind: 'postgres', connectionString, password: { file: passwordFile } } }), { mode: 0o600 });
  process.env.HA_WIZARD_HOME = path.join(dir, 'home');
  // A cluster already built on the scratch database, one key, in the lab's own config format.
  for (const n of state.nodes) {
    fs.writeFileSync(configOf(n), renderNodeConfig({
      product: state.options.product, format: state.options.configFormat, hostname: nodeHost(n.index).hostname, database: 'postgres',
      connectionString: `${connectionString};Password=${scratch.password}`, encryptionKey: state.secrets.encryptionKey,
    }));
  }
  // Restarted, so each reads the config just written.
  await putBack({ restart: true });
}, 120_000);
afterEach(() => putBack(), 60_000);
afterAll(async () => {
  delete process.env.HA_WIZARD_HOME;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  // The lab as it was: each node on its own config (restarted by the version fault's clear), the scratch server gone.
  for (const n of state.nodes) fs.writeFileSync(configOf(n), originalConfigs[n.name]!);
  await Promise.all(state.nodes.map((n) => injectFault('version', n.name, { clear: true })));
  await scratch?.stop();
}, 120_000);

describe('ha-wizard upgrade on the lab (PostgreSQL 15, a scratch server)', () => {
  it(`coordinated ${FROM} -> 2026.1: every node on 2026.1 and healthy, the schema upgraded, the report kept`, async () => {
    expect(await scratchSchema()).toBe(2025);
    const r = await upgrade('2026.1');
    expect(r.code, r.out + r.err).toBe(0);
    // The database backup was pg_dump's, on node1.
    expect(r.out).toMatch(/database backup: \S+\.dump\b/);
    expect(await nodeReleases(lab)).toEqual(allHealthyOn(lab, '2026.1'));
    expect(await scratchSchema()).toBe(2026);
    process.stdout.write(`upgrade lab (PostgreSQL 15): coordinated ${FROM} -> 2026.1 on 3 nodes in ${r.ms} ms; ${outageSaid(r.out)}\n`);
    const reports = fs.readdirSync(path.join(dir, 'home', 'reports')).filter((f) => /upgrade/.test(f));
    expect(reports.some((f) => f.endsWith('.json')) && reports.some((f) => f.endsWith('.html'))).toBe(true);
    const kept = reports.map((f) => fs.readFileSync(path.join(dir, 'home', 'reports', f), 'utf8')).join('\n');
    for (const secret of [scratch.password, lab.apiKey]) expect(r.out + r.err + kept).not.toContain(secret);
  }, 120_000);

  it('upgradedb fails on node1: rolled back, every node on the old version, configs byte-identical, the schema as it was, healthy', async () => {
    const before = configBytes();
    await injectFault('upgradedb-fails', 'node1');
    undo.push(() => injectFault('upgradedb-fails', 'node1', { clear: true }));
    const r = await upgrade('2026.1');
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.out).toMatch(/Rolled back: every server is back on/);
    expect(await nodeReleases(lab)).toEqual(allHealthyOn(lab, FROM));
    expect(configBytes()).toEqual(before);
    expect(await scratchSchema()).toBe(2025);
    process.stdout.write(`upgrade lab (PostgreSQL 15): upgradedb-fails on node1 rolled back in ${r.ms} ms\n`);
  }, 120_000);
});
