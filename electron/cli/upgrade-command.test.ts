/**
 * `ha-wizard upgrade` in process over the in-memory cluster and the real runner (the servers' side is the
 * lab's: e2e/lab/upgrade.lab.test.ts): what it prints, when it asks, its exit codes, and the report kept.
 * The last test runs the real binary for the option checks commander does.
 */
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpgradeCluster } from '../core/upgrade/testing/fake-upgrade';
import { fakeUpgradeEngine } from '../core/upgrade/testing/fake-upgrade-engine';
import { REAL_UPGRADE_ENGINE } from '../core/upgrade/upgrade-engine';
import { CLI_HOME, runCli, tempFolder } from './cli-fixture';
import { upgradeCommand, type UpgradeOptions } from './upgrade-command';

const IDS = ['node1', 'node2', 'node3'];
let saved: string | undefined;
beforeAll(() => {
  saved = process.env.HA_WIZARD_HOME;
  process.env.HA_WIZARD_HOME = CLI_HOME;
});
afterAll(() => {
  if (saved === undefined) delete process.env.HA_WIZARD_HOME;
  else process.env.HA_WIZARD_HOME = saved;
});

async function run(o: Partial<UpgradeOptions> & { answer?: string; failPreflight?: boolean; setup?: (c: FakeUpgradeCluster) => void } = {}) {
  const cluster = new FakeUpgradeCluster(IDS, '2025.14');
  o.setup?.(cluster);
  const { write } = tempFolder('upgrade-cli-');
  const profile = write('cluster.json', cluster.profile());
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const asked: string[] = [];
  const code = await upgradeCommand(
    { profile, to: '2026.1', mode: 'coordinated', backupDir: '/backups', healthTimeout: 5, connectTimeout: 1000, ...o },
    { out, err, ask: async (q) => (asked.push(q), o.answer ?? 'no') },
    { ...REAL_UPGRADE_ENGINE, ...fakeUpgradeEngine(cluster, { failPreflight: o.failPreflight === true }) },
  );
  return { code, stdout, stderr, asked, cluster };
}

describe('ha-wizard upgrade', () => {
  it('--plan-only prints the preflight and the plan and changes nothing (exit 0)', async () => {
    const r = await run({ planOnly: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Preflight:\n  ok   Every server on one version');
    expect(r.stdout).toContain('Plan: proget 2025.14 -> 2026.1, coordinated upgrade of 3 servers');
    expect(r.stdout).toContain('database: /backups');
    expect(r.stdout).toMatch(/ 1\. backup-database: /);
    expect(r.stdout).toContain('Nothing was changed (--plan-only).');
    expect(r.cluster.journal).toEqual([]);
  });

  it('asks first; anything but yes changes nothing (exit 1)', async () => {
    const r = await run({ answer: 'n' });
    expect(r.asked).toEqual(['Upgrade 3 servers to 2026.1 now? Type yes to go on: ']);
    expect(r.code).toBe(1);
    expect(r.cluster.journal).toEqual([]);
  });

  it('upgrades on yes: a line per step, the outcome, the outage and the report kept (exit 0)', async () => {
    const r = await run({ answer: 'yes' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('install:node2: done — installed 2026.1');
    expect(r.stdout).toContain('Upgraded: every server runs 2026.1');
    expect(r.stdout).toContain('  node3: upgraded, 2025.14 -> 2026.1, healthy');
    expect(r.stdout).toMatch(/outage: \d+ s \(\d+ ms, from the first service stopped to the balancer reopened\)/);
    const kept = /Report kept in (\S+\.html)/.exec(r.stdout)?.[1];
    expect(kept && fs.readFileSync(kept, 'utf8')).toContain('upgrade from 2025.14 to 2026.1');
  });

  it('a failure rolls back (exit 1); a rollback that fails says what to do by hand (exit 2)', async () => {
    const back = await run({ yes: true, setup: (c) => c.faults.push({ on: 'never-healthy', node: 'node3', version: '2026.1' }) });
    expect(back.code).toBe(1);
    expect(back.stdout).toContain('Rolled back: every server is back on 2025.14');
    expect(back.stderr).toContain('undo install:node3: done');
    const stuck = await run({ yes: true, setup: (c) => c.faults.push({ on: 'never-healthy', node: 'node3', version: '2026.1' }, { on: 'install', node: 'node3', version: '2025.14' }) });
    expect(stuck.code).toBe(2);
    expect(stuck.stdout).toContain('ROLLBACK FAILED');
    expect(stuck.stdout).toContain('To do by hand:');
    expect(stuck.stdout).toMatch(/\n {2}\d+\. Finish putting back node3: node3 is now on version 2026\.1/);
  });

  it('a failing preflight: no plan, exit 1', async () => {
    const r = await run({ yes: true, failPreflight: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL Every server on one version');
    expect(r.stdout).toContain('No plan');
    expect(r.cluster.journal).toEqual([]);
  });

  it('the real binary refuses a mode it does not know and a version that is not one', async () => {
    const { write } = tempFolder('upgrade-cli-');
    const profile = write('cluster.json', new FakeUpgradeCluster(IDS, '2025.14').profile());
    const mode = await runCli(['upgrade', '--profile', profile, '--to', '2026.1', '--backup-dir', '/b', '--mode', 'sideways']);
    expect(mode.code).not.toBe(0);
    expect(mode.stderr).toContain('expected coordinated or rolling');
    const version = await runCli(['upgrade', '--profile', profile, '--to', 'latest', '--backup-dir', '/b', '--plan-only']);
    expect(version.code).not.toBe(0);
    expect(version.stderr).toContain('expected a product version like 2026.1');
  }, 60_000);
});
