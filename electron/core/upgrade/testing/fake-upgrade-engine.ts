/**
 * Test support: the upgrade engine table (upgrade-engine.ts) over the in-memory cluster, with the real
 * runner: the preflight answers one item (pass or fail), the plan is testPlan's, no balancer, no lock.
 */
import type { ClusterContext } from '../../run/cluster-context';
import type { UpgradeEngine } from '../upgrade-engine';
import { type FakeUpgradeCluster, MAJOR_PATH, testPlan } from './fake-upgrade';

export function fakeUpgradeEngine(cluster: FakeUpgradeCluster, o: { failPreflight?: boolean; built?: string[] } = {}): Partial<UpgradeEngine> {
  return {
    openContext: () => ({ nodes: [], close: async () => undefined }) as unknown as ClusterContext,
    nodeUpgraders: () => [...cluster.upgraders().values()],
    databaseUpgradeOps: () => cluster.database(),
    runUpgradePreflight: async (d) => ({
      items: [{ id: 'versions', status: o.failPreflight ? 'fail' : 'pass', title: 'Every server on one version', detail: d.to, nodeId: null }],
      from: '2025.14', path: MAJOR_PATH,
    }),
    buildUpgradePlan: (i) => {
      o.built?.push(`${i.from}->${i.to}`);
      return testPlan(cluster.ids, i.from, i.to, i.mode, i.path);
    },
    openBalancer: async () => null,
    health: () => cluster.health(),
    holdLock: async () => ({ broke: null, stop: async () => undefined }),
  };
}
