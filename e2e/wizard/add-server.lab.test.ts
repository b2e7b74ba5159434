/**
 * Issue 13, "Done when": add a server from the dashboard, in Chromium against the real lab. A cluster of
 * node1 and node2 is built through the wizard; then "Add a server…" on the dashboard adds node3: its checks,
 * its host key compared with the lab's and trusted, the plan, which is refused because node3 has a database
 * of its own in the fresh lab until "Leave its data behind" is ticked, the apply, and a dashboard on which all
 * three servers are healthy. The lab's files are put back after.
 */
import { describe, expect, inject, it } from 'vitest';
import { buildClusterOf } from './dashboard-cluster';
import { wizardSuite } from './suite';
import { addServerFromDashboard, waitForHealthyDashboard } from './wizard-driver';

const lab = inject('lab');
const suite = wizardSuite({ restore: lab });

describe('the dashboard adds a server', () => {
  it('node3 joins a cluster of node1 and node2: refused for its own data until left behind, then healthy beside them', async () => {
    const { page } = await suite.open({ harness: { keyFile: lab.nodes[0]!.privateKeyPath } });
    await buildClusterOf(page, lab, 2);
    expect(await page.getByTestId('health-node-node3').count()).toBe(0);

    const node3 = lab.nodes[2]!;
    const added = await addServerFromDashboard(page, lab, node3, { leaveDataBehind: true });
    expect(added.hostKey).toBe(node3.hostKeyFingerprint);
    expect(added.refused, 'node3 has a database of its own in the fresh lab').toMatch(/node3/);
    expect(added.licenceNote).toBeNull();
    expect(added.outcome).toMatch(/node3 is part of the cluster/);

    const dashboard = await waitForHealthyDashboard(page, ['node1', 'node2', 'node3']);
    expect(Object.keys(dashboard.tiles)).toEqual(['node1', 'node2', 'node3']);
    expect(await page.getByTestId('balancer-state-node3').textContent()).toBe('In rotation');
    // The wizard builds the cluster first (about two minutes), then adds or removes through an apply.
  }, 420_000);
});
