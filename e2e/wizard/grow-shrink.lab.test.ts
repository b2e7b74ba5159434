/**
 * Issue 13, "Done when": add a server and remove one from the dashboard, in Chromium against the real lab,
 * on one cluster built once through the wizard (node1 and node2). "Add a server…" adds node3: its checks,
 * its host key compared with the lab's and trusted, the plan, refused because node3 has a database of its
 * own in the fresh lab until "Leave its data behind" is ticked, the apply, and a dashboard on which all three
 * are healthy. Then "Remove from the cluster…" takes node3 out again. The profile built in the app gives the
 * wizard no access to the balancer, so the admin takes node3 out of HAProxy by hand first (as the refusal
 * says) and removes it with "the balancer is already handled" (a drain wait of 0). The engine's own drain,
 * with access, is proved in e2e/lab/grow-shrink.lab.test.ts. The lab's files and services are put back after.
 */
import { describe, expect, inject, it } from 'vitest';
import { haproxyCommand } from '../lab/load-balancers';
import { buildClusterOf } from './dashboard-cluster';
import { wizardSuite } from './suite';
import { addServerFromDashboard, removeServerFromDashboard, until, waitForHealthyDashboard } from './wizard-driver';

const lab = inject('lab');
const suite = wizardSuite({ restore: lab, beforeCleanup: async () => void (await haproxyCommand('set server inedo_nodes/node3 state ready')) });

describe('the dashboard grows and shrinks the cluster', () => {
  it('node3 joins a cluster of node1 and node2 (its data left behind), then leaves it; the others stay healthy', async () => {
    const { page } = await suite.open({ harness: { keyFile: lab.nodes[0]!.privateKeyPath } });
    await buildClusterOf(page, lab, 2);
    expect(await page.getByTestId('health-node-node3').count()).toBe(0);

    const node3 = lab.nodes[2]!;
    const added = await addServerFromDashboard(page, lab, node3, { leaveDataBehind: true });
    expect(added.hostKey).toBe(node3.hostKeyFingerprint);
    expect(added.refused, 'node3 has a database of its own in the fresh lab').toMatch(/node3/);
    expect(added.licenceNote).toBeNull();
    expect(added.outcome).toMatch(/node3 is part of the cluster/);
    const grown = await waitForHealthyDashboard(page, ['node1', 'node2', 'node3']);
    expect(Object.keys(grown.tiles)).toEqual(['node1', 'node2', 'node3']);

    // As the refusal without access says: out of the balancer first, then removed as "already handled".
    expect(await haproxyCommand('set server inedo_nodes/node3 state maint')).toBe('\n');
    const removed = await removeServerFromDashboard(page, 'node3', 0);
    expect(removed.said).toMatch(/Its configuration file stays on it as a backup/);
    expect(removed.outcome).toMatch(/node3 is no longer part of the cluster/);
    expect(removed.steps).toMatch(/Stop its service/);
    await until(async () => (await page.getByTestId('health-node-node3').count()) === 0, 'node3’s tile to go', 30_000);
    const shrunk = await waitForHealthyDashboard(page, ['node1', 'node2']);
    expect(Object.keys(shrunk.tiles)).toEqual(['node1', 'node2']);
  }, 480_000);
});
