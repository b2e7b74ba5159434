/**
 * The whole wizard for any product the lab plays, typed as a person would: Welcome (the product
 * chosen), the lab's servers with their host keys compared and accepted, the database (PostgreSQL or
 * the SQL Server test server with TLS), the shared storage, the key decision, HAProxy, Review with no
 * failure, Apply, and a dashboard on which every server is healthy. `at(step)` is called once each page
 * has settled (and once with the first host key dialog open), for specs that look at every page.
 */
import type { Page } from 'playwright-core';
import type { LabDescription } from '../lab/lab-description';
import { PRODUCTS, type ProductId } from '../../electron/shared/products';
import {
  addServer, chooseLoadBalancer, confirmApply, connectAndAcceptHostKeys, failedChecks, fillDatabase, fillStorage, generatedConfig, next,
  readApplyOutcome, readKeyDecision, readReview, startNewCluster, testDatabase, testLoadBalancer, testStorage, waitForHealthyDashboard, waitForPage,
  type ApplySeen, type DashboardSeen, type DbKind, type ReviewSeen, type RunSummary,
} from './wizard-driver';

export type WalkStep = 'welcome' | 'servers-host-key' | 'servers' | 'database' | 'storage' | 'encryption' | 'load-balancer' | 'review' | 'apply' | 'dashboard';

export interface WalkSeen {
  runs: Record<'database' | 'storage' | 'loadBalancer', RunSummary>;
  review: ReviewSeen;
  applied: ApplySeen;
  dashboard: DashboardSeen;
  /** Seconds each page took, from arriving to leaving (what a CI budget needs to know). */
  seconds: Partial<Record<WalkStep, number>>;
}

const failed = async (page: Page, what: string, run: RunSummary) => {
  if (run.failed) throw new Error(`${what}: ${JSON.stringify(await failedChecks(page))}`);
};

export async function walkWizard(page: Page, lab: LabDescription, o: { product: ProductId; kind: DbKind; at?: (step: WalkStep) => Promise<void> }): Promise<WalkSeen> {
  const at = o.at ?? (async () => undefined);
  const ids = lab.nodes.map((n) => n.name);
  const seconds: WalkSeen['seconds'] = {};
  let t = Date.now();
  const lap = (step: WalkStep) => {
    seconds[step] = (Date.now() - t) / 1000;
    t = Date.now();
  };

  await waitForPage(page, 'Make one cluster of several servers');
  await page.getByText('No saved profiles yet.', { exact: false }).waitFor({ state: 'visible' });
  await page.getByRole('radio', { name: PRODUCTS[o.product].name, exact: true }).check();
  await at('welcome');
  await startNewCluster(page);
  lap('welcome');

  for (const [i, node] of lab.nodes.entries()) await addServer(page, { node }, i === 0);
  let dialogSeen = false;
  await connectAndAcceptHostKeys(page, lab, {
    beforeAccept: async () => {
      if (dialogSeen) return;
      dialogSeen = true;
      await at('servers-host-key');
    },
  });
  await at('servers');
  await next(page, 'Database');
  lap('servers');

  await fillDatabase(page, o.kind, lab.databases[o.kind], o.kind === 'sqlserver' ? { encrypt: true, trustServerCertificate: true } : {});
  const database = await testDatabase(page);
  await failed(page, 'the database checks failed', database);
  await at('database');
  await next(page, 'Shared storage');
  lap('database');

  await fillStorage(page, lab.storage.path);
  const storage = await testStorage(page);
  await failed(page, 'the storage checks failed', storage);
  await at('storage');
  await next(page, 'Encryption key');
  lap('storage');

  const key = await readKeyDecision(page);
  await failed(page, 'the key checks failed', key.summary);
  await at('encryption');
  await next(page, 'Load balancer');
  lap('encryption');

  await chooseLoadBalancer(page, 'HAProxy', lab.loadBalancers.haproxy);
  await generatedConfig(page, lab.nodes.map((n) => `${n.address}:${n.webPort}`));
  const loadBalancer = await testLoadBalancer(page);
  await failed(page, 'the load balancer checks failed', loadBalancer);
  await at('load-balancer');
  await next(page, 'Review');
  lap('load-balancer');

  const review = await readReview(page);
  if (review.failures.length) throw new Error(`review failed: ${JSON.stringify(review.failures)}`);
  await at('review');
  await next(page, 'Apply');
  lap('review');

  await confirmApply(page);
  const applied = await readApplyOutcome(page, ids);
  await at('apply');
  await next(page, 'Dashboard');
  lap('apply');

  const dashboard = await waitForHealthyDashboard(page, ids);
  await at('dashboard');
  lap('dashboard');
  return { runs: { database, storage, loadBalancer }, review, applied, dashboard, seconds };
}
