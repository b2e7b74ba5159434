/** A profile's problems say what is wrong with the value and which server, not what the field is for. */
import { describe, expect, it } from 'vitest';
import { parseProfile } from './profile';
import { seededRandom } from './testing/seeded-random';

const profile = (hosts: string[]) => ({
  version: 1, product: 'proget',
  nodes: hosts.map((host) => ({ host, user: 'admin', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget.env', serviceCommand: '/usr/local/bin/proget-svc' })),
  database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget' },
  storage: { path: '/var/proget/packages' }, loadBalancer: { type: 'haproxy' },
});

describe('profile problems in words', () => {
  it('an empty address says it is empty, on which server', () => {
    const r = parseProfile(profile(['web1', '']));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([{ path: 'nodes[1].host', where: 'server 2', message: 'the address is empty' }]);
  });

  it('a property: any address with a character no host has is named, with what it is not', () => {
    const random = seededRandom(5);
    const bad = ' !#$%&()*+,/;<=>?@^`{|}~\\\'"é';
    for (let i = 0; i < 300; i++) {
      const base = `web${Math.floor(random() * 1000)}`;
      const at = Math.floor(random() * (base.length + 1));
      const host = `${base.slice(0, at)}${bad[Math.floor(random() * bad.length)]}${base.slice(at)}`;
      if (!host.trim() || /^\s*[A-Za-z0-9.:[\]_-]+\s*$/.test(host)) continue;
      const r = parseProfile(profile([host]));
      expect(r.ok, host).toBe(false);
      if (!r.ok) expect(r.problems[0], host).toEqual({ path: 'nodes[0].host', where: 'server 1', message: `${JSON.stringify(host.trim())} is not a host name or IP address (letters, digits, dots and hyphens; IPv6 in brackets)` });
    }
  });

  it('a bracketed name says which value and why', () => {
    const r = parseProfile(profile(['[pg1.corp]']));
    if (!r.ok) expect(r.problems[0]!.message).toBe('"[pg1.corp]": brackets are only for an IPv6 address, like [fd00::11]');
    expect(r.ok).toBe(false);
  });
});
