/**
 * The upgrade's health gate against a real HTTP server on loopback answering /health as the products do:
 * healthy is not enough, the version must be the step's; and the version forms /health uses compare equal
 * (a seeded property test over many versions).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../shared/profile';
import type { ClusterHealthSnapshot } from '../../shared/health-snapshot';
import { sameVersion, upgradeHealth } from './upgrade-health';

let answer = { releaseNumber: '2025.14', databaseStatus: 'OK', serviceStatus: 'OK' } as Record<string, string>;
let calls = 0;
const server = http.createServer((req, res) => {
  calls++;
  res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ applicationName: 'ProGet', versionNumber: `${answer.releaseNumber}.0`, ...answer }));
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const profile = () => ProfileSchema.parse({
  version: 1, product: 'proget',
  nodes: [{ id: 'node1', host: '127.0.0.1', user: 'a', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget.env', webPort: port }],
  database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget' },
  storage: { path: '/mnt/p' }, loadBalancer: { type: 'haproxy', url: 'https://p.example', sticky: false },
});

const snapshot = (nodes: { id: string; healthy: boolean; version: string | null }[], keysInSync: boolean | null) => ({ nodes, keysInSync }) as unknown as ClusterHealthSnapshot;

describe('the upgrade health gate', () => {
  it('passes only when /health is OK at the version asked for', async () => {
    answer = { releaseNumber: '2025.14', databaseStatus: 'OK', serviceStatus: 'OK' };
    const h = upgradeHealth(profile(), { requestTimeoutMs: 1000, readSnapshot: async () => snapshot([], true), pollMs: 50 });
    await expect(h.waitAt('node1', '2025.14', 2000)).resolves.toBe('/health OK at 2025.14');
    calls = 0;
    await expect(h.waitAt('node1', '2026.1', 600)).rejects.toThrow('node1 is not healthy at 2026.1 after 1 s: it answers version 2025.14, not 2026.1');
    expect(calls).toBeGreaterThan(1);
    // Becomes the target while waited for: the gate passes then.
    setTimeout(() => (answer = { releaseNumber: '2026.1', databaseStatus: 'OK', serviceStatus: 'OK' }), 150);
    await expect(h.waitAt('node1', '2026.1', 3000)).resolves.toBe('/health OK at 2026.1');
    answer = { releaseNumber: '2026.1', databaseStatus: 'Error', databaseStatusDetails: 'schema is newer than this version', serviceStatus: 'OK' };
    await expect(h.waitAt('node1', '2026.1', 300)).rejects.toThrow(/not healthy at 2026.1/);
    await expect(h.probe('node1')).resolves.toEqual({ healthy: false, version: '2026.1' });
  });

  it('the sync check wants every server healthy at the target and the keys the same', async () => {
    const h = (s: ClusterHealthSnapshot) => upgradeHealth(profile(), { requestTimeoutMs: 1000, readSnapshot: async () => s });
    const at = (v: string) => [{ id: 'node1', healthy: true, version: v }, { id: 'node2', healthy: true, version: `${v}.0` }];
    await expect(h(snapshot(at('2026.1'), true)).inSync('2026.1')).resolves.toMatch(/every server is healthy at 2026.1/);
    await expect(h(snapshot([...at('2026.1'), { id: 'node3', healthy: true, version: '2025.14' }], true)).inSync('2026.1')).rejects.toThrow('node3 (at 2025.14)');
    await expect(h(snapshot(at('2026.1'), false)).inSync('2026.1')).rejects.toThrow('encryption keys differ');
    await expect(h(snapshot(at('2026.1'), null)).inSync('2026.1')).rejects.toThrow('could not be read');
  });
});

describe('sameVersion', () => {
  it('takes the forms /health uses for one version as one, and no two versions as one (seeded)', () => {
    let seed = 20261;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 500; i++) {
      const year = 2020 + rnd(10);
      const minor = rnd(60);
      const v = `${year}.${minor}`;
      for (const form of [v, `${v}.${rnd(20)}`, `${v} (Build ${rnd(99)})`, ` ${v}`]) expect(sameVersion(form, v), `${form} vs ${v}`).toBe(true);
      const other = rnd(2) ? `${year}.${minor + 1 + rnd(5)}` : `${year + 1}.${minor}`;
      expect(sameVersion(other, v), `${other} vs ${v}`).toBe(false);
      expect(sameVersion(`${year}.${minor}0`, v)).toBe(minor * 10 + 0 === minor);
    }
    expect(sameVersion(null, '2026.1')).toBe(false);
    expect(sameVersion('unknown', '2026.1')).toBe(false);
  });
});
