/** Host normalisation: every way of writing one address gives one form (property tests, seeded). */
import { describe, expect, it } from 'vitest';
import { loadBalancerConfig } from './config/load-balancers';
import { loadBalancerInputFor } from './config/load-balancers/profile-input';
import { hostForUrl, hostPort, hostProblem, normalizeHost } from '../shared/host-name';
import { nodeId, parseProfile } from '../shared/profile';
import { fingerprintOf, HostKeyPolicy, hostKeyId, KnownHostsStore, lookupHost } from './remote/known-hosts';
import { seededRandom as seeded } from '../shared/testing/seeded-random';

const next = seeded(0x1b6);
const int = (n: number) => Math.floor(next() * n);
const randomCase = (s: string) => [...s].map((c) => (next() < 0.5 ? c.toUpperCase() : c)).join('');

/** Eight groups, often with a run of zeros (where "::" goes). */
function randomV6Groups(): number[] {
  const groups = Array.from({ length: 8 }, () => (next() < 0.3 ? 0 : int(0x10000)));
  if (next() < 0.6) {
    const start = int(7);
    for (let i = start; i < Math.min(8, start + 1 + int(5)); i++) groups[i] = 0;
  }
  if (groups.slice(0, 6).every((g) => g === 0) && groups[6] !== 0) groups[0] = 0xfd00; // keep clear of ::/96 v4-compatible forms
  return groups;
}
/** The same address written one of many ways: full, leading zeros, compressed anywhere legal, bracketed, any case. */
function writeV6(groups: number[]): string {
  const hex = groups.map((g) => (next() < 0.3 ? g.toString(16).padStart(4, '0') : g.toString(16)));
  let text = hex.join(':');
  const zeroRuns: [number, number][] = [];
  for (let i = 0; i < 8; i++) {
    if (groups[i] !== 0) continue;
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    zeroRuns.push([i, j]);
    i = j;
  }
  if (zeroRuns.length && next() < 0.7) {
    const [a, b] = zeroRuns[int(zeroRuns.length)]!;
    const from = a + int(b - a);
    const to = from + 1 + int(b - from);
    text = `${hex.slice(0, from).join(':')}::${hex.slice(to).join(':')}`;
  }
  text = randomCase(text);
  return next() < 0.4 ? `[${text}]` : next() < 0.2 ? ` ${text} ` : text;
}

describe('normalizeHost', () => {
  it('gives the documented forms', () => {
    expect(normalizeHost('[FD00::11]')).toBe('fd00::11');
    expect(normalizeHost('fd00:0:0:0:0:0:0:0011')).toBe('fd00::11');
    expect(normalizeHost('::ffff:10.0.0.5')).toBe('10.0.0.5');
    expect(normalizeHost('[::FFFF:0a00:0005]')).toBe('10.0.0.5');
    expect(normalizeHost('PG1.Corp.Example.')).toBe('pg1.corp.example');
    expect(normalizeHost(' 10.0.0.5 ')).toBe('10.0.0.5');
    expect(hostForUrl('FD00::11')).toBe('[fd00::11]');
    expect(hostPort('::ffff:10.0.0.5', 22)).toBe('10.0.0.5:22');
    expect(`http://${hostForUrl('[fd00::11]')}:8624`).toBe('http://[fd00::11]:8624');
  });

  it('500 random IPv6 addresses: every written form gives one normalised form, idempotent, usable in a URL', () => {
    for (let i = 0; i < 500; i++) {
      const groups = randomV6Groups();
      const forms = Array.from({ length: 4 }, () => writeV6(groups));
      const normal = forms.map(normalizeHost);
      expect(new Set(normal).size, JSON.stringify(forms)).toBe(1);
      expect(normalizeHost(normal[0]!)).toBe(normal[0]);
      expect(new URL(`http://${hostForUrl(normal[0]!)}:8624/`).hostname).toBe(hostForUrl(normal[0]!));
      expect(forms.every((f) => hostProblem(f) === null)).toBe(true);
    }
  });

  it('500 random IPv4 addresses: the IPv4-mapped IPv6 forms are the IPv4 address', () => {
    for (let i = 0; i < 500; i++) {
      const v4 = Array.from({ length: 4 }, () => int(256));
      const dotted = v4.join('.');
      const hex = `${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
      for (const form of [dotted, `${dotted}.`, `::ffff:${dotted}`, `::ffff:${dotted}.`, `[::ffff:${dotted}]`, `[::ffff:${dotted}].`, randomCase(`::ffff:${hex}`), `0:0:0:0:0:ffff:${dotted}`]) {
        expect(normalizeHost(form), form).toBe(dotted);
      }
    }
  });

  it('500 random names: case and a trailing dot do not matter', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789-';
    for (let i = 0; i < 500; i++) {
      const labels = Array.from({ length: 1 + int(4) }, () => `${letters[int(26)]}${Array.from({ length: int(10) }, () => letters[int(letters.length)]).join('')}`);
      const name = labels.join('.');
      expect(normalizeHost(randomCase(name) + (next() < 0.5 ? '.' : ''))).toBe(name);
    }
  });

  it('refuses brackets around anything but IPv6, and host:port in the host field', () => {
    expect(hostProblem('[pg1.corp]')).toMatch(/only for an IPv6/);
    expect(hostProblem('[fd00::11')).toMatch(/only for an IPv6/);
    expect(hostProblem('pg1.corp:22')).toMatch(/port separately/);
    expect(hostProblem('fd00::11')).toBeNull();
  });
});

const profile = (hosts: (string | { host: string; id?: string })[]) => ({
  version: 1, product: 'proget',
  nodes: hosts.map((h) => ({ ...(typeof h === 'string' ? { host: h } : h), user: 'u', os: 'linux', auth: { kind: 'agent' }, configPath: '/x.env' })),
  database: { kind: 'postgres', connectionString: 'Host=db;Database=p;Username=p' }, storage: { path: '/s' }, loadBalancer: { type: 'haproxy' },
});

describe('the profile normalises each host once', () => {
  it('stores the normalised host, and node ids default to it', () => {
    const r = parseProfile(profile(['[FD00::11]', '::ffff:10.0.0.5', 'PG3.Corp.']));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.profile.nodes.map((n) => n.host)).toEqual(['fd00::11', '10.0.0.5', 'pg3.corp']);
    expect(r.profile.nodes.map(nodeId)).toEqual(['fd00::11', '10.0.0.5', 'pg3.corp']);
  });

  it('names one server written two ways as a duplicate', () => {
    const r = parseProfile(profile(['[fd00::11]', 'FD00:0::11']));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ path: 'nodes[1].id', where: 'server 2', message: 'duplicate node fd00::11' });
  });

  it('writes an IPv6 node into HAProxy and nginx as [address]:port', () => {
    const r = parseProfile({ ...profile(['[FD00::11]', '10.0.0.12']), loadBalancer: { type: 'haproxy', url: 'http://proget.corp' } });
    if (!r.ok) throw new Error('profile invalid');
    const input = loadBalancerInputFor(r.profile);
    for (const type of ['haproxy', 'nginx'] as const) {
      const text = loadBalancerConfig(type, input).files.map((f) => f.content).join('\n');
      expect(text, type).toContain('[fd00::11]:8624');
      expect(text, type).toContain('10.0.0.12:8624');
    }
  });

  it('refuses a bracketed name with its JSON path', () => {
    const r = parseProfile(profile(['[pg1.corp]']));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ path: 'nodes[0].host' });
  });
});

describe('pins and known hosts use the normalised form', () => {
  it('finds a pin however its key was written', () => {
    const fp = `SHA256:${'A'.repeat(43)}`;
    for (const key of ['[FD00::11]:22', 'fd00:0::11', '[fd00::11]']) expect(lookupHost({ [key]: fp }, '[fd00::0011]', 22), key).toBe(fp);
    expect(lookupHost({ '::ffff:10.0.0.5': fp }, '10.0.0.5', 22)).toBe(fp);
    expect(lookupHost({ '10.0.0.5:2222': fp }, '10.0.0.5', 22)).toBeUndefined();
    expect(hostKeyId('::ffff:10.0.0.5', 22)).toBe('10.0.0.5:22');
    expect(hostKeyId('FD00::11', 22)).toBe('[fd00::11]:22');
  });

  it('trusts the pinned key of an IPv4-mapped host (it was "unknown" before)', async () => {
    const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 7)]);
    const policy = new HostKeyPolicy({ store: new KnownHostsStore('/nonexistent/never-written.json'), pinned: { [hostKeyId('::ffff:10.0.0.5', 22)]: fingerprintOf(blob) } });
    expect((await policy.evaluate('::ffff:10.0.0.5', 22, blob)).verdict).toBe('trusted');
    expect((await policy.evaluate('10.0.0.5', 22, blob)).verdict).toBe('trusted');
  });
});
