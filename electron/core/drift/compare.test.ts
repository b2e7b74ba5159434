import { describe, expect, it } from 'vitest';
import { compareCluster, compareNode } from './compare';
import { desiredState, type DesiredState, type NodeValues } from './desired-state';
import type { ClusterProfile } from '../../shared/profile';

/** A small seeded generator (mulberry32): the same seed, the same states. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const word = () => Array.from({ length: 1 + int(8) }, () => 'abcdefghijklmnopqrstuvwxyz0123456789._-'[int(39)]).join('');
  return { next, int, word };
}

type Field = 'database' | 'keyFingerprint' | 'version' | 'extensions' | 'webServer' | 'env';
const FIELDS: Field[] = ['database', 'keyFingerprint', 'version', 'extensions', 'webServer', 'env'];
const KIND: Record<Field, string> = { database: 'database', keyFingerprint: 'encryption-key', version: 'version', extensions: 'extensions', webServer: 'web-server', env: 'env' };

function randomValues(r: ReturnType<typeof rng>): NodeValues {
  const names = (n: number) => [...new Set(Array.from({ length: n }, () => r.word().toUpperCase()))].sort();
  return {
    database: `server ${r.word()}:${1 + r.int(65535)}, database ${r.word()}, user ${r.word()}`,
    keyFingerprint: `key:${r.word()}`,
    version: `${2024 + r.int(3)}.${r.int(40)}`,
    extensions: names(1 + r.int(4)),
    webServer: r.next() < 0.5 ? { Urls: `http://*:${r.int(9000)}`, EnableRequestLogging: r.next() < 0.5 ? 'true' : 'false' } : { Urls: `http://*:${r.int(9000)}` },
    env: Object.fromEntries(names(r.int(4)).map((n) => [`V_${n}`, r.word()])),
  };
}

/** Changes one field so it differs (case-insensitively too), and says which entry now differs. */
function inject(v: NodeValues, field: Field, r: ReturnType<typeof rng>): NodeValues {
  const c = structuredClone(v);
  const other = () => `changed-${r.word()}`;
  if (field === 'extensions') c.extensions = r.next() < 0.5 || c.extensions!.length === 1 ? [...c.extensions!, `EXTRA${r.int(1000)}`].sort() : c.extensions!.slice(1);
  else if (field === 'webServer') c.webServer = { ...c.webServer!, Urls: `${c.webServer!.Urls};${other()}` };
  else if (field === 'env') {
    const names = Object.keys(c.env!);
    if (names.length && r.next() < 0.5) c.env![names[r.int(names.length)]!] = other();
    else c.env![`ADDED_${r.int(1000)}`] = other();
  } else if (field !== 'version' && r.next() < 0.2) c[field] = null; // a version not read is "unreadable", not drift
  else c[field] = `${c[field]!}${other()}`;
  return c;
}

describe('drift comparison (seeded property test)', () => {
  it('finds a difference injected in any field of any server exactly once, naming that server and field', () => {
    const r = rng(20261130);
    for (let round = 0; round < 600; round++) {
      const ids = Array.from({ length: 1 + r.int(6) }, (_, i) => `node${i + 1}`);
      const expected = randomValues(r);
      const desired: DesiredState = { v: 1, basis: 'applied', appliedAt: null, product: 'proget', storagePath: '/s', nodes: Object.fromEntries(ids.map((id) => [id, expected])), members: [...ids].sort() };
      const victim = ids[r.int(ids.length)]!;
      const field = FIELDS[r.int(FIELDS.length)]!;
      const found = Object.fromEntries(ids.map((id) => [id, id === victim ? inject(expected, field, r) : structuredClone(expected)]));
      const diffs = compareCluster({ desired, found, storagePath: '/s', members: [...ids] });
      expect(diffs, `round ${round}: ${victim}.${field}`).toHaveLength(1);
      expect(diffs[0]!.node).toBe(victim);
      expect(diffs[0]!.kind).toBe(KIND[field]);
      expect(diffs[0]!.expected).not.toBe(diffs[0]!.found);
    }
  });

  it('finds nothing when every server holds what it should', () => {
    const r = rng(7);
    for (let round = 0; round < 200; round++) {
      const v = randomValues(r);
      expect(compareNode('n', v, structuredClone(v))).toEqual([]);
    }
  });

  it('names a server missing from the balancer, and one the balancer has but the cluster does not', () => {
    const desired: DesiredState = { v: 1, basis: 'applied', appliedAt: null, product: 'proget', storagePath: '/s', nodes: {}, members: ['a', 'b', 'c'] };
    const d = compareCluster({ desired, found: {}, storagePath: '/s', members: ['a', 'c', 'z'] });
    expect(d.map((x) => [x.node, x.kind, x.found])).toEqual([['b', 'balancer-members', 'not in the balancer'], ['z', 'balancer-members', 'in the balancer']]);
    // Members not read (no balancer access): nothing is said about them here.
    expect(compareCluster({ desired, found: {}, storagePath: '/s', members: null })).toEqual([]);
  });

  it('derives the expected values from what most servers hold, with the database from the profile', () => {
    const profile = {
      product: 'proget', storage: { path: '/srv/store' },
      database: { kind: 'postgres', connectionString: 'Host=DB1;Port=5432;Database=ProGet;Username=proget' },
      nodes: [{ host: 'n1' }, { host: 'n2' }, { host: 'n3' }].map((n) => ({ ...n, port: 22, user: 'u', os: 'linux', auth: { kind: 'agent' } })),
    } as unknown as ClusterProfile;
    const base: NodeValues = { database: null, keyFingerprint: 'key:aaa', version: '2025.14', extensions: ['Amazon', 'Azure'], webServer: null, env: { TZ: 'UTC' } };
    const odd: NodeValues = { ...base, keyFingerprint: 'key:bbb', extensions: ['Amazon', 'Azure', 'Odd'], env: { TZ: 'Europe/Paris' } };
    const d = desiredState({ profile, reading: { n1: base, n2: odd, n3: base }, basis: 'profile', appliedAt: null });
    expect(d.nodes.n2).toEqual({ database: 'server db1:5432, database proget, user proget', keyFingerprint: 'key:aaa', version: '2025.14', extensions: ['Amazon', 'Azure'], webServer: null, env: { TZ: 'UTC' } });
    expect(d.members).toEqual(['n1', 'n2', 'n3']);
  });
});
