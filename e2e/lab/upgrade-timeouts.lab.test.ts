/**
 * Lab: a step past its limit lets go of its remote command (issue 14, robustness item 1). The installer-hangs
 * fault makes node1's `docker compose pull` (the Linux upgrader's install) never end; the install, given a
 * 3 s limit through upgrade-timeouts.ts, fails at that limit in words, and the hung command is gone from
 * node1: its SSH channel was closed and KILL sent (exec-channel.ts) over the node's real sshd and non-root
 * login. Then the same node installs and answers again over the same engine sessions. And `ha-wizard upgrade`
 * end to end (SQL Server: the TDS test server, as upgrade.lab.test.ts) with node2's download hung: the run
 * fails that step at its limit, undoes itself, and every node is back on the old version, healthy.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { upgradeCommand } from '../../electron/cli/upgrade-command';
import { REAL_UPGRADE_ENGINE } from '../../electron/core/upgrade/upgrade-engine';
import { runUpgrade } from '../../electron/core/upgrade/upgrade-run';
import { initialNodeConfig } from './initial-node-config';
import { clearSqlServerSchema, writeSchemaVersion } from './schema-version';
import { waitFor } from './run';
import { ClusterContext } from '../../electron/core/run/cluster-context';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { nodeUpgraders } from '../../electron/core/upgrade/node-upgraders';
import { withStepLimit } from '../../electron/core/upgrade/upgrade-timeouts';
import { parseProfile } from '../../electron/shared/profile';
import { injectFault } from './faults';
import { labUser } from './lab-config';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { allHealthyOn, nodeReleases } from './upgrade-cli-helpers';

const lab = inject('lab');
const state = readLabState()!;
const node1 = state.nodes[0]!;
const composeOf = path.join(node1.dir, 'compose', path.basename(lab.nodes[0]!.composeFile));
const original = fs.readFileSync(composeOf);

function context(): ClusterContext {
  const parsed = parseProfile(labProfile(lab, 'postgres'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const knownHostsPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json');
  return new ClusterContext(parsed.profile, { connectTimeoutMs: 3000, checkTimeoutMs: 20_000, knownHostsPath }, new SecretResolver(envFileSecretSource({ env: {} })));
}

/** A node's login running `docker compose ... pull` (the lab shares the host's process table). */
function pullRuns(index = node1.index): Promise<boolean> {
  return promisify(execFile)('pgrep', ['-u', labUser(index), '-f', 'compose -f .* pull ']).then(() => true, (e: { code?: number }) => (e.code === 1 ? false : Promise.reject(e)));
}

async function until(cond: () => Promise<boolean>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(async () => {
  await injectFault('installer-hangs', 'node1', { clear: true });
  fs.writeFileSync(composeOf, original);
}, 60_000);

describe('a hung installer on a lab node', () => {
  it('fails at its limit in words, and its remote command is gone: the channel closed, the process killed', async () => {
    const ctx = context();
    try {
      const up = nodeUpgraders(ctx)[0]!;
      expect(await up.installedVersion()).toBe('2025.14');
      await injectFault('installer-hangs', 'node1', { value: '2026.1' });
      const limitMs = 3000;
      const started = Date.now();
      const install = withStepLimit('install', 'node1', { stepLimitsMs: { install: limitMs } }, (signal) => up.install('2026.1', { signal }));
      const failed = install.then(() => null, (e: Error) => e);
      // The download runs on node1 (and hangs) before the limit.
      expect(await until(pullRuns, limitMs - 500)).toBe(true);
      const error = await failed;
      const waited = Date.now() - started;
      expect(error?.message).toBe('the installer on node1 did not finish within 3 s: the wizard stopped waiting and abandoned it (its connection to the command is closed)');
      expect(waited).toBeGreaterThanOrEqual(limitMs);
      expect(waited).toBeLessThan(limitMs + 2000);
      // Let go of on node1 too, not left running there.
      expect(await until(async () => !(await pullRuns()), 5000)).toBe(true);
      console.log(`hung install: failed after ${waited} ms (limit ${limitMs} ms); node1's pull gone`);

      // The node is served on by the same sessions: the old version installs again (the compose file had the new tag).
      await injectFault('installer-hangs', 'node1', { clear: true });
      const back = await up.install('2025.14');
      expect(back.exitCode, back.output).toBe(0);
      expect(await up.installedVersion()).toBe('2025.14');
      expect(fs.readFileSync(composeOf).equals(original)).toBe(true);
    } finally {
      await ctx.close();
    }
  }, 60_000);
});

describe('ha-wizard upgrade with node2\'s installer hung (SQL Server: the TDS test server)', () => {
  const FROM = lab.version;
  const configOf = (n: (typeof state.nodes)[number]) => path.join(n.dir, 'config', state.configFileName);
  const originalConfigs = Object.fromEntries(state.nodes.map((n) => [n.name, fs.readFileSync(configOf(n))]));
  const composeFiles = state.nodes.map((n) => path.join(n.dir, 'compose', path.basename(lab.nodes[0]!.composeFile)));
  const originalComposes = composeFiles.map((f) => fs.readFileSync(f));
  let dir = '';
  const versions = () => nodeReleases(lab);
  const allOn = (v: string) => allHealthyOn(lab, v);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-timeouts-lab-'));
    fs.writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(labProfile(lab, 'sqlserver')), { mode: 0o600 });
    process.env.HA_WIZARD_HOME = path.join(dir, 'home');
    // A cluster on the TDS server's database at the lab's version and its year's schema (as upgrade.lab.test.ts).
    for (const n of state.nodes) fs.writeFileSync(configOf(n), initialNodeConfig({ ...state.options, initial: 'clustered', database: 'sqlserver' }, state.secrets, n.index).content);
    for (const n of lab.nodes) await injectFault('version', n.name, { clear: true });
    await writeSchemaVersion(lab, 'sqlserver', Number(FROM.split('.')[0]));
    await waitFor('every node healthy on the lab version', async () => (JSON.stringify(await versions()) === JSON.stringify(allOn(FROM)) ? true : undefined), 30_000, 250);
  }, 120_000);

  afterAll(async () => {
    delete process.env.HA_WIZARD_HOME;
    await injectFault('installer-hangs', 'node2', { clear: true });
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await clearSqlServerSchema();
    composeFiles.forEach((f, i) => fs.writeFileSync(f, originalComposes[i]!));
    for (const n of state.nodes) {
      fs.writeFileSync(configOf(n), originalConfigs[n.name]!);
      await injectFault('version', n.name, { clear: true });
    }
  }, 120_000);

  it('the install on node2 fails at its limit, the run is undone: every node on the old version, configs byte-identical, healthy', async () => {
    const before = state.nodes.map((n) => fs.readFileSync(configOf(n)).toString('base64'));
    await injectFault('installer-hangs', 'node2', { value: '2026.1' });
    // The CLI's own code, with the install's limit made short through the engine seam (the default is 60 min).
    const engine = { ...REAL_UPGRADE_ENGINE, runUpgrade: ((plan, deps) => runUpgrade(plan, { ...deps, stepLimitsMs: { install: 5000 } })) as typeof runUpgrade };
    let out = '';
    let err = '';
    const sink = (add: (t: string) => void) => new Writable({ write(chunk, _e, done) { add(String(chunk)); done(); } }) as unknown as NodeJS.WriteStream;
    const started = Date.now();
    const code = await upgradeCommand(
      { profile: path.join(dir, 'cluster.json'), to: '2026.1', mode: 'coordinated', backupDir: lab.backups.roomy, yes: true, healthTimeout: 20, connectTimeout: 3000, knownHosts: path.join(dir, 'known_hosts.json') },
      { out: sink((t) => (out += t)), err: sink((t) => (err += t)) }, engine,
    );
    const ms = Date.now() - started;
    expect(code, out + err).toBe(1);
    expect(out).toMatch(/rolled back/i);
    expect(out + err).toContain('the installer on node2 did not finish within 5 s');
    expect(await versions()).toEqual(allOn(FROM));
    expect(state.nodes.map((n) => fs.readFileSync(configOf(n)).toString('base64'))).toEqual(before);
    // node2's hung download was let go of on node2 as well.
    expect(await pullRuns(state.nodes[1]!.index)).toBe(false);
    console.log(`upgrade with node2's installer hung: rolled back in ${ms} ms (install limit 5 s)`);
  }, 240_000);
});
