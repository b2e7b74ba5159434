/**
 * The cluster's key as checks, plan and apply read it: which node's configuration counts as "on the
 * cluster's database" (same server and database, spelled in any case), and that unreadable nodes are
 * left out rather than read as keyless. A fake run context: only config() and the profile are read.
 */
import { describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../shared/profile';
import type { ProductConfig } from '../config/product-config';
import type { ClusterContext, NodeConfigState } from '../run/cluster-context';
import { SecretResolver, envFileSecretSource } from '../secrets';
import { seededRandom } from '../../shared/testing/seeded-random';
import { clusterKey } from './cluster-key';

const KEY_A = 'a'.repeat(32);
const KEY_B = 'b'.repeat(32);
const CLUSTER_DB = 'Server=sql1.corp,1433;Database=ProGet;User ID=proget';

function context(configs: Record<string, NodeConfigState | Error>, encryptionKey: unknown = { mode: 'auto' }, env: Record<string, string> = {}): ClusterContext {
  const profile = ProfileSchema.parse({
    version: 1, product: 'proget',
    nodes: Object.keys(configs).map((id) => ({ id, host: `${id}.lab`, user: 'admin', os: 'windows', auth: { kind: 'agent' } })),
    database: { kind: 'sqlserver', connectionString: CLUSTER_DB, password: { env: 'DB_PASSWORD' } },
    storage: { path: '\\\\nas\\proget' }, loadBalancer: { type: 'haproxy' }, encryptionKey,
  });
  return {
    profile,
    secrets: new SecretResolver(envFileSecretSource({ env })),
    nodes: profile.nodes.map((n) => ({ id: n.id!, profile: n })),
    config: async (id: string) => {
      const c = configs[id]!;
      if (c instanceof Error) throw c;
      return c;
    },
  } as unknown as ClusterContext;
}

const config = (encryptionKey: string | null, sqlConnectionString: string | null): NodeConfigState => ({
  bytes: Buffer.from('x'), text: 'x', error: null,
  config: { encryptionKey, sqlConnectionString, postgresConnectionString: null } as ProductConfig,
});

describe('the cluster key read from the nodes', () => {
  it('keeps the key of the node already on the cluster\'s database, however its connection string spells the server (property: 200 spellings)', async () => {
    const next = seededRandom(12);
    const caseMix = (s: string) => [...s].map((c) => (next() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
    for (let i = 0; i < 200; i++) {
      const theirs = `Data Source=${caseMix('sql1.corp')},1433;Initial Catalog=${caseMix('proget')};User ID=other`;
      const r = await clusterKey(context({ node1: config(KEY_A, null), node2: config(KEY_B, theirs) }));
      expect(r.decision, theirs).toMatchObject({ kind: 'keep', fromNodes: ['node2'] });
      expect(r.key).toBe(KEY_B);
    }
  });

  it('does not count a node on another server, port or database as on the cluster\'s database', async () => {
    for (const other of ['Server=sql2.corp,1433;Database=ProGet;User ID=proget', 'Server=sql1.corp,1434;Database=ProGet;User ID=proget', 'Server=sql1.corp,1433;Database=ProGet2;User ID=proget']) {
      const r = await clusterKey(context({ node1: config(KEY_A, null), node2: config(KEY_B, other) }));
      expect(r.decision, other).toMatchObject({ kind: 'conflict', reason: 'nodes have different keys and none is on the cluster\'s database yet' });
      expect(r.key).toBeNull();
    }
  });

  it('leaves out a node whose configuration cannot be read, and names it', async () => {
    const broken: NodeConfigState = { bytes: Buffer.from('<'), text: '<', config: null, error: 'not XML' };
    const r = await clusterKey(context({ node1: config(KEY_A, CLUSTER_DB), node2: broken, node3: new Error('ssh down'), node4: config(null, null) }));
    expect(r.read).toEqual(['node1', 'node4']);
    expect(r.unreadable).toEqual(['node2', 'node3']);
    expect(r.decision).toMatchObject({ kind: 'keep', fromNodes: ['node1'], nodesToChange: ['node4'] });
  });

  it('resolves a provided key from its secret, and refuses it where the cluster\'s database already has another', async () => {
    const provided = { mode: 'provided', key: { env: 'KEY' } };
    const ok = await clusterKey(context({ node1: config(null, null) }, provided, { KEY: KEY_A.toUpperCase() }));
    expect(ok).toMatchObject({ key: KEY_A, decision: { kind: 'keep', reason: 'the key given in the profile' } });
    const clash = await clusterKey(context({ node1: config(KEY_B, CLUSTER_DB) }, provided, { KEY: KEY_A }));
    expect(clash).toMatchObject({ key: null, decision: { kind: 'conflict' } });
  });
});
