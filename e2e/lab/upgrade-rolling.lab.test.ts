/**
 * Lab: `ha-wizard upgrade` behind the lab's real HAProxy, driven through its runtime API (issue 14's last
 * two lab proofs), on the TDS test server standing in for SQL Server (as upgrade.lab.test.ts: this
 * machine's pg_dump 15 cannot dump the lab's PostgreSQL 17).
 * 1. A rolling 2025.14 -> 2025.20 upgrade (a maintenance release, which the lab's registry has) while a
 *    bounded request loop goes through HAProxy for the whole run: no request fails, each server gets no
 *    request while drained, every server ends on 2025.20 and healthy; the count and the mixed-version
 *    window are printed.
 * 2. node2's link drops the moment its install starts in a coordinated upgrade, and comes back once the
 *    run has given up on it: the run is rolled back, every server on the old version, its files
 *    byte-identical, healthy and back in rotation.
 * The engine is the real one; the test only listens to its events (to time them, and to cut the link at
 * an exact step), through the CLI's own `engine` parameter.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { upgradeCommand } from '../../electron/cli/upgrade-command';
import { haproxyApiControl } from '../../electron/core/balancer/haproxy-api-control';
import { REAL_UPGRADE_ENGINE, type UpgradeEngine } from '../../electron/core/upgrade/upgrade-engine';
import { parseProfile, type ClusterProfile } from '../../electron/shared/profile';
import type { UpgradeEvent, UpgradeMode, UpgradeReport } from '../../electron/shared/upgrade-schema';
import { injectFault } from './faults';
import { initialNodeConfig } from './initial-node-config';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { haproxyCommand, haproxyServerStates, waitForAllUp } from './load-balancers';
import { type RequestRecord, failedRequests, servedCounts, startRequestLoop } from './request-loop';
import { clearSqlServerSchema, readSchemaVersion, writeSchemaVersion } from './schema-version';
import { COMPOSE_FILE_NAME } from './stand-in/compose-file';
import { sshTo } from './test-helpers';
import { waitFor } from './run';
import { allHealthyOn, nodeReleases, sink } from './upgrade-cli-helpers';

const lab = inject('lab');
const state = readLabState()!;
const FROM = lab.version;
/** A maintenance release after the lab's version that the lab's registry has (stand-in/version-registry.ts). */
const MAINTENANCE = '2025.20';
/** Every file the run backs up and must put back byte for byte: the env config and the compose file. */
const filesOf = (n: (typeof state.nodes)[number]) => [path.join(n.dir, 'config', state.configFileName), path.join(n.dir, 'compose', COMPOSE_FILE_NAME)];
const originalConfigs = Object.fromEntries(state.nodes.map((n) => [n.name, fs.readFileSync(filesOf(n)[0]!)]));
const fileBytes = () => state.nodes.flatMap((n) => filesOf(n).map((f) => `${n.name} ${path.basename(f)} ${fs.readFileSync(f).toString('base64')}`));
const addressOf = (id: string) => lab.nodes.find((n) => n.name === id)!.address;

const raw = labProfile(lab, 'sqlserver');
const withAccess = { ...raw, loadBalancer: { ...raw.loadBalancer, access: { kind: 'haproxy-api' as const, ...lab.loadBalancers.haproxyApi } } };
function parsed(p: unknown): ClusterProfile {
  const r = parseProfile(p);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.profile;
}
const control = haproxyApiControl(parsed(withAccess), lab.loadBalancers.haproxyApi);

let dir: string;
let profileFile: string;
const undo: (() => Promise<unknown>)[] = [];

type Timed = { at: number; e: UpgradeEvent };
/** The real engine, its events timed and handed to `hook` (awaited, so a fault lands before the step runs). */
function listening(hook: (e: UpgradeEvent) => Promise<void> = async () => {}): { engine: UpgradeEngine; events: Timed[]; report: () => UpgradeReport } {
  const events: Timed[] = [];
  let report: UpgradeReport | null = null;
  const engine: UpgradeEngine = {
    ...REAL_UPGRADE_ENGINE,
    runUpgrade: async (plan, deps) => {
      report = await REAL_UPGRADE_ENGINE.runUpgrade(plan, { ...deps, emit: async (e) => {
        events.push({ at: Date.now(), e });
        await hook(e);
        await deps.emit(e);
      } });
      return report;
    },
  };
  return { engine, events, report: () => report ?? (() => { throw new Error('the run never started'); })() };
}

async function upgrade(to: string, mode: UpgradeMode, engine: UpgradeEngine): Promise<{ code: number; out: string; err: string; ms: number }> {
  const [o, e] = [sink(), sink()];
  const t0 = Date.now();
  const code = await upgradeCommand(
    { profile: profileFile, to, mode, backupDir: lab.backups.roomy, yes: true, healthTimeout: 20, connectTimeout: 3000, knownHosts: path.join(dir, 'known_hosts.json') },
    { out: o.stream, err: e.stream }, engine,
  );
  return { code, out: o.text(), err: e.text(), ms: Date.now() - t0 };
}

const versions = () => nodeReleases(lab);
const allOn = (v: string) => allHealthyOn(lab, v);
const at = (events: Timed[], stepId: string, status: string, type = 'upgrade-step') =>
  events.find((x) => x.e.type === type && 'stepId' in x.e && x.e.stepId === stepId && x.e.status === status)?.at;

/** Every link up, every node back on the lab's version and in rotation, the schema back at its year. */
async function putBack(): Promise<void> {
  for (const f of undo.splice(0).reverse()) await f();
  for (const n of lab.nodes) await injectFault('version', n.name, { clear: true });
  await writeSchemaVersion(lab, 'sqlserver', Number(FROM.split('.')[0]));
  for (const n of lab.nodes) await control.resume(n.name);
  await waitFor('every node healthy on the lab version', async () => (JSON.stringify(await versions()) === JSON.stringify(allOn(FROM)) ? true : undefined), 30_000, 250);
  await waitForAllUp(15_000);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-rolling-lab-'));
  profileFile = path.join(dir, 'cluster.json');
  fs.writeFileSync(profileFile, JSON.stringify(withAccess), { mode: 0o600 });
  process.env.HA_WIZARD_HOME = path.join(dir, 'home');
  // A cluster already built on the TDS server's database, one key, at the lab's version and year's schema.
  for (const n of state.nodes) fs.writeFileSync(filesOf(n)[0]!, initialNodeConfig({ ...state.options, initial: 'clustered', database: 'sqlserver' }, state.secrets, n.index).content);
  await putBack();
}, 120_000);
afterEach(putBack, 90_000);
afterAll(async () => {
  delete process.env.HA_WIZARD_HOME;
  fs.rmSync(dir, { recursive: true, force: true });
  await clearSqlServerSchema();
  for (const n of state.nodes) {
    fs.writeFileSync(filesOf(n)[0]!, originalConfigs[n.name]!);
    await injectFault('version', n.name, { clear: true });
  }
}, 120_000);

describe('ha-wizard upgrade behind HAProxy (SQL Server: the TDS test server)', () => {
  it(`rolling ${FROM} -> ${MAINTENANCE}: every request through HAProxy served, no server sent requests while drained, every server on ${MAINTENANCE}`, async () => {
    expect(FROM).toMatch(/^2025\./);
    const { engine, events } = listening();
    // About 20 requests a second, capped at 4000 and three minutes: the proof, not a load test.
    const loop = startRequestLoop(`${lab.loadBalancers.haproxy}/health`, { concurrency: 1, pauseMs: 50, maxRequests: 4000, maxMs: 180_000 });
    let records: RequestRecord[];
    let r;
    try {
      r = await upgrade(MAINTENANCE, 'rolling', engine);
    } finally {
      records = await loop.stop();
    }
    expect(r.code, r.out + r.err).toBe(0);
    expect(await versions()).toEqual(allOn(MAINTENANCE));
    expect(Object.values(await waitForAllUp(10_000))).toEqual(['UP', 'UP', 'UP']);
    // A maintenance release leaves the schema alone.
    expect(await readSchemaVersion(lab, 'sqlserver')).toBe(Number(FROM.split('.')[0]));

    const failed = failedRequests(records);
    for (const n of lab.nodes) {
      const drained = at(events, `drain:${n.name}`, 'done');
      const resuming = at(events, `resume:${n.name}`, 'started');
      expect(drained && resuming, `${n.name} drained and resumed`).toBeTruthy();
      // Requests sent from just after the drain until the resume began: none reached this server.
      const while_ = records.filter((x) => x.at > drained! + 200 && x.at < resuming!);
      expect(while_.length).toBeGreaterThan(0);
      expect(servedCounts(while_)[addressOf(n.name)] ?? 0).toBe(0);
    }
    // Two versions serve side by side from node1 back in rotation on the new one until the last one is.
    const first = at(events, `resume:${lab.nodes[0]!.name}`, 'done')!;
    const last = at(events, `resume:${lab.nodes[lab.nodes.length - 1]!.name}`, 'done')!;
    const window = ((last - first) / 1000).toFixed(1);
    process.stdout.write(`upgrade lab: rolling ${FROM} -> ${MAINTENANCE} on 3 nodes in ${(r.ms / 1000).toFixed(1)} s; ${records.length} requests through HAProxy, ${failed.length} failed; mixed-version window ${window} s; served ${JSON.stringify(servedCounts(records))}\n`);
    expect(failed).toEqual([]);
  }, 240_000);

  it(`coordinated ${FROM} -> 2026.1, node2's link lost as its install starts and back once the run gives up on it: rolled back, every server on ${FROM}, files byte-identical, healthy, in rotation`, async () => {
    const before = fileBytes();
    const { r, rep, line } = await linkLostAtInstall(true);
    process.stdout.write(`${line}\n`);
    expect(r.code, r.out + r.err).toBe(1);
    expect(rep.status).toBe('rolled-back');
    expect(r.out).toContain(`Rolled back: every server is back on ${FROM}`);
    expect(rep.nodes.map((n) => [n.id, n.result, n.versionAfter, n.healthy])).toEqual(lab.nodes.map((n) => [n.name, 'restored', FROM, true]));
    expect(rep.manualSteps).toEqual([]);
    expect(await versions()).toEqual(allOn(FROM));
    expect(fileBytes()).toEqual(before);
    expect(await waitForAllUp(10_000)).toEqual({ node1: 'UP', node2: 'UP', node3: 'UP' });
    // node1 ran 2026.1, which upgraded the schema at start; 2025 reads 2026's (the rule table), so it stays.
    expect(await readSchemaVersion(lab, 'sqlserver')).toBe(2026);
  }, 240_000);

  it(`the same with node2's link still down through the rollback: the others back on ${FROM} and in rotation, node2 out of rotation, and the report says exactly what is left on node2, down to putting it back into rotation`, async () => {
    const before = fileBytes();
    const { r, rep, line } = await linkLostAtInstall(false);
    process.stdout.write(`${line}\n`);
    expect(r.code, r.out + r.err).toBe(2);
    expect(rep.status).toBe('rollback-failed');
    expect(r.out).toContain('ROLLBACK FAILED: act now (below)');
    expect(rep.nodes.map((n) => [n.id, n.result, n.healthy])).toEqual([['node1', 'restored', true], ['node2', 'rollback-failed', false], ['node3', 'restored', true]]);
    // Exactly node2 is left, with the four steps that finish it; its backups named with their hashes.
    expect(rep.manualSteps.map((m) => m.title)).toEqual(['Finish putting back node2', 'Put node2 back into rotation at HAProxy']);
    const node2 = lab.nodes[1]!;
    const manual = rep.nodes[1]!.manual ?? '';
    expect(manual).toBe(rep.manualSteps[0]!.detail);
    expect(manual).toMatch(new RegExp(`^node2 is now on a version the installer could not tell \\(it should be on ${esc(FROM)}\\); the rollback stopped because: .+\\. To finish by hand: 1\\) stop the product's service on it; `
      + `2\\) set the image tag of the service "${node2.composeService}" in ${esc(node2.composeFile)} to ${esc(FROM)}, then run: docker compose -f ${esc(node2.composeFile)} up -d ${node2.composeService}; `
      + `3\\) copy back, replacing what is there: \\S+ over ${esc(node2.composeFile)} \\(sha256 [0-9a-f]{12}…, \\d+ bytes\\); \\S+ over ${esc(node2.configPath)} \\(sha256 [0-9a-f]{12}…, \\d+ bytes\\); `
      + `4\\) start the service and check that ${esc(node2.url)}/health answers OK with version ${esc(FROM)}\\.$`));
    expect(r.out).toContain(`To do by hand:\n  1. Finish putting back node2: ${manual}\n  2. Put node2 back into rotation at HAProxy: `);
    // The others are back and serving; node2, not put back, is kept out of rotation.
    expect((await versions()).filter((v) => !v.startsWith('node2'))).toEqual(allOn(FROM).filter((v) => !v.startsWith('node2')));
    const states = await haproxyServerStates();
    expect([states.node1, states.node3]).toEqual(['UP', 'UP']);
    expect(states.node2).not.toBe('UP');
    // Nothing on node2 changed (its install never got through); the others' files are back byte for byte.
    expect(fileBytes()).toEqual(before);
    // An admin finishes node2 from the report, link back: its files are already as backed up (steps 1 and 3
    // change nothing), so the installer command it names (step 2), then its /health at the old version (step 4).
    const command = /2\) set the image tag [^;]*, then run: (docker compose -f \S+ up -d \S+);/.exec(manual)?.[1];
    expect(command).toBeDefined();
    const ssh = await sshTo(node2, 'key');
    try {
      const ran = await ssh.exec(command!);
      expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    } finally {
      ssh.close();
    }
    await waitFor(`node2 healthy on ${FROM}`, async () => ((await versions())[1] === `node2 200 ${FROM}` ? true : undefined), 30_000, 250);
    // Healthy again, yet still out of rotation: the wizard left it drained, for the admin to put back.
    expect(await waitFor('HAProxy counting node2 healthy but drained', async () => ((await haproxyServerStates()).node2 === 'DRAIN' ? 'DRAIN' : undefined), 15_000, 250)).toBe('DRAIN');
    // The report's last step puts it back: its runtime command, sent as the admin would at the HAProxy host.
    const ready = /set server \S+ state ready/.exec(rep.manualSteps[1]!.detail)?.[0];
    expect(ready).toBe('set server inedo_nodes/node2 state ready');
    expect((await haproxyCommand(ready!)).trim()).toBe('');
    expect(await waitForAllUp(10_000)).toEqual({ node1: 'UP', node2: 'UP', node3: 'UP' });
  }, 240_000);
});

const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A coordinated upgrade to 2026.1 whose node2 loses its link the moment its install starts. `backForRollback`:
 * the link comes back once the run has given up on node2 (its first error), else only after the run ends.
 */
async function linkLostAtInstall(backForRollback: boolean) {
  let downAt: number | null = null;
  let upAt: number | null = null;
  const linkUp = async () => {
    await injectFault('link-down', 'node2', { clear: true });
    upAt = Date.now();
  };
  undo.push(() => injectFault('link-down', 'node2', { clear: true }));
  const { engine, events, report } = listening(async (e) => {
    if (downAt === null && e.type === 'upgrade-step' && e.stepId === 'install:node2' && e.status === 'started') {
      await injectFault('link-down', 'node2');
      downAt = Date.now();
    } else if (backForRollback && downAt !== null && upAt === null && e.type === 'upgrade-log' && e.level === 'error') {
      await linkUp();
    }
  });
  const r = await upgrade('2026.1', 'coordinated', engine);
  if (upAt === null) await linkUp();
  const rep = report();
  expect(downAt, 'the link was cut at node2\'s install').not.toBeNull();
  expect(rep.reason).toMatch(/^install:node2 failed: /);
  const failedAt = at(events, 'install:node2', 'failed');
  const secs = (a: number | null | undefined, b: number | null | undefined) => (a && b ? ((b - a) / 1000).toFixed(1) : '?');
  const line = `upgrade lab: node2's link lost at its install${backForRollback ? '' : ' and through the rollback'}: ${rep.status} in ${(r.ms / 1000).toFixed(1)} s; `
    + `the install failed ${secs(downAt, failedAt)} s after the link dropped (${rep.reason}); link down ${secs(downAt, upAt)} s; `
    + `servers ${rep.nodes.map((n) => `${n.id} ${n.result} ${n.versionAfter ?? '?'}`).join(', ')}`;
  return { r, rep, line };
}
