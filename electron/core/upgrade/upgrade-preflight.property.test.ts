/**
 * The preflight over seeded random faults: each server of a 1-to-6-server cluster is given its own random
 * mix of faults (unhealthy, little room, a throw, silence, an installer that cannot install), and each
 * server's items fail exactly where its own faults are, whatever the others did. And whatever a port
 * answers, no item holds a secret of the run.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/testing/seeded-random';
import { HOSTILE_PASSWORDS, randomPassword } from '../../shared/testing/hostile-passwords';
import { MASK, Redactor } from '../secrets';
import type { NodeHealth } from '../../shared/health-snapshot';
import { ProfileSchema } from '../../shared/profile';
import type { NodeUpgrader } from './upgrade-ports';
import { GiB, fakeDatabase, fakeUpgrader, snapshotOf } from './testing/plan-fakes';
import { MIN_NODE_BACKUP_BYTES, runUpgradePreflight } from './upgrade-preflight';

const rnd = seededRandom(1414);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

type Answer = 'ok' | 'bad' | 'throws' | 'silent';
const ANSWERS: readonly Answer[] = ['ok', 'ok', 'ok', 'bad', 'throws', 'silent'];
const never = <T>() => new Promise<T>(() => undefined);

function answer<T>(a: Answer, ok: T, bad: T): () => Promise<T> {
  return () => (a === 'ok' ? Promise.resolve(ok) : a === 'bad' ? Promise.resolve(bad) : a === 'throws' ? Promise.reject(new Error('link dropped')) : never<T>());
}

describe('runUpgradePreflight over random per-server faults', () => {
  it('fails each server exactly where its own faults are (60 clusters)', async () => {
    for (let round = 0; round < 60; round++) {
      const ids = Array.from({ length: 1 + Math.floor(rnd() * 6) }, (_, i) => `s${i + 1}`);
      const faults = ids.map((id) => ({
        id,
        state: pick<NodeHealth['state']>(['healthy', 'healthy', 'healthy', 'unhealthy', 'service-stopped', 'not-answering']),
        space: pick(ANSWERS),
        install: pick(ANSWERS),
      }));
      const profile = ProfileSchema.parse({
        version: 1, product: 'proget',
        nodes: ids.map((id, i) => ({ id, host: `10.0.0.${i + 1}`, user: 'a', os: 'windows', auth: { kind: 'agent' } })),
        database: { kind: 'sqlserver', connectionString: 'Data Source=db;Initial Catalog=p' }, storage: { path: '\\\\nas\\p' }, loadBalancer: { type: 'haproxy' },
      });
      const upgraders: NodeUpgrader[] = faults.map((f) => fakeUpgrader(f.id, {
        freeBytes: answer(f.space, 10 * GiB, MIN_NODE_BACKUP_BYTES - 1),
        canInstall: answer(f.install, { ok: true, detail: 'can' }, { ok: false, detail: 'cannot' }),
      }));
      const r = await runUpgradePreflight({
        profile, to: '2026.1', mode: 'coordinated', backupDir: 'D:\\b', balancerDriven: true, timeoutMs: 50,
        upgraders, database: fakeDatabase(), readHealth: () => Promise.resolve(snapshotOf(faults.map((f) => ({ id: f.id, state: f.state })))),
      });
      const status = (id: string) => r.items.find((i) => i.id === id)?.status;
      for (const f of faults) {
        const seen = `round ${round}, ${JSON.stringify(f)}`;
        expect(status(`healthy:${f.id}`), seen).toBe(f.state === 'healthy' ? 'pass' : 'fail');
        expect(status(`backup-space:${f.id}`), seen).toBe(f.space === 'ok' ? 'pass' : 'fail');
        expect(status(`installer:${f.id}`), seen).toBe(f.install === 'ok' ? 'pass' : 'fail');
      }
      expect(status('same-version')).toBe('pass');
      expect(r.items.filter((i) => i.nodeId !== null).length).toBe(3 * ids.length);
    }
  });
});

describe('runUpgradePreflight masks the run’s secrets in whatever a port answers', () => {
  it('no item holds a secret a server, the database or the health check echoed (hand-picked and 200 random passwords)', async () => {
    const next = seededRandom(909);
    // The Redactor masks values of 4 characters or more (shorter ones would mangle ordinary text): secrets.ts.
    const secrets = [...HOSTILE_PASSWORDS, ...Array.from({ length: 200 }, () => randomPassword(next))].filter((s) => s.length >= 4);
    for (const secret of secrets) {
      const redactor = new Redactor();
      redactor.add(secret);
      const leak = `login failed with password ${secret} at db1`;
      const profile = ProfileSchema.parse({
        version: 1, product: 'proget',
        nodes: ['s1', 's2'].map((id, i) => ({ id, host: `10.0.0.${i + 1}`, user: 'a', os: 'windows', auth: { kind: 'agent' } })),
        database: { kind: 'sqlserver', connectionString: 'Data Source=db;Initial Catalog=p' }, storage: { path: '\\\\nas\\p' }, loadBalancer: { type: 'haproxy' },
      });
      const r = await runUpgradePreflight({
        profile, to: '2026.1', mode: 'coordinated', backupDir: 'D:\\b', balancerDriven: true, redactor,
        upgraders: [
          fakeUpgrader('s1', { freeBytes: () => Promise.reject(new Error(leak)), canInstall: () => Promise.resolve({ ok: false, detail: leak }) }),
          fakeUpgrader('s2', { canInstall: () => Promise.reject(new Error(leak)) }),
        ],
        database: fakeDatabase({ preflight: () => Promise.resolve({ canChangeSchema: false, databaseBytes: null, freeBytes: null, detail: leak }), describe: () => leak }),
        readHealth: () => Promise.resolve(snapshotOf([{ id: 's1', state: 'unhealthy', error: leak }, { id: 's2' }])),
      });
      const text = JSON.stringify(r.items);
      expect(text.includes(MASK), JSON.stringify(secret)).toBe(true);
      for (const i of r.items) for (const field of [i.title, i.detail]) expect(field.includes(secret), `${JSON.stringify(secret)} in ${i.id}`).toBe(false);
    }
  });
});
