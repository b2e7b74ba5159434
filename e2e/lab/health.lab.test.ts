/**
 * Lab: live cluster health against the real 3-node lab: the healthy snapshot, then one fault at a time
 * (a service that will not start, a dead link, a changed version, a node whose storage is its own, an
 * untrusted host key), and the `ha-wizard health` command as a child process.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { configFormatOf, keyFingerprint, parseProductConfig } from '../../electron/core/config/product-config';
import { ClusterHealthMonitor, type ClusterHealthSnapshot } from '../../electron/core/health/cluster-health';
import { healthHeadline } from '../../electron/shared/health-headline';
import { parseProfile, type ClusterProfileInput } from '../../electron/shared/profile';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { injectFault } from './faults';
import { faultScope } from './fault-scope';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { haproxyCommand, haproxyServerStates, waitForAllUp } from './load-balancers';
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
    if (ok(s)) return s;
    // Thrown, not returned: waitFor keeps the last error, so a timeout says what the last round saw.
    throw new Error(`last round: ${s.nodes.map((n) => `${n.id} ${n.state}${n.error ? ` (${n.error})` : ''}`).join('; ')}`);
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
/**
 * HAProxy as right after an apply's restarts: every server counted down while each answers healthy,
 * until two good checks re-admit it (about 2 s). Forced again every 300 ms until `stop()`, so a slow
 * first poll still sees it; the admin socket is the lab's own HAProxy control.
 */
async function balancerReadmitting(): Promise<{ stop: () => Promise<void> }> {
  const servers = Object.keys(await haproxyServerStates());
  const force = () => Promise.all(servers.map((sv) => haproxyCommand(`set server inedo_nodes/${sv} health down`)));
  await force();
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 300));
      if (running) await force();
    }
  })();
  const stop = async () => {
    running = false;
    await loop;
  };
  cleanups.push(stop);
  return { stop };
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

  it('no-start on node2: "service stopped" (the server answers over SSH), not unreachable; served, 2 of 3 healthy, degraded', async () => {
    const m = monitor();
    await m.poll();
    await fault('no-start', 'node2');
    // HAProxy takes node2 out after two failed checks (about 2 s): until then users may be sent to it.
    const s = await pollUntil(m, 'node2 to stop answering, the balancer serving', (x) => !node(x, 'node2').reachable && x.loadBalancer.healthy === true);
    expect(node(s, 'node2')).toMatchObject({
      state: 'service-stopped', reachable: false, healthy: false, hung: false, sshOk: true,
      error: expect.stringMatching(/^the service is stopped: the server answers over SSH, but http:\/\/\S+ refuses connections \(ECONNREFUSED\)/),
    });
    expect([node(s, 'node1').state, node(s, 'node3').state]).toEqual(['healthy', 'healthy']);
    expect(s.summary).toBe('degraded');
    expect(s.problems[0]).toMatch(/^node2: the service is stopped/);
    const h = healthHeadline(s);
    expect([h.title, h.verdict, h.healthy, h.total]).toEqual(['Users are served through the load balancer; 2 of 3 servers are healthy', 'degraded', 2, 3]);
    expect(h.notes).toContain('The service is stopped on node2: the server answers, the product does not.');
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
      expect(node(s, 'node3')).toMatchObject({ state: 'not-answering', hung: true, reachable: false, healthy: false, sshOk: false });
      expect([node(s, 'node1').healthy, node(s, 'node2').healthy, node(s, 'node1').sshOk, node(s, 'node2').sshOk]).toEqual([true, true, true, true]);
      expect(s.storage).toMatchObject({ ok: true, untested: ['node3'] });
      // node3 was not read: its version and key are unknown, never "same everywhere" / "in sync".
      expect([s.versionsInSync, s.keysInSync]).toEqual([null, node(s, 'node1').keyInSync && node(s, 'node2').keyInSync ? null : false]);
      // Two of three serve: never "down". The balancer may still send users to node3 (slow) or have taken it out.
      const h = healthHeadline(s);
      expect([h.healthy, h.total, h.verdict]).toEqual([2, 3, 'degraded']);
      expect(s.summary).toBe('degraded');
      expect(h.title).toMatch(/^(Users are served through the load balancer|The load balancer is slow to answer); 2 of 3 servers are healthy$/);
      expect(h.notes.join(' ')).toMatch(/node3/);
    }
    await injectFault('link-down', 'node3', { clear: true });
    // The hung session was dropped: a new one replaces it once the link is back.
    await pollUntil(m, 'node3 to recover', (x) => node(x, 'node3').healthy && node(x, 'node3').sshOk, 30_000);
    expect(m.connections()).toMatchObject({ node1: 1, node2: 1, node3: 2 });
  }, 60_000);

  it('the balancer re-admitting restarted servers (HAProxy answers 503): "re-admitting", not down; then served', async () => {
    await waitForAllUp();
    const m = monitor();
    await m.poll();
    const held = await balancerReadmitting();
    const s = await pollUntil(m, 'HAProxy to answer 503', (x) => x.loadBalancer.healthy === false, 5000);
    expect(s.loadBalancer).toMatchObject({ reachable: true, healthy: false, readmitting: true, detail: expect.stringMatching(/answered HTTP 503/) });
    expect(s.nodes.map((n) => n.state)).toEqual(['healthy', 'healthy', 'healthy']);
    const h = healthHeadline(s);
    expect([h.title, h.verdict, h.served]).toEqual(['The load balancer is re-admitting servers; 3 of 3 servers are healthy', 'degraded', 'readmitting']);
    await held.stop();
    const after = await pollUntil(m, 'HAProxy to serve again', (x) => x.loadBalancer.healthy === true, 10_000);
    expect(healthHeadline(after).served).toBe('served');
  });

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
  it('right after restarts (HAProxy re-admitting): says so and asks again, never DOWN; exits as the served cluster does', async () => {
    await waitForAllUp();
    const held = await balancerReadmitting();
    const env = { ...process.env, NO_COLOR: '1', HA_WIZARD_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'haw-')) };
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['electron/cli/ha-wizard.ts', 'health', '--profile', lab.profilePath], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    // Released once the CLI has seen the balancer refusing, as after an apply's last restart.
    await waitFor('the CLI to see the balancer re-admitting', () => (/re-admitting/.test(stderr) ? true : undefined), 60_000, 100);
    await held.stop();
    const code = await exited;
    const keys = expectedKeys();
    expect(stderr).toContain('The load balancer is re-admitting servers; asking again until it serves them...');
    expect(stdout).not.toMatch(/DOWN/);
    expect(stdout).toContain('Users are served through the load balancer; 3 of 3 servers are healthy.');
    expect(stdout).toMatch(keys.inSync ? /^Cluster: HEALTHY/ : /^Cluster: DEGRADED/);
    expect(code).toBe(keys.inSync ? 0 : 1);
  }, 90_000);

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
