/**
 * Lab: live cluster health against the real 3-node lab: the healthy snapshot, then one fault at a time
 * (a service that will not start, a dead link, a changed version, a node whose storage is its own, an
 * untrusted host key), and the `ha-wizard health` command as a child process.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { configFormatOf, keyFingerprint, parseProductConfig } from '../../electron/core/config/product-config';
import { ClusterHealthMonitor, type ClusterHealthSnapshot } from '../../electron/core/health/cluster-health';
import { parseProfile, type ClusterProfileInput } from '../../electron/shared/profile';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { injectFault } from './faults';
import { faultScope } from './fault-scope';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { waitForAllUp } from './load-balancers';
import { SHARED_DIR } from './nodes';
import { waitFor } from './run';

const lab = inject('lab');
const { cleanups, fault } = faultScope();
const tmpKnownHosts = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json');

function monitor(o: { timeoutMs?: number; change?: (p: ClusterProfileInput) => ClusterProfileInput } = {}): ClusterHealthMonitor {
  const parsed = parseProfile((o.change ?? ((p) => p))(labProfile(lab)));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const m = new ClusterHealthMonitor({
    profile: parsed.profile, secrets: new SecretResolver(envFileSecretSource({ env: {} })), knownHostsPath: tmpKnownHosts(), timeoutMs: o.timeoutMs ?? 3000,
  });
  // Registered before any fault, so it is closed after the fault is cleared (cleanups run last-in first-out).
  cleanups.unshift(() => m.close());
  return m;
}
const node = (s: ClusterHealthSnapshot, id: string) => s.nodes.find((n) => n.id === id)!;
/** Polls until the snapshot satisfies `ok` (a fault takes a moment to show, e.g. a restarting service). */
const pollUntil = (m: ClusterHealthMonitor, what: string, ok: (s: ClusterHealthSnapshot) => boolean, timeoutMs = 15_000) =>
  waitFor(what, async () => {
    const s = await m.poll();
    return ok(s) ? s : undefined;
  }, timeoutMs, 200);
/** Each node's key fingerprint as its config file says now (read as root: the lab's side door). */
function diskFingerprints(): (string | null)[] {
  const state = readLabState()!;
  return state.nodes.map((n) => {
    const key = parseProductConfig(fs.readFileSync(path.join(n.dir, 'config', state.configFileName), 'utf8'), configFormatOf(state.configFileName), lab.product).encryptionKey;
    return key ? keyFingerprint(key) : null;
  });
}
/**
 * The lab's keys: the global setup starts it "fresh" (node1 is the existing instance with the key;
 * node2 and node3 have none until the wizard's apply writes it), so there keys are NOT in sync and
 * that one problem makes the cluster degraded. A lab kept up after the apply suite has the key
 * everywhere, and is healthy. What the files say decides which to expect.
 */
function expectedKeys() {
  const fps = diskFingerprints();
  const inSync = fps[0] !== null && fps.every((f) => f === fps[0]);
  return { fps, inSync };
}
const ourFiles = () => fs.readdirSync(SHARED_DIR).filter((f) => f.startsWith('hawizard-sentinel-health-'));

describe('cluster health on the lab', () => {
  it('the healthy lab: every node healthy, versions in sync, storage shared, database and load balancer up', async () => {
    // Earlier files restart nodes: start from a settled lab.
    await waitForAllUp();
    const m = monitor();
    const s = await m.poll();
    expect(s.nodes.map((n) => [n.id, n.healthy, n.hung, n.sshOk, n.version])).toEqual(['node1', 'node2', 'node3'].map((id) => [id, true, false, true, lab.version]));
    expect(s).toMatchObject({ versionsInSync: true, versions: { [lab.version]: ['node1', 'node2', 'node3'] } });
    expect(s.storage).toMatchObject({ ok: true, writer: 'node1', seen: ['node1', 'node2', 'node3'], notSeen: [], untested: [] });
    expect(s.database).toMatchObject({ reachable: true, detail: expect.stringMatching(/^PostgreSQL /) });
    expect(s.loadBalancer).toMatchObject({ url: lab.loadBalancers.haproxy, reachable: true, healthy: true });
    const keys = expectedKeys();
    expect(node(s, 'node1').keyFingerprint).toBe(keyFingerprint(readLabState()!.secrets.encryptionKey));
    expect(s.nodes.map((n) => n.keyFingerprint)).toEqual(keys.fps);
    expect([s.keysInSync, s.summary]).toEqual([keys.inSync, keys.inSync ? 'healthy' : 'degraded']);
    if (keys.fps.join() === [keys.fps[0], null, null].join()) {
      // Fresh: node1's key is the reference; node2 and node3 are flagged, and that is the only problem.
      expect(s.nodes.map((n) => n.keyInSync)).toEqual([true, false, false]);
      expect(s.problems).toEqual([`encryption keys differ: ${keys.fps[0]} on node1; no key on node2 and node3`]);
    } else if (keys.inSync) expect(s.problems).toEqual([]);
    const text = JSON.stringify(s);
    for (const secret of [lab.databases.postgres.password, lab.nodes[0]!.password, lab.apiKey, readLabState()!.secrets.encryptionKey]) expect(text).not.toContain(secret);

    // Later rounds reuse the sessions (one SSH connection per node) and leave no file on the storage.
    for (let i = 0; i < 3; i++) expect((await m.poll()).storage.ok).toBe(true);
    expect(m.connections()).toEqual({ node1: 1, node2: 1, node3: 1 });
    await m.close();
    expect(ourFiles()).toEqual([]);
  });

  it('watch: rounds every interval over the same sessions, then everything released on abort', async () => {
    const m = monitor();
    const ctl = new AbortController();
    const seen: ClusterHealthSnapshot[] = [];
    const started = Date.now();
    await m.watch(300, (s) => {
      seen.push(s);
      if (seen.length === 4) ctl.abort();
    }, ctl.signal);
    expect(seen).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(m.connections()).toEqual({ node1: 1, node2: 1, node3: 1 });
    expect(ourFiles()).toEqual([]);
  });

  it('no-start on node2: node2 unreachable (refused, not hung), the others healthy, the cluster degraded', async () => {
    const m = monitor();
    await m.poll();
    await fault('no-start', 'node2');
    const s = await pollUntil(m, 'node2 to stop answering', (x) => !node(x, 'node2').reachable);
    expect(node(s, 'node2')).toMatchObject({ reachable: false, healthy: false, hung: false, sshOk: true, error: expect.stringMatching(/^\/health: ECONNREFUSED/) });
    expect([node(s, 'node1').healthy, node(s, 'node3').healthy]).toEqual([true, true]);
    expect(s.summary).toBe('degraded');
    expect(s.problems[0]).toMatch(/^node2: \/health: ECONNREFUSED/);
  });

  it('link-down on node3: node3 hung, the round still ends within the timeout, node1 and node2 reported; it recovers', async () => {
    // Shorter than ARP's ~3 s "host unreachable", so the dead link really is silence.
    const timeoutMs = 1500;
    const m = monitor({ timeoutMs });
    await m.poll();
    await fault('link-down', 'node3');
    for (let round = 0; round < 2; round++) {
      const t = performance.now();
      const s = await m.poll();
      expect(performance.now() - t).toBeLessThan(timeoutMs + 1000);
      expect(node(s, 'node3')).toMatchObject({ hung: true, reachable: false, healthy: false, sshOk: false });
      expect([node(s, 'node1').healthy, node(s, 'node2').healthy, node(s, 'node1').sshOk, node(s, 'node2').sshOk]).toEqual([true, true, true, true]);
      expect(s.storage).toMatchObject({ ok: true, untested: ['node3'] });
    }
    await injectFault('link-down', 'node3', { clear: true });
    // The hung session was dropped: a new one replaces it once the link is back.
    await pollUntil(m, 'node3 to recover', (x) => node(x, 'node3').healthy && node(x, 'node3').sshOk, 30_000);
    expect(m.connections()).toMatchObject({ node1: 1, node2: 1, node3: 2 });
  }, 60_000);

  it('version fault on node3: versions not in sync, naming node3', async () => {
    const m = monitor();
    await fault('version', 'node3', { value: '2025.10' });
    const s = await pollUntil(m, 'node3 to report 2025.10', (x) => node(x, 'node3').version === '2025.10');
    expect(s.versionsInSync).toBe(false);
    expect(s.versions).toEqual({ [lab.version]: ['node1', 'node2'], '2025.10': ['node3'] });
    expect(s.problems).toContain(`versions differ: ${lab.version} on node1 and node2; 2025.10 on node3`);
  });

  it('local-storage on node3: the storage round-trip fails, naming node3', async () => {
    await fault('local-storage', 'node3');
    const s = await monitor().poll();
    expect(s.storage).toMatchObject({ ok: false, writer: 'node1', seen: ['node1', 'node2'], notSeen: ['node3'], detail: expect.stringMatching(/^node3 does not see the file node1 wrote/) });
    expect(s.summary).toBe('degraded');
  });

  it('a host key that is not trusted fails that node over SSH, with how to trust it; HTTP still reported', async () => {
    const m = monitor({ change: (p) => ({ ...p, nodes: p.nodes.map((n) => (n.id === 'node2' ? { ...n, hostKeyFingerprint: undefined } : n)) }) });
    const s = await m.poll();
    expect(node(s, 'node2')).toMatchObject({ sshOk: false, healthy: true, keyInSync: null });
    expect(node(s, 'node2').error).toMatch(/host key of .* is not known yet .*ha-wizard check --accept-host-key 10\.231\.77\.12=SHA256:/);
    expect(node(s, 'node1').sshOk).toBe(true);
  });
});

describe('ha-wizard health on the lab', () => {
  it('--json: one snapshot; exit 1 while the keys differ (the fresh lab), 0 once healthy', async () => {
    const exec = promisify(execFile);
    const env = { ...process.env, HA_WIZARD_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'haw-')) };
    const r = await exec(path.resolve('node_modules/.bin/tsx'), ['electron/cli/ha-wizard.ts', 'health', '--profile', lab.profilePath, '--json'], { env })
      .then((x) => ({ code: 0, stdout: x.stdout }), (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }));
    const keys = expectedKeys();
    expect(r.code).toBe(keys.inSync ? 0 : 1);
    const s = JSON.parse(r.stdout) as ClusterHealthSnapshot;
    expect(s.summary).toBe(keys.inSync ? 'healthy' : 'degraded');
    expect(s.nodes.map((n) => n.healthy)).toEqual([true, true, true]);
    expect([s.versionsInSync, s.keysInSync, s.storage.ok, s.database.reachable, s.loadBalancer.healthy]).toEqual([true, keys.inSync, true, true, true]);
    expect(r.stdout).not.toContain(lab.databases.postgres.password);
  });
});
