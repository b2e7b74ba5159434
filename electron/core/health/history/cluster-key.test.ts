/** The cluster key: the same for the same servers however typed or ordered, different for other servers; no secret in it. */
import { describe, expect, it } from 'vitest';
import type { ClusterProfile } from '../../../shared/profile';
import { clusterKey } from './cluster-key';

type Nodes = Pick<ClusterProfile, 'product' | 'nodes'>;
const n = (host: string, port?: number, webPort?: number) => ({ host, ...(port ? { port } : {}), ...(webPort ? { webPort } : {}), user: 'admin', os: 'linux', auth: { kind: 'password', password: { prompt: 'hunter2' } } }) as unknown as ClusterProfile['nodes'][number];

describe('clusterKey', () => {
  it('is stable over host spelling, order, defaults and users/passwords; differs with the product, a port or a server (seeded, 500 cases)', () => {
    let seed = 7;
    const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % k);
    for (let i = 0; i < 500; i++) {
      const hosts = Array.from({ length: 1 + rand(5) }, (_, j) => `node${j}-${rand(1000)}.corp.example`);
      const base: Nodes = { product: 'proget', nodes: hosts.map((h) => n(h)) };
      const key = clusterKey(base);
      expect(key).toMatch(/^proget-[0-9a-f]{16}$/);
      const respelled = { product: 'proget' as const, nodes: [...hosts].reverse().map((h) => ({ ...n(`${rand(2) ? h.toUpperCase() : h}.`, 22, 8624), user: `other${rand(9)}` })) };
      expect(clusterKey(respelled)).toBe(key);
      expect(clusterKey({ ...base, product: 'otter' })).not.toBe(key);
      expect(clusterKey({ ...base, nodes: [...base.nodes.slice(1), n(hosts[0]!, 2222)] })).not.toBe(key);
      expect(clusterKey({ ...base, nodes: [...base.nodes, n('extra.corp.example')] })).not.toBe(key);
      expect(key).not.toContain('hunter2');
    }
  });
});
