/**
 * For the dashboard's add and remove specs (issue 13): a cluster of the first `count` lab nodes built
 * through the wizard as a person does (servers, PostgreSQL, shared storage, key, HAProxy, review,
 * apply), ending on a dashboard where each of them is healthy.
 */
import type { Page } from 'playwright-core';
import type { LabDescription } from '../lab/lab-description';
import {
  confirmApply, next, passDatabase, passEncryption, passLoadBalancer, passReview, passServers, passStorage, readApplyOutcome, startNewCluster, waitForHealthyDashboard,
} from './wizard-driver';

export async function buildClusterOf(page: Page, lab: LabDescription, count: number): Promise<string[]> {
  const part: LabDescription = { ...lab, nodes: lab.nodes.slice(0, count) };
  const ids = part.nodes.map((n) => n.name);
  await page.getByText('No saved profiles yet.', { exact: false }).waitFor({ state: 'visible', timeout: 15_000 });
  await startNewCluster(page);
  await passServers(page, part);
  await passDatabase(page, part, 'postgres');
  await passStorage(page, part);
  await passEncryption(page);
  await passLoadBalancer(page, 'HAProxy', lab.loadBalancers.haproxy);
  await passReview(page);
  await confirmApply(page);
  const applied = await readApplyOutcome(page, ids);
  if (applied.outcome !== 'Applied') throw new Error(`the cluster of ${ids.join(', ')} was not applied: ${applied.outcomeText}`);
  await next(page, 'Dashboard');
  await waitForHealthyDashboard(page, ids);
  return ids;
}
