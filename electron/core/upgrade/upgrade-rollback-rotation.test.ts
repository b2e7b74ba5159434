/**
 * A rollback that cannot put a server back keeps it out of the balancer's rotation, and the report must say
 * how to put it back in once it is finished by hand: else an admin who follows the report ends with a healthy
 * server the balancer never sends a request to (found in the lab: node2's link lost through the rollback,
 * e2e/lab/upgrade-rolling.lab.test.ts, whose report named no balancer step).
 */
import { describe, expect, it } from 'vitest';
import { FakeBalancer } from '../balancer/testing/fake-balancer';
import { FakeUpgradeCluster, MAJOR_PATH, testPlan, type FakeFault } from './testing/fake-upgrade';
import { runUpgrade } from './upgrade-run';

const IDS = ['node1', 'node2', 'node3'];
const FAST = { drainTimeoutMs: 200, confirmTimeoutMs: 200, readyTimeoutMs: 200, pollMs: 1 };

async function run(faults: FakeFault[]) {
  const cluster = new FakeUpgradeCluster(IDS, '2025.14');
  cluster.faults.push(...faults);
  const balancer = new FakeBalancer(IDS, cluster.journal);
  const report = await runUpgrade(testPlan(IDS, '2025.14', '2026.1', 'coordinated', MAJOR_PATH), {
    profile: cluster.profile(), upgraders: cluster.upgraders(), database: cluster.database(), balancer, health: cluster.health(),
    backupDir: '/backups', emit: () => undefined, drain: FAST, healthTimeoutMs: 1000,
  });
  return { report, balancer };
}

describe('a rollback that leaves a server out of rotation', () => {
  it('names putting it back into rotation, right after the steps that finish it', async () => {
    const { report, balancer } = await run([{ on: 'never-healthy', node: 'node3', version: '2026.1' }, { on: 'install', node: 'node2', version: '2025.14' }]);
    expect(report.status).toBe('rollback-failed');
    expect(balancer.states.get('node2')).toBe('drain');
    expect(report.manualSteps.map((m) => m.title)).toEqual(['Finish putting back node2', 'Put node2 back into rotation at HAProxy']);
    expect(report.manualSteps[1]!.detail).toContain('set server inedo_nodes/node2 state ready');
  });

  it('every server left stopped after a failed database restore: each to be put back into rotation, after the database', async () => {
    const { report } = await run([{ on: 'never-healthy', node: 'node2', version: '2026.1' }, { on: 'db-restore' }]);
    expect(report.status).toBe('rollback-failed');
    const titles = report.manualSteps.map((m) => m.title);
    expect(titles[0]).toBe('Restore the database from its backup');
    for (const id of IDS) expect(titles.indexOf(`Put ${id} back into rotation at HAProxy`)).toBeGreaterThan(titles.indexOf(`Finish putting back ${id}`));
    expect(titles.filter((t) => t.includes('back into rotation'))).toHaveLength(IDS.length);
  });
});
