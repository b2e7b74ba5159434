/**
 * Lab: "the database at its old schema" where going back needs the database restored (issue 14, item 6).
 * 2024 cannot read 2025's schema (the rule table's 2024 -> 2025 row: restoreDatabaseOnRollback; the lab's
 * 2024 stand-in refuses a newer schema), so a coordinated 2024.30 -> 2025.14 that fails after node1 upgraded
 * the schema must restore the database from its backup before any 2024 server starts again. On the TDS test
 * server (ProGet 2024 runs on SQL Server only; SQL Server itself cannot run here), whose BACKUP/RESTORE write
 * and read real files: every node back on 2024.30, configs byte-identical, healthy, the schema 2024 again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { injectFault } from './faults';
import { initialNodeConfig } from './initial-node-config';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { readSchemaVersion, restoreSchemaVersion, writeSchemaVersion } from './schema-version';
import { allHealthyOn, everyNodeOn, nodeReleases, outageSaid, upgradeThroughCli } from './upgrade-cli-helpers';

const lab = inject('lab');
const state = readLabState()!;
const OLD = '2024.30';
const NEW = '2025.14';
const configOf = (n: (typeof state.nodes)[number]) => path.join(n.dir, 'config', state.configFileName);
const originalConfigs = Object.fromEntries(state.nodes.map((n) => [n.name, fs.readFileSync(configOf(n))]));
const configBytes = () => state.nodes.map((n) => fs.readFileSync(configOf(n)).toString('base64'));
let schemaBefore: number | null = null;
let dir: string;
let profileFile: string;
const undo: (() => Promise<unknown>)[] = [];

/** Every fault cleared, the schema at 2024 (as a 2024 install has it), every node healthy on 2024.30. */
async function onOldVersion(o: { restart?: boolean } = {}): Promise<void> {
  for (const f of undo.splice(0).reverse()) await f();
  await writeSchemaVersion(lab, 'sqlserver', 2024);
  await everyNodeOn(lab, OLD, o);
}

beforeAll(async () => {
  schemaBefore = await readSchemaVersion(lab, 'sqlserver');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-restore-db-'));
  profileFile = path.join(dir, 'cluster.json');
  fs.writeFileSync(profileFile, JSON.stringify(labProfile(lab, 'sqlserver')), { mode: 0o600 });
  process.env.HA_WIZARD_HOME = path.join(dir, 'home');
  // A cluster already built on the TDS server's database, one key.
  for (const n of state.nodes) fs.writeFileSync(configOf(n), initialNodeConfig({ ...state.options, initial: 'clustered', database: 'sqlserver' }, state.secrets, n.index).content);
  // Restarted, so each reads the config just written.
  await onOldVersion({ restart: true });
}, 120_000);
afterEach(() => onOldVersion(), 60_000);
afterAll(async () => {
  delete process.env.HA_WIZARD_HOME;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  // The lab as it was: each node's own config at the lab's version, the TDS server's schema as this file found it.
  for (const n of state.nodes) fs.writeFileSync(configOf(n), originalConfigs[n.name]!);
  await restoreSchemaVersion(lab, 'sqlserver', schemaBefore);
  await Promise.all(state.nodes.map((n) => injectFault('version', n.name, { clear: true })));
}, 120_000);

describe(`ha-wizard upgrade ${OLD} -> ${NEW} on the TDS test server: a rollback that needs the database restored`, () => {
  it.each([
    // The installer fails for the new version only, after node1 ran upgradedb: putting 2024.30 back still works.
    ['installer-fails', 'node2', NEW],
    ['never-healthy', 'node3', NEW],
  ] as const)('%s on %s: every node back on 2024.30, configs byte-identical, the backup restored, the schema 2024 again, healthy', async (fault, node, value) => {
    const before = configBytes();
    expect(await readSchemaVersion(lab, 'sqlserver')).toBe(2024);
    await injectFault(fault, node, { value });
    undo.push(() => injectFault(fault, node, { clear: true }));
    const r = await upgradeThroughCli({ profileFile, dir, to: NEW, backupDir: lab.backups.roomy, healthTimeoutS: 8 });
    expect(r.code, r.out + r.err).toBe(1);
    // node1's upgradedb ran (exit 0) before the fault: the schema had changed.
    expect(r.out).toMatch(/schema upgrade exit code: 0/);
    expect(r.out).toMatch(new RegExp(`Rolled back: every server is back on ${OLD.replace('.', '\\.')}`));
    const backup = /database backup: (\S+\.bak) \(restored from it\)/.exec(r.out);
    expect(backup, r.out).not.toBeNull();
    expect(fs.statSync(backup![1]!).size).toBeGreaterThan(0);
    expect(await nodeReleases(lab)).toEqual(allHealthyOn(lab, OLD));
    expect(configBytes()).toEqual(before);
    expect(await readSchemaVersion(lab, 'sqlserver')).toBe(2024);
    process.stdout.write(`upgrade lab (TDS): ${OLD} -> ${NEW}, ${fault} on ${node}, rolled back with the database restored in ${r.ms} ms; ${outageSaid(r.out)}\n`);
  }, 120_000);
});
