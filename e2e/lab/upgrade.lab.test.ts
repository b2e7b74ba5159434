/**
 * Lab: `ha-wizard upgrade` end to end on the 3-node lab, through the CLI's own code (preflight, plan,
 * backups, runner, rollback, report), on the TDS test server standing in for SQL Server. A coordinated
 * 2025.14 -> 2026.1 upgrade ends with every node on 2026.1, healthy, the schema at 2026; each lab fault
 * ends with every node back on 2025.14, its config byte-identical, healthy (the schema where the rule table
 * leaves it: 2025 reads 2026's); an unknown path is refused before anything changes. The same on
 * PostgreSQL: upgrade-postgres.lab.test.ts (a scratch PostgreSQL 15: this machine's only pg_dump cannot
 * back up the lab's 17); the database restored where the old version cannot read the new schema:
 * upgrade-restore-db.lab.test.ts; rolling and link-down behind HAProxy: upgrade-rolling.lab.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { upgradeCommand } from '../../electron/cli/upgrade-command';
import { injectFault } from './faults';
import { initialNodeConfig } from './initial-node-config';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { clearSqlServerSchema, readSchemaVersion, writeSchemaVersion } from './schema-version';
import { waitFor } from './run';
import { allHealthyOn, nodeReleases, sink } from './upgrade-cli-helpers';

const lab = inject('lab');
const state = readLabState()!;
const FROM = lab.version;
const configOf = (n: (typeof state.nodes)[number]) => path.join(n.dir, 'config', state.configFileName);
const originalConfigs = Object.fromEntries(state.nodes.map((n) => [n.name, fs.readFileSync(configOf(n))]));
let dir: string;
let profileFile: string;
const undo: (() => Promise<unknown>)[] = [];

// A stand-in is healthy within a second or two of its start; never-healthy waits all of it (20 s took 35 s).
const HEALTH_TIMEOUT_S = 8;

async function upgrade(to: string, backupDir = lab.backups.roomy): Promise<{ code: number; out: string; err: string }> {
  const [o, e] = [sink(), sink()];
  const code = await upgradeCommand(
    { profile: profileFile, to, mode: 'coordinated', backupDir, yes: true, healthTimeout: HEALTH_TIMEOUT_S, connectTimeout: 3000, knownHosts: path.join(dir, 'known_hosts.json') },
    { out: o.stream, err: e.stream },
  );
  return { code, out: o.text(), err: e.text() };
}

const configBytes = () => state.nodes.map((n) => fs.readFileSync(configOf(n)).toString('base64'));
const versions = () => nodeReleases(lab);
const allOn = (v: string) => allHealthyOn(lab, v);

/** Every node back on the lab's version, the schema back at its year, every fault cleared. */
async function putBack(): Promise<void> {
  for (const f of undo.splice(0).reverse()) await f();
  for (const n of lab.nodes) await injectFault('version', n.name, { clear: true });
  await writeSchemaVersion(lab, 'sqlserver', Number(FROM.split('.')[0]));
  await waitFor('every node healthy on the lab version', async () => (JSON.stringify(await versions()) === JSON.stringify(allOn(FROM)) ? true : undefined), 30_000, 250);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-lab-'));
  profileFile = path.join(dir, 'cluster.json');
  fs.writeFileSync(profileFile, JSON.stringify(labProfile(lab, 'sqlserver')), { mode: 0o600 });
  process.env.HA_WIZARD_HOME = path.join(dir, 'home');
  // A cluster already built on the TDS server's database, one key, at the lab's version and year's schema.
  for (const n of state.nodes) fs.writeFileSync(configOf(n), initialNodeConfig({ ...state.options, initial: 'clustered', database: 'sqlserver' }, state.secrets, n.index).content);
  await putBack();
}, 120_000);
afterEach(putBack, 60_000);
afterAll(async () => {
  delete process.env.HA_WIZARD_HOME;
  fs.rmSync(dir, { recursive: true, force: true });
  // The lab as it was: each node's own config, the TDS server's databases without a schema yet.
  await clearSqlServerSchema();
  for (const n of state.nodes) {
    fs.writeFileSync(configOf(n), originalConfigs[n.name]!);
    await injectFault('version', n.name, { clear: true });
  }
}, 120_000);

describe('ha-wizard upgrade on the lab (SQL Server: the TDS test server)', () => {
  it(`coordinated ${FROM} -> 2026.1: every node on 2026.1 and healthy, the schema upgraded, the report kept`, async () => {
    const r = await upgrade('2026.1');
    expect(r.code, r.out + r.err).toBe(0);
    expect(await versions()).toEqual(allOn('2026.1'));
    expect(await readSchemaVersion(lab, 'sqlserver')).toBe(2026);
    const outage = /outage[^\n]*?(\d+(?:\.\d+)?) ?(ms|s)\b/i.exec(r.out);
    process.stdout.write(`upgrade lab: coordinated ${FROM} -> 2026.1 on 3 nodes; ${outage ? `outage ${outage[1]} ${outage[2]}` : 'outage not printed'}\n`);
    const reports = fs.readdirSync(path.join(dir, 'home', 'reports')).filter((f) => /upgrade/.test(f));
    expect(reports.some((f) => f.endsWith('.json')) && reports.some((f) => f.endsWith('.html'))).toBe(true);
    // No secret of the lab in what the admin sees or what is kept.
    const kept = reports.map((f) => fs.readFileSync(path.join(dir, 'home', 'reports', f), 'utf8')).join('\n');
    for (const secret of [lab.databases.sqlserver.password, lab.apiKey]) expect(r.out + r.err + kept).not.toContain(secret);
  }, 240_000);

  it.each([
    // The installer fails for the new version only: putting the old one back still works, as with a bad download.
    ['installer-fails', 'node2', '2026.1'],
    ['upgradedb-fails', 'node1', undefined],
    ['never-healthy', 'node3', '2026.1'],
  ] as const)('%s on %s: rolled back, every node on the old version, configs byte-identical, the database as the rule table says, healthy', async (fault, node, value) => {
    const before = configBytes();
    const schema = await readSchemaVersion(lab, 'sqlserver');
    await injectFault(fault, node, value ? { value } : {});
    undo.push(() => injectFault(fault, node, { clear: true }));
    const r = await upgrade('2026.1');
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.out).toMatch(/rolled back/i);
    expect(await versions()).toEqual(allOn(FROM));
    expect(configBytes()).toEqual(before);
    // 2025 reads 2026's schema (inedo-facts), so the rule table keeps the database as it is when going back:
    // 2026 once node1's upgradedb ran (the faults on node2 and node3 come after it), else as before.
    expect(await readSchemaVersion(lab, 'sqlserver')).toBe(fault === 'upgradedb-fails' ? schema : 2026);
  }, 240_000);

  it('the backup location is full: the run stops before any server is stopped, nothing changed', async () => {
    const before = configBytes();
    await injectFault('backup-full', 'node1');
    undo.push(() => injectFault('backup-full', 'node1', { clear: true }));
    const r = await upgrade('2026.1', lab.backups.full);
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.err).not.toMatch(/stop:node\d: done/);
    expect(await versions()).toEqual(allOn(FROM));
    expect(configBytes()).toEqual(before);
  }, 240_000);

  it('a path the rule table does not know (to 2028.1) is refused before anything changes', async () => {
    const before = configBytes();
    const r = await upgrade('2028.1');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/No plan: the preflight above says what stops the upgrade\. Nothing was changed\./);
    expect(r.out).toMatch(/2028/);
    expect(configBytes()).toEqual(before);
    expect(await versions()).toEqual(allOn(FROM));
  }, 120_000);
});
