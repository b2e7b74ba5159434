/**
 * Issue 13, "Done when": remove a server from the dashboard, in Chromium against the real lab. A cluster
 * of node1, node2 and node3 is built through the wizard; node3's tile offers "Remove from the cluster…",
 * whose dialog says what happens (drained, waited on, stopped, out of the balancer, its config kept), takes
 * a one-minute drain wait, and ends with node3 gone from the dashboard while node1 and node2 stay healthy.
 * The lab's files and services are put back after.
 */
import { describe, expect, inject, it } from 'vitest';
import { buildClusterOf } from './dashboard-cluster';
import { wizardSuite } from './suite';
import { removeServerFromDashboard, until, waitForHealthyDashboard } from './wizard-driver';

const lab = inject('lab');
const suite = wizardSuite({ restore: lab });

describe('the dashboard removes a server', () => {
  it('node3 leaves a cluster of three: drained, stopped, out of the balancer, and the other two stay healthy', async () => {
    const { page } = await suite.open({ harness: { keyFile: lab.nodes[0]!.privateKeyPath } });
    await buildClusterOf(page, lab, 3);

    const removed = await removeServerFromDashboard(page, 'node3', 1);
    expect(removed.said).toMatch(/The load balancer stops sending node3 new requests/);
    expect(removed.said).toMatch(/up to 5 minutes/);
    expect(removed.said).toMatch(/Its configuration file stays on it as a backup/);
    expect(removed.outcome).toMatch(/node3 is no longer part of the cluster/);
    expect(removed.steps).toMatch(/Take it out of the balancer’s rotation.*Stop its service.*Change the balancer’s server list/);

    await until(async () => (await page.getByTestId('health-node-node3').count()) === 0, 'node3’s tile to go', 30_000);
    const dashboard = await waitForHealthyDashboard(page, ['node1', 'node2']);
    expect(Object.keys(dashboard.tiles)).toEqual(['node1', 'node2']);
    // The wizard builds the cluster first (about two minutes), then adds or removes through an apply.
  }, 420_000);
});
