/**
 * The monitor against fake nodes: real HTTP servers on this computer for /health, in-memory SSH
 * operations over one shared folder. Proves the round's time bound, the concurrency bound, the
 * storage round-trip, redaction, and that a watch overlaps nothing and releases everything.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeOps } from '../nodes/node-ops';
import { parseProfile } from '../../shared/profile';
import { SecretResolver, envFileSecretSource } from '../secrets';
import { ClusterHealthMonitor, type ClusterHealthSnapshot } from './cluster-health';
import type { NodeAccess } from './node-access';
// A port nobody listens on (a random high one).
import { freePort as closedPort } from '../remote/sshd-test-fixture';

type Behaviour = { http?: 'ok' | 'hang' | 'refuse' | 'db-error'; ssh?: 'ok' | 'hang' | 'fail'; key?: string | null; version?: string; localStorage?: boolean; error?: string };
const KEY = '0123456789abcdef0123456789abcdef';
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function healthServer(get: () => Behaviour, stats: { open: number; peak: number }): Promise<number> {
  const server = http.createServer((req, res) => {
    const b = get();
    if (b.http === 'hang') return;
    stats.peak = Math.max(stats.peak, ++stats.open);
    setTimeout(() => {
      stats.open--;
      const dbError = b.http === 'db-error';
      res.writeHead(dbError ? 500 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ applicationName: 'ProGet', databaseStatus: dbError ? 'Error' : 'OK', databaseStatusDetails: dbError ? 'login failed' : null, licenseStatus: 'OK', serviceStatus: 'OK', releaseNumber: b.version ?? '2025.14', versionNumber: '2025.14 (Build 1)' }));
    }, 20);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** A cluster of fake nodes; `b` can be changed between rounds. */
async function fakeCluster(b: Record<string, Behaviour>, o: { timeoutMs?: number; maxConcurrency?: number; secrets?: SecretResolver } = {}) {
  const shared = new Map<string, string>();
  const local = new Map<string, Map<string, string>>();
  const stats = { open: 0, peak: 0, opsCalls: {} as Record<string, number>, forgets: [] as string[], closes: 0 };
  const ports: Record<string, number> = {};
  for (const id of Object.keys(b)) ports[id] = b[id]!.http === 'refuse' ? await closedPort() : await healthServer(() => b[id]!, stats);
  const dir = (id: string) => (b[id]!.localStorage ? (local.get(id) ?? local.set(id, new Map()).get(id)!) : shared);
  const never = new Promise<never>(() => undefined);
  const fakeOps = (id: string) => ({
    readFile: async () => Buffer.from(b[id]!.key === null ? 'X=1\n' : `PROGET_ENCRYPTION_KEY=${b[id]!.key ?? KEY}\n`),
    writeSentinel: async (_d: string, name: string, content: string) => void dir(id).set(name, content),
    readSentinels: async (_d: string, prefix: string) => [...dir(id)].filter(([n]) => n.startsWith(prefix)).map(([name, content]) => ({ name, content })),
    removeSentinels: async (_d: string, prefix: string) => {
      for (const n of [...dir(id).keys()]) if (n.startsWith(prefix)) dir(id).delete(n);
    },
  }) as unknown as NodeOps;
  const access: NodeAccess = {
    ops: (id) => {
      stats.opsCalls[id] = (stats.opsCalls[id] ?? 0) + 1;
      const s = b[id]!.ssh ?? 'ok';
      return s === 'hang' ? never : s === 'fail' ? Promise.reject(new Error(b[id]!.error ?? 'connection refused')) : Promise.resolve(fakeOps(id));
    },
    forget: (id) => void stats.forgets.push(id),
    connections: () => 1,
    close: async () => void stats.closes++,
  };
  const parsed = parseProfile({
    version: 1, product: 'proget',
    nodes: Object.keys(b).map((id) => ({ id, host: '127.0.0.1', port: 22, user: 'u', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget.env', webPort: ports[id] })),
    database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget' },
    storage: { path: '/var/proget/packages' },
    loadBalancer: { type: 'haproxy' },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const monitor = new ClusterHealthMonitor({
    profile: parsed.profile, secrets: o.secrets ?? new SecretResolver(envFileSecretSource({ env: {} })), knownHostsPath: '/nonexistent/kh.json',
    timeoutMs: o.timeoutMs ?? 1000, maxConcurrency: o.maxConcurrency ?? 16, access,
    probeDatabase: async () => ({ reachable: true, detail: 'fake database' }),
  });
  return { monitor, stats, shared, local };
}
const byId = (s: ClusterHealthSnapshot, id: string) => s.nodes.find((n) => n.id === id)!;

describe('ClusterHealthMonitor', () => {
  it('a healthy cluster: every node healthy, keys and versions in sync, the storage file read by all and removed', async () => {
    const { monitor, shared } = await fakeCluster({ n1: {}, n2: {}, n3: {} });
    const s = await monitor.poll();
    expect(s).toMatchObject({ summary: 'healthy', problems: [], versionsInSync: true, versions: { '2025.14': ['n1', 'n2', 'n3'] }, keysInSync: true });
    expect(s.storage).toMatchObject({ ok: true, writer: 'n1', seen: ['n1', 'n2', 'n3'] });
    expect(s.loadBalancer).toMatchObject({ url: null, healthy: null });
    expect(s.nodes.every((n) => n.healthy && n.sshOk && n.keyFingerprint?.startsWith('key:') && !JSON.stringify(n).includes(KEY))).toBe(true);
    expect(shared.size).toBe(0);
    await monitor.close();
  });

  it('a node that hangs is reported hung; the round ends at the timeout and the others are reported', async () => {
    const b: Record<string, Behaviour> = { n1: {}, n2: { http: 'hang', ssh: 'hang' }, n3: {} };
    const { monitor, stats } = await fakeCluster(b, { timeoutMs: 400 });
    const t = performance.now();
    const s = await monitor.poll();
    expect(performance.now() - t).toBeLessThan(400 + 250);
    expect(byId(s, 'n2')).toMatchObject({ hung: true, reachable: false, healthy: false, sshOk: false, keyInSync: null });
    expect(byId(s, 'n2').error).toMatch(/^\/health: no answer within \d+ ms; no answer over SSH within 400 ms$/);
    expect([byId(s, 'n1').healthy, byId(s, 'n3').healthy, s.summary]).toEqual([true, true, 'degraded']);
    expect(stats.forgets).toEqual(['n2']);
    // Next round: n2 still owes its answer, so it is not asked over SSH again (no pile-up of calls).
    const again = await monitor.poll();
    expect(stats.opsCalls.n2).toBe(1);
    expect(byId(again, 'n2')).toMatchObject({ hung: true, error: expect.stringMatching(/still no answer over SSH to an earlier round/) });
    await monitor.close();
  });

  it('a refused node is unreachable, not hung; a failed connect is asked again next round', async () => {
    const { monitor, stats } = await fakeCluster({ n1: {}, n2: { http: 'refuse', ssh: 'fail' } });
    const s = await monitor.poll();
    expect(byId(s, 'n2')).toMatchObject({ reachable: false, hung: false, error: expect.stringMatching(/^\/health: ECONNREFUSED; connection refused$/) });
    expect(s.storage).toMatchObject({ ok: false, untested: ['n2'] });
    await monitor.poll();
    expect(stats.opsCalls.n2).toBe(2);
    await monitor.close();
  });

  it('never polls more nodes at once than maxConcurrency', async () => {
    const nodes = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`n${i + 1}`, {}]));
    const { monitor, stats } = await fakeCluster(nodes, { maxConcurrency: 2 });
    const s = await monitor.poll();
    expect(s.nodes.every((n) => n.healthy)).toBe(true);
    expect(stats.peak).toBe(2);
    await monitor.close();
  });

  it('names what differs: a version, a key, a node whose storage is its own, a database error on one node', async () => {
    const { monitor } = await fakeCluster({ n1: {}, n2: { version: '2025.10', key: 'ffffffffffffffffffffffffffffffff' }, n3: { localStorage: true, key: null }, n4: { http: 'db-error' } });
    const s = await monitor.poll();
    expect(s.versions).toEqual({ '2025.14': ['n1', 'n3', 'n4'], '2025.10': ['n2'] });
    expect([s.versionsInSync, s.keysInSync]).toEqual([false, false]);
    expect(s.nodes.map((n) => n.keyInSync)).toEqual([true, false, false, true]);
    expect(s.storage).toMatchObject({ ok: false, notSeen: ['n3'], detail: expect.stringMatching(/^n3 does not see the file n1 wrote/) });
    expect(byId(s, 'n4')).toMatchObject({ healthy: false, databaseStatus: 'Error', error: '/health answered HTTP 500 (database: login failed)' });
    expect(s.summary).toBe('degraded');
    await monitor.close();
  });

  it('no resolved secret reaches the snapshot', async () => {
    const secrets = new SecretResolver({ resolve: async () => 'Sup3rSecret!' });
    await secrets.resolve({ env: 'X' }, 'test');
    const { monitor } = await fakeCluster({ n1: {}, n2: { ssh: 'fail', error: 'login as admin with Sup3rSecret! failed' } }, { secrets });
    const s = await monitor.poll();
    expect(JSON.stringify(s)).not.toContain('Sup3rSecret!');
    expect(byId(s, 'n2').error).toContain('********');
    await monitor.close();
  });

  it('watch: rounds never overlap, stop on abort, and everything is released', async () => {
    const { monitor, stats, shared } = await fakeCluster({ n1: {}, n2: {} });
    const ctl = new AbortController();
    const seen: ClusterHealthSnapshot[] = [];
    let inside = false;
    await monitor.watch(30, async (s) => {
      expect(inside).toBe(false);
      inside = true;
      seen.push(s);
      if (seen.length === 3) ctl.abort();
      await new Promise((r) => setTimeout(r, 5));
      inside = false;
    }, ctl.signal);
    expect(seen).toHaveLength(3);
    for (let i = 1; i < seen.length; i++) expect(Date.parse(seen[i]!.at) - Date.parse(seen[i - 1]!.at)).toBeGreaterThanOrEqual(29);
    expect(stats.closes).toBe(1);
    expect(shared.size).toBe(0);
    await expect(monitor.poll()).rejects.toThrow(/closed/);
  });

  it('an abort in the middle of a hung round ends it at once', async () => {
    const { monitor } = await fakeCluster({ n1: { http: 'hang', ssh: 'hang' } }, { timeoutMs: 5000 });
    const ctl = new AbortController();
    const t = performance.now();
    setTimeout(() => ctl.abort(), 50);
    await monitor.watch(1000, () => undefined, ctl.signal);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});
