/**
 * The plan's invariants over seeded random clusters (1 to 8 servers, Windows and Docker Compose, any allowed
 * path, either mode, balancer driven or not): it fits the schema, and the order holds whatever the input.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/testing/seeded-random';
import { ProfileSchema, nodeId } from '../../shared/profile';
import { upgradePath } from '../../shared/upgrade-paths';
import { UpgradePlanSchema, type UpgradeMode } from '../../shared/upgrade-schema';
import { fakeDatabase, fakeUpgrader } from './testing/plan-fakes';
import { buildUpgradePlan } from './upgrade-plan';

const rnd = seededRandom(20261201);
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-';

function randomProfile() {
  const count = 1 + int(8);
  const ids = new Set<string>();
  while (ids.size < count) ids.add(Array.from({ length: 1 + int(12) }, () => pick([...ID_CHARS])).join(''));
  const linux = rnd() < 0.5;
  return ProfileSchema.parse({
    version: 1, product: pick(['proget', 'buildmaster', 'otter']),
    nodes: [...ids].map((id, i) => ({
      id, host: `10.9.${int(256)}.${i + 1}`, user: 'admin', os: linux ? 'linux' : 'windows', auth: { kind: 'agent' },
      ...(linux ? { configPath: `/etc/${id}.env`, installer: { kind: 'docker-compose', file: `/srv/${id}/compose.yaml`, service: 'app' } } : rnd() < 0.5 ? { installer: { kind: 'inedo-hub' } } : {}),
      ...(rnd() < 0.3 ? { webPort: 1024 + int(60000) } : {}),
    })),
    database: { kind: linux ? 'postgres' : pick(['sqlserver', 'postgres']), connectionString: 'Server=db;Database=x;User Id=u' },
    storage: { path: linux ? '/var/x' : '\\\\nas\\x' },
    loadBalancer: { type: pick(['haproxy', 'nginx', 'iis-arr', 'f5']) },
  });
}

function randomAllowedPath() {
  for (;;) {
    const fromYear = 2024 + int(3);
    const from = `${fromYear}.${int(40)}`;
    const to = `${fromYear + int(2)}.${int(40)}`;
    const path = upgradePath(from, to);
    if (path.allowed) return { from, to, path };
  }
}

describe('buildUpgradePlan over 400 random clusters', () => {
  it('fits the schema and keeps its order', () => {
    for (let round = 0; round < 400; round++) {
      const profile = randomProfile();
      const { from, to, path } = randomAllowedPath();
      const mode: UpgradeMode = path.rolling && rnd() < 0.5 ? 'rolling' : 'coordinated';
      const ids = profile.nodes.map(nodeId);
      const p = buildUpgradePlan({
        profile, from, to, mode, path, backupDir: '/b', balancerDriven: rnd() < 0.5,
        upgraders: ids.map((id) => fakeUpgrader(id)), database: fakeDatabase(),
      });
      const seen = `round ${round}: ${ids.length} servers, ${from} -> ${to}, ${mode}`;
      expect(UpgradePlanSchema.safeParse(p).success, seen).toBe(true);
      const order = p.steps.map((s) => s.id);
      const at = (id: string) => order.indexOf(id);
      expect(new Set(order).size, seen).toBe(order.length);
      // Every backup is verified before anything is drained or stopped.
      const firstChange = order.findIndex((id) => /^(stop|drain|balancer-maintenance):?/.test(id));
      expect(at('verify-backups'), seen).toBeLessThan(firstChange);
      for (const id of ids) {
        expect(at(`backup-config:${id}`), seen).toBeLessThan(at('verify-backups'));
        // Each server: stopped, installed, started, healthy, in that order, once each.
        const chain = ['stop', 'install', 'start', 'wait-healthy'].map((k) => at(`${k}:${id}`));
        expect(chain.every((i) => i >= 0), seen).toBe(true);
        expect([...chain].sort((a, b) => a - b), seen).toEqual(chain);
        if (mode === 'rolling') expect(at(`drain:${id}`) < chain[0]! && at(`resume:${id}`) > chain[3]!, seen).toBe(true);
      }
      const schema = order.filter((id) => id.startsWith('upgrade-schema:'));
      if (mode === 'coordinated') {
        // Every server stopped before any is installed; the schema upgraded once, on the first, before it starts.
        const lastStop = Math.max(...ids.map((id) => at(`stop:${id}`)));
        expect(lastStop, seen).toBeLessThan(Math.min(...ids.map((id) => at(`install:${id}`))));
        expect(schema, seen).toEqual(path.schemaChanges ? [`upgrade-schema:${ids[0]}`] : []);
        if (path.schemaChanges) expect(at(`upgrade-schema:${ids[0]}`), seen).toBeLessThan(at(`start:${ids[0]}`));
        // The others wait for the first to be healthy; the balancer reopens last.
        for (const id of ids.slice(1)) expect(at(`install:${id}`), seen).toBeGreaterThan(at(`wait-healthy:${ids[0]}`));
        expect(order.at(-1), seen).toBe('balancer-reopen');
      } else {
        expect(schema, seen).toEqual([]);
        // One server at a time: the next is drained only after the previous is back in rotation.
        for (let i = 1; i < ids.length; i++) expect(at(`drain:${ids[i]}`), seen).toBeGreaterThan(at(`resume:${ids[i - 1]}`));
        expect(order.at(-1), seen).toBe('check-sync');
      }
      expect(p.backups.length, seen).toBe(1 + 2 * ids.length);
    }
  });
});
