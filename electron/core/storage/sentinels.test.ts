/** Sentinel names and sightings, shared by the storage checks and the dashboard's storage probe. */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/testing/seeded-random';
import { POWERSHELL_SCRIPTS } from '../remote/powershell-scripts';
import { SentinelSet, seesSentinel, sightings } from './sentinels';

describe('sentinel names', () => {
  it('are names the remote scripts accept, for any node id (property: 300 generated ids, IPv6 among them)', () => {
    const next = seededRandom(31);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789.-_:';
    const set = new SentinelSet();
    const params = POWERSHELL_SCRIPTS.writeSentinel.params;
    for (let i = 0; i < 300; i++) {
      const id = Array.from({ length: 1 + Math.floor(next() * 30) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const s = set.ofNode(id);
      expect(s.name.startsWith(set.prefix)).toBe(true);
      expect(s.name).not.toContain(':');
      expect(params.safeParse({ path: '\\\\nas\\p', name: s.name, content: s.content }).success, id).toBe(true);
    }
  });

  it('differ between runs and between rounds, and a monitor\'s say so', () => {
    const a = new SentinelSet();
    const b = new SentinelSet();
    expect(a.prefix).not.toBe(b.prefix);
    expect(b.ofNode('node1').name.startsWith(a.prefix)).toBe(false);
    const health = new SentinelSet('health-');
    expect(health.prefix).toMatch(/^hawizard-sentinel-health-[0-9a-f]{12}-$/);
    const at = new Date('2026-01-01T00:00:00Z');
    const [r1, r2] = [health.next('node1', at), health.next('node1', at)];
    expect(r1.name).not.toBe(r2.name);
    expect(r1.content).toBe('written by node1 at 2026-01-01T00:00:00.000Z');
  });
});

describe('sightings', () => {
  it('count a file only with its whole content, and show the node on a local folder seeing only its own', () => {
    const set = new SentinelSet();
    const [s1, s2, s3] = ['node1', 'node2', 'node3'].map((id) => set.ofNode(id));
    const written = new Map([['node1', s1!], ['node2', s2!], ['node3', s3!]]);
    const seen = sightings(new Map([
      ['node1', [s1!, s2!]],
      ['node2', [s1!, s2!, { name: s3!.name, content: 'written by someone else' }]],
      ['node3', [s3!]],
    ]), written);
    expect(seen).toEqual({ node1: ['node1', 'node2'], node2: ['node1', 'node2'], node3: ['node3'] });
    expect(seesSentinel([{ name: s1!.name, content: `${s1!.content}\n` }], s1!)).toBe(false);
  });
});
