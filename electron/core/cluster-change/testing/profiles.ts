/** Small valid cluster profiles for the cluster-change unit tests. */
import { ProfileSchema, type ClusterProfile } from '../../../shared/profile';

export const testNode = (i: number) => ({ id: `node${i}`, host: `10.0.0.${i}`, user: 'admin', os: 'linux' as const, auth: { kind: 'agent' as const }, configPath: '/etc/proget.env' });

export const clusterOf = (n: number, extra: Partial<ClusterProfile> = {}): ClusterProfile => ProfileSchema.parse({
  version: 1, product: 'proget', nodes: Array.from({ length: n }, (_, i) => testNode(i + 1)),
  database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget' }, storage: { path: '/srv/shared' },
  loadBalancer: { type: 'haproxy' }, ...extra,
});
