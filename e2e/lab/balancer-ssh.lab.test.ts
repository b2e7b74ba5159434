/**
 * Lab: the wizard drives nginx and HAProxy over an SSH login on their hosts (issue 13). While a
 * bounded loop of requests runs through the balancer, node2 is drained (no request reaches it once the
 * drain has taken effect) and resumed (it serves again), then removed from the member list and added
 * back; not one request fails. A config the balancer refuses never replaces the running one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { BalancerControl } from '../../electron/core/balancer/balancer-control';
import { sshBalancerControl } from '../../electron/core/balancer/ssh-balancer-control';
import { HostKeyError } from '../../electron/core/remote/remote-errors';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { parseProfile, type BalancerAccess, type ClusterProfile } from '../../electron/shared/profile';
import { labProfile } from './lab-profile';
import { waitForAllUp } from './load-balancers';
import { requestLoop, tally } from './request-schedule';
import { sleep } from './run';

const lab = inject('lab');
type Kind = 'nginx' | 'haproxy';
const settings = () => ({ connectTimeoutMs: 5000, checkTimeoutMs: 20_000, knownHostsPath: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json') });
const secrets = () => new SecretResolver(envFileSecretSource({ env: {} }));
const NODE2 = lab.nodes[1]!;
/** Once drain() (or a reload) has returned, old nginx workers may still take a request or two: this long at most. */
const TAKES_EFFECT_MS = 1000;
const opened: BalancerControl[] = [];

function profileWith(kind: Kind, a: BalancerAccess): ClusterProfile {
  const r = parseProfile({ ...labProfile(lab), loadBalancer: { type: kind, url: lab.loadBalancers[kind], sticky: false, access: a } });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.profile;
}
const originals = new Map<string, Buffer>();

function access(kind: Kind, fingerprint?: string): BalancerAccess {
  const h = lab.balancerHosts![kind];
  return {
    kind: 'ssh', host: h.address, port: h.sshPort, user: h.user, auth: { kind: 'key', keyPath: h.privateKeyPath },
    hostKeyFingerprint: fingerprint ?? h.hostKeyFingerprint, configPath: h.configPath, ...('runtimeSocket' in h ? { runtimeSocket: h.runtimeSocket } : {}),
  };
}

async function control(kind: Kind): Promise<BalancerControl> {
  const a = access(kind);
  const profile = profileWith(kind, a);
  if (a.kind !== 'ssh') throw new Error('ssh access expected');
  const c = await sshBalancerControl({ profile, access: a, secrets: secrets(), settings: settings() });
  opened.push(c);
  if (!originals.has(kind)) originals.set(kind, fs.readFileSync(a.configPath));
  return c;
}

const lbDir = () => path.dirname(lab.balancerHosts!.nginx.configPath);
const wizardFiles = () => fs.readdirSync(lbDir()).filter((f) => f.includes('.ha-wizard-'));

afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
  // Later files expect the lab's own config: every test here ends with it byte for byte (asserted), backups go.
  for (const f of wizardFiles()) fs.rmSync(path.join(lbDir(), f));
});

/** Runs `count` requests over `spanMs` through the balancer and calls `act(t)` meanwhile; returns the records. */
async function underLoad(kind: Kind, act: () => Promise<void>, count = 300, spanMs = 10_000) {
  const loop = requestLoop(`${lab.loadBalancers[kind]}/health`, count, spanMs);
  await act();
  return loop;
}

describe.each<Kind>(['nginx', 'haproxy'])('%s over SSH', (kind) => {
  it('drains node2 and resumes it under a request loop: no request fails, node2 serves none while drained and serves again after', async () => {
    await waitForAllUp();
    const lb = await control(kind);
    expect((await lb.members()).map((m) => [m.node, m.state])).toEqual(lab.nodes.map((n) => [n.name, 'ready']));
    let drained = 0;
    let resuming = 0;
    let resumed = 0;
    const records = await underLoad(kind, async () => {
      await sleep(2500);
      await lb.drain(NODE2.name);
      drained = Date.now();
      expect((await lb.members()).find((m) => m.node === NODE2.name)?.state).toBe('drain');
      await sleep(4000);
      resuming = Date.now();
      await lb.resume(NODE2.name);
      resumed = Date.now();
    });
    const all = tally(records);
    const before = tally(records, 0, drained - 1500);
    const whileDrained = tally(records, drained + TAKES_EFFECT_MS, resuming);
    const after = tally(records, resumed + TAKES_EFFECT_MS);
    console.log(`${kind} drain/resume: ${JSON.stringify({ resumeMs: resumed - resuming, all, before: before.byNode, whileDrained: whileDrained.byNode, after: after.byNode })}`);
    expect(all.total).toBe(300);
    expect(all.failed).toEqual([]);
    expect(before.byNode[NODE2.hostname] ?? 0).toBeGreaterThan(0);
    expect(whileDrained.total).toBeGreaterThan(50);
    expect(whileDrained.byNode[NODE2.hostname] ?? 0).toBe(0);
    expect(after.byNode[NODE2.hostname] ?? 0).toBeGreaterThan(0);
    expect((await lb.members()).map((m) => m.state)).toEqual(['ready', 'ready', 'ready']);
    expect(fs.readFileSync(lab.balancerHosts![kind].configPath)).toEqual(originals.get(kind));
  }, 60_000);

  it('removes node2 from the member list and adds it back under a request loop: no request fails, and the file ends as it began', async () => {
    await waitForAllUp();
    const lb = await control(kind);
    const backends = lab.nodes.map((n) => ({ name: n.name, host: n.address, port: n.webPort }));
    let removing = 0;
    let removed = 0;
    let adding = 0;
    let added = 0;
    const backupPaths: (string | null)[] = [];
    const records = await underLoad(kind, async () => {
      await sleep(2000);
      removing = Date.now();
      backupPaths.push((await lb.setMembers(backends.filter((b) => b.name !== NODE2.name))).backupPath);
      removed = Date.now();
      expect((await lb.members()).map((m) => m.node)).toEqual(backends.filter((b) => b.name !== NODE2.name).map((b) => b.name));
      await sleep(3500);
      adding = Date.now();
      backupPaths.push((await lb.setMembers(backends)).backupPath);
      added = Date.now();
    });
    const all = tally(records);
    const without = tally(records, removed + TAKES_EFFECT_MS, adding);
    const after = tally(records, added + TAKES_EFFECT_MS);
    console.log(`${kind} remove/add member: ${JSON.stringify({ removeMs: removed - removing, addMs: added - adding, all, without: without.byNode, after: after.byNode })}`);
    expect(all.total).toBe(300);
    expect(all.failed).toEqual([]);
    expect(without.total).toBeGreaterThan(50);
    expect(without.byNode[NODE2.hostname] ?? 0).toBe(0);
    expect(after.byNode[NODE2.hostname] ?? 0).toBeGreaterThan(0);
    // Each rewrite kept the file as it was; the first backup is the lab's own config.
    expect(backupPaths.every((p) => p && fs.existsSync(p))).toBe(true);
    expect(fs.readFileSync(backupPaths[0]!)).toEqual(originals.get(kind));
    expect(fs.readFileSync(lab.balancerHosts![kind].configPath)).toEqual(originals.get(kind));
  }, 60_000);

  it('a config the balancer refuses never replaces the running one: the file is untouched and every request is still served', async () => {
    const lb = await control(kind);
    const configPath = lab.balancerHosts![kind].configPath;
    const before = fs.readFileSync(configPath);
    const filesBefore = wizardFiles();
    // nginx refuses an upstream host it cannot resolve; HAProxy a server name used twice.
    const bad = kind === 'nginx'
      ? [{ name: 'node1', host: lab.nodes[0]!.address, port: 8624 }, { name: 'ghost', host: 'no-such-host.invalid', port: 8624 }]
      : [{ name: 'node1', host: lab.nodes[0]!.address, port: 8624 }, { name: 'node1', host: lab.nodes[1]!.address, port: 8624 }];
    const records = await underLoad(kind, async () => {
      await expect(lb.setMembers(bad)).rejects.toThrow(/refused the new config, so it was not installed/);
    }, 60, 2000);
    expect(tally(records).failed).toEqual([]);
    expect(fs.readFileSync(configPath)).toEqual(before);
    expect(wizardFiles()).toEqual(filesBefore);
    expect((await lb.members()).map((m) => m.node)).toEqual(lab.nodes.map((n) => n.name));
  }, 30_000);

  it('refuses a balancer host whose key is not the pinned one', async () => {
    const wrong = `SHA256:${Buffer.alloc(32, 7).toString('base64').replace(/=+$/, '')}`;
    const a = access(kind, wrong);
    if (a.kind !== 'ssh') throw new Error('ssh access expected');
    const profile = profileWith(kind, a);
    await expect(sshBalancerControl({ profile, access: a, secrets: secrets(), settings: settings() })).rejects.toBeInstanceOf(HostKeyError);
  });
});
