/**
 * Lab: drift against the real 3-node lab. The cluster is applied once (the applied state saved as the
 * app saves it after apply.done), then each kind of drift is made by hand, one at a time, found and
 * named, and undone: a key changed, a connection string edited, an extension on one node only, a node
 * removed from HAProxy's config, a version bumped. A clean cluster reports none (exit 0).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyPlan } from '../../electron/core/apply/apply';
import { createPlan } from '../../electron/core/apply/plan';
import { checkDrift } from '../../electron/core/drift/check-drift';
import { driftStoreFor, keepAppliedState } from '../../electron/core/engine/drift-calls';
import { driftCommand } from '../../electron/cli/drift-command';
import { parseProfile, type ClusterProfile } from '../../electron/shared/profile';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import type { DriftReport } from '../../electron/shared/drift';
import { editNodeConfig } from './check-helpers';
import { addExtraExtensions } from './drift-lab';
import { membersThrough } from '../../electron/core/drift/balancer-members';
import { openDriftBalancer } from '../../electron/core/drift/open-drift-balancer';
import { faultScope } from './fault-scope';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { restartLoadBalancers, waitForAllUp } from './load-balancers';
import { serviceAction } from './nodes';
import { waitFor } from './run';
import { getJson } from './test-helpers';
import { PRODUCTS } from '../../electron/shared/products';

const lab = inject('lab');
const { cleanups, fault } = faultScope();
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'haw-drift-'));
const reportsDir = path.join(home, 'reports');
const settings = { connectTimeoutMs: 3000, checkTimeoutMs: 20_000, knownHostsPath: path.join(home, 'known_hosts.json') };
const secrets = () => new SecretResolver(envFileSecretSource({ env: {} }));
const tool = { name: 'ha-wizard', version: 'test' };

/** The lab's profile; `api`: with HAProxy's runtime API as the balancer access (the members are then compared). */
function profile(api = false): ClusterProfile {
  const raw = labProfile(lab);
  const p = parseProfile(api ? { ...raw, loadBalancer: { ...raw.loadBalancer, access: { kind: 'haproxy-api', ...lab.loadBalancers.haproxyApi } } } : raw);
  if (!p.ok) throw new Error('lab profile invalid');
  return p.profile;
}
const configFile = (name: string) => {
  const state = readLabState()!;
  return path.join(state.nodes.find((n) => n.name === name)!.dir, 'config', state.configFileName);
};
/** The engine's check, members read through the engine's own balancer control (HAProxy's runtime API). */
const check = () => {
  const s = secrets();
  return checkDrift({ profile: profile(true), secrets: s, settings, store: driftStoreFor(reportsDir), members: membersThrough((p) => openDriftBalancer(p, s, settings)) });
};
const summary = (r: DriftReport) => r.differences.map((d) => [d.node, d.kind]);
const allHealthy = () => waitFor('every node healthy', async () => ((await Promise.all(lab.nodes.map((n) => getJson(`${n.url}/health`).catch(() => ({ status: 0 }))))).every((x) => x.status === 200) ? true : undefined), 20_000);
/** The CLI's own command, in process, with its data folder where the applied state was saved. */
async function cli(json = false): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
  const file = path.join(home, 'profile.json');
  fs.writeFileSync(file, JSON.stringify(labProfile(lab)));
  const code = await driftCommand({ profile: file, json, connectTimeout: 3000, knownHosts: settings.knownHostsPath, acceptHostKey: [] }, { out: sink, err: sink }, home);
  return { code, out };
}

let original: Record<string, Buffer>;
beforeAll(async () => {
  const state = readLabState()!;
  original = Object.fromEntries(state.nodes.map((n) => [n.name, fs.readFileSync(configFile(n.name))]));
  // The cluster as the wizard leaves it: one database and one key everywhere, then its state saved.
  const plan = await createPlan({ profile: profile(), settings, secrets: secrets(), tool });
  const report = await applyPlan({ plan, settings, secrets: secrets(), healthTimeoutMs: 8000 });
  expect(report.status).toMatch(/applied|nothing-to-do/);
  expect(await keepAppliedState({ plan, secrets: secrets(), settings, reportsDir, appliedAt: report.finishedAt })).toBeNull();
}, 120_000);
afterAll(async () => {
  const state = readLabState()!;
  for (const n of state.nodes) {
    fs.writeFileSync(configFile(n.name), original[n.name]!);
    for (const f of fs.readdirSync(path.join(n.dir, 'config')).filter((x) => x.includes('.ha-wizard-'))) fs.rmSync(path.join(n.dir, 'config', f));
    await serviceAction(n, 'restart');
  }
  fs.rmSync(home, { recursive: true, force: true });
}, 60_000);

describe('drift', () => {
  it('a clean cluster reports no drift, compared with the applied state (CLI exit 0)', async () => {
    const r = await check();
    expect(r.basis).toBe('applied');
    expect(r.differences).toEqual([]);
    expect(r.unreadable).toEqual([]);
    expect(r.noDriftSince).not.toBeNull();
    const c = await cli();
    expect(c.code, c.out).toBe(0);
    expect(c.out).toMatch(/^No drift \(compared with the state saved by the apply of /);
    // The CLI has no balancer access in the lab profile: said, not an error.
    expect(c.out).toContain('members were not compared');
  });

  it('a key changed by hand on node2 is named, as fingerprints only; `since` holds across checks (CLI exit 1)', async () => {
    const key = (t: string) => /PROGET_ENCRYPTION_KEY=(\w+)/.exec(t)![1]!;
    const clusterKey = key(original.node2 ? fs.readFileSync(configFile('node2'), 'utf8') : '');
    const newKey = 'f'.repeat(32);
    cleanups.push(editNodeConfig(lab, 'node2', (t) => t.replace(/PROGET_ENCRYPTION_KEY=\w+/, `PROGET_ENCRYPTION_KEY=${newKey}`)));
    const first = await check();
    expect(summary(first)).toEqual([['node2', 'encryption-key']]);
    expect(first.differences[0]!.expected).toMatch(/^key:[0-9a-f]{12}$/);
    const second = await check();
    expect(second.differences[0]!.since).toBe(first.differences[0]!.since);
    const c = await cli(true);
    expect(c.code).toBe(1);
    expect(c.out).not.toContain(newKey);
    expect(c.out).not.toContain(clusterKey);
    expect(c.out).not.toContain(lab.databases.postgres.password);
  });

  it('a connection string edited on node3 names its server, database and user, never the password', async () => {
    cleanups.push(editNodeConfig(lab, 'node3', (t) => t.replace(/Database=proget;/i, 'Database=proget_copy;')));
    const r = await check();
    expect(summary(r)).toEqual([['node3', 'database']]);
    expect(r.differences[0]).toMatchObject({ what: 'database connection (server, database, user)', found: expect.stringMatching(/database proget_copy, user /) });
    expect(JSON.stringify(r)).not.toContain(lab.databases.postgres.password);
  });

  it('an extension present on node1 only is named on node1', async () => {
    cleanups.push(addExtraExtensions(readLabState()!.nodes.find((n) => n.name === 'node1')!.dir, { OnlyHere: '1.0.0' }));
    const r = await check();
    expect(summary(r)).toEqual([['node1', 'extensions']]);
    expect(r.differences[0]!.what).toBe('extensions (only here: OnlyHere)');
  });

  it('a node removed from the balancer\'s config is named', async () => {
    const backends = (names: string[]) => lab.nodes.filter((n) => names.includes(n.name)).map((n) => ({ name: n.name, host: n.address, port: PRODUCTS[lab.product].defaultPort }));
    await restartLoadBalancers(backends(['node1', 'node2']));
    cleanups.push(async () => {
      await restartLoadBalancers(backends(['node1', 'node2', 'node3']));
      await waitForAllUp(20_000);
    });
    const r = await check();
    expect(summary(r)).toEqual([['node3', 'balancer-members']]);
    expect(r.differences[0]).toMatchObject({ expected: 'in the balancer', found: 'not in the balancer' });
  }, 60_000);

  it('a version bumped on node2 is named; nothing was restarted by the check', async () => {
    cleanups.push(() => allHealthy()); // runs after the fault is cleared (cleanups run last first)
    await fault('version', 'node2', { value: '2025.16' });
    await allHealthy();
    const r = await check();
    expect(summary(r)).toEqual([['node2', 'version']]);
    expect(r.differences[0]).toMatchObject({ expected: lab.options.version, found: '2025.16' });
  }, 60_000);

  it('once every change is undone, the drift is gone and forgotten', async () => {
    const r = await check();
    expect(r.differences).toEqual([]);
  });
});
