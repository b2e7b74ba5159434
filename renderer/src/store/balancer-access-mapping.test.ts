/**
 * The balancer access survives profile -> draft -> profile exactly (issue 13: the app used to drop it,
 * so drain, grow/shrink and apply never drove the balancer), and its secrets never reach the kept session.
 */
import { describe, expect, it } from 'vitest';
import { ProfileSchema, type BalancerAccess, type ClusterProfileInput, type SecretRef } from '../../../electron/shared/profile';
import { seededRandom } from '../../../electron/shared/testing/seeded-random';
import { SECRET } from './draft-types';
import { fromProfile, toProfile } from './profile-mapping';
import { keepableDraft } from './session-persist';

const FP = 'SHA256:' + 'Ab1+/'.repeat(9).slice(0, 43);

function gen(rnd: () => number) {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const word = (n: number) => Array.from({ length: 1 + Math.floor(rnd() * n) }, () => pick('abcdefghijklmnopqrstuvwxyz0123456789-'.split(''))).join('');
  const host = () => pick([() => `${word(8)}.${word(6)}`.replace(/^-|-$/g, 'a'), () => `10.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`])();
  const port = () => 1 + Math.floor(rnd() * 65535);
  const path = () => pick(['/etc/haproxy/', '/opt/my lb/', '/etc/nginx/conf.d/', 'C:\\lb\\']) + word(12) + pick(['.cfg', '.conf', '']);
  const secretRef = (prompt: string): SecretRef => pick<SecretRef>([{ prompt }, { env: 'LB_PW' }, { file: path() }, { encrypted: 'blob' + word(8) }]);
  const auth = (): Extract<BalancerAccess, { kind: 'ssh' }>['auth'] => pick([
    () => ({ kind: 'password' as const, password: secretRef(SECRET.balancerSsh) }),
    () => ({ kind: 'key' as const, keyPath: path(), ...(rnd() < 0.5 ? { passphrase: secretRef(SECRET.balancerPassphrase) } : {}) }),
    () => ({ kind: 'agent' as const, ...(rnd() < 0.5 ? { agent: pick(['pageant', '/run/agent.sock']) } : {}) }),
  ])();
  const access = (): BalancerAccess => rnd() < 0.3
    ? { kind: 'haproxy-api', host: host(), port: port() }
    : {
      kind: 'ssh', host: host(), port: port(), user: word(10), auth: auth(), configPath: path(),
      ...(rnd() < 0.5 ? { hostKeyFingerprint: FP } : {}), ...(rnd() < 0.5 ? { runtimeSocket: path() } : {}),
    };
  return { access, word };
}

function profileWith(access: BalancerAccess): ClusterProfileInput {
  return {
    version: 1, product: 'proget',
    nodes: [{ host: 'pg1.corp', port: 22, user: 'admin', os: 'windows', auth: { kind: 'agent' } }],
    database: { kind: 'postgres', connectionString: 'Host=db;Database=p;Username=u' },
    storage: { path: '/srv/p' }, encryptionKey: { mode: 'auto' },
    loadBalancer: { type: access.kind === 'haproxy-api' || access.host.length % 2 ? 'haproxy' : 'nginx', sticky: false, access },
  };
}

describe('balancer access <-> draft', () => {
  it('profile -> draft -> profile keeps the access exactly, secrets beside it (500 seeded cases)', () => {
    const rnd = seededRandom(1313);
    const { access, word } = gen(rnd);
    for (let i = 0; i < 500; i++) {
      const a = access();
      const p = profileWith(a);
      expect(ProfileSchema.safeParse(p).success, JSON.stringify(a)).toBe(true);
      const saved: Record<string, string> = { [SECRET.balancerSsh]: word(20), [SECRET.balancerPassphrase]: word(20) };
      const { draft, secrets } = fromProfile(p, saved, '');
      const back = toProfile(draft, secrets);
      expect(back.profile.loadBalancer.access, JSON.stringify(a)).toEqual(a);
      // Each prompt reference comes back with its value beside the profile, nothing else.
      const prompts = JSON.stringify(a).match(/"prompt":"([^"]+)"/g)?.map((m) => m.slice(10, -1)) ?? [];
      expect(Object.keys(back.secrets).sort()).toEqual([...prompts].sort());
      for (const k of prompts) expect(back.secrets[k]).toBe(saved[k]);
    }
  });

  it('no access in the profile is no access in the draft, and none comes back', () => {
    const p = profileWith({ kind: 'haproxy-api', host: 'h', port: 1 });
    delete p.loadBalancer.access;
    const { draft } = fromProfile(p, {}, '');
    expect(draft.balancerAccess.kind).toBe('none');
    expect(toProfile(draft, {}).profile.loadBalancer).not.toHaveProperty('access');
  });

  it('the kept session holds no balancer secret nor its encrypted form (300 seeded cases)', () => {
    const rnd = seededRandom(77);
    const { access } = gen(rnd);
    for (let i = 0; i < 300; i++) {
      const a = access();
      const { draft } = fromProfile(profileWith(a), {}, '');
      const retype = new Set<string>();
      const kept = JSON.stringify(keepableDraft(draft, retype));
      expect(kept).not.toContain('"encrypted"');
      // The env and file names are references, not secrets: those are kept.
      if (a.kind === 'ssh' && a.auth.kind === 'password' && 'env' in a.auth.password) expect(kept).toContain('LB_PW');
      if (JSON.stringify(a).includes('"encrypted"')) expect([...retype].some((k) => k.startsWith('lb:'))).toBe(true);
    }
  });
});
