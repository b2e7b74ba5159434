/**
 * `npm run screenshots` (as root: it uses the lab): walks the real wizard in Chromium through every
 * page, like the happy-path spec (three lab servers, PostgreSQL, shared storage, HAProxy, Review,
 * Apply, Dashboard), and writes each page in light and dark to docs/screenshots/<nn>-<page>-<theme>.png
 * at 1180×820. The lab's files are put back afterwards; a lab this script started is taken down again
 * (HA_LAB_KEEP=1 leaves it up). `-- --size 1024x700 --out DIR` walks at another size into another
 * folder, for looking at the pages as a smaller screen shows them (docs/ keeps one size).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { labDown, labUp, readLabState } from '../e2e/lab/lab';
import { acquireLabLock } from '../e2e/lab/lab-lock';
import { REPO_ROOT, ensureRendererBuilt, launchChromium, openWizard, type WizardSession } from '../e2e/wizard/browser';
import { configFiles, restoreLab, type ConfigFiles } from '../e2e/wizard/lab-restore';
import * as w from '../e2e/wizard/wizard-driver';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const OUT = path.resolve(option('--out') ?? path.join(REPO_ROOT, 'docs', 'screenshots'));
const SIZE = /^(\d{3,4})x(\d{3,4})$/.exec(option('--size') ?? '');
if (option('--size') && !SIZE) throw new Error('--size must be WIDTHxHEIGHT, for example 1024x700');
const THEMES = ['light', 'dark'] as const;
const written: { file: string; bytes: number }[] = [];

/** The page as it is, in both themes (the app follows prefers-color-scheme). */
async function shot(page: Page, name: string, o: { scrollTo?: string } = {}): Promise<void> {
  // No focus ring on whatever was clicked or typed into last.
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  if (o.scrollTo) await page.getByRole('heading', { name: o.scrollTo, exact: true }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    await page.waitForFunction((dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark, theme === 'dark');
    await page.waitForTimeout(200);
    const file = path.join(OUT, `${name}-${theme}.png`);
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    written.push({ file, bytes: fs.statSync(file).size });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function walk(page: Page, lab: Awaited<ReturnType<typeof labUp>>): Promise<void> {
  const ids = lab.nodes.map((n) => n.name);
  await w.waitForPage(page, 'Make one cluster of several servers');
  await shot(page, '01-welcome');
  await w.startNewCluster(page);

  for (const [i, node] of lab.nodes.entries()) await w.addServer(page, { node }, i === 0);
  await w.connectAndAcceptHostKeys(page, lab, {
    beforeAccept: async (seen) => {
      if (seen.nodeId === ids[0]) await shot(page, '02-servers-host-key');
    },
  });
  await shot(page, '02-servers');
  await w.next(page, 'Database');

  const db = lab.databases.postgres;
  await w.fillDatabase(page, 'postgres', db);
  await w.testDatabase(page);
  await shot(page, '03-database');
  await shot(page, '03-database-results', { scrollTo: 'Results' });
  await w.next(page, 'Shared storage');

  await w.fillStorage(page, lab.storage.path);
  await w.testStorage(page);
  await shot(page, '04-storage');
  await w.next(page, 'Encryption key');

  await w.readKeyDecision(page);
  await shot(page, '05-encryption');
  await w.next(page, 'Load balancer');

  await w.chooseLoadBalancer(page, 'HAProxy', lab.loadBalancers.haproxy);
  await w.generatedConfig(page, lab.nodes.map((n) => `${n.address}:${n.webPort}`));
  await w.testLoadBalancer(page);
  await shot(page, '06-load-balancer');
  await shot(page, '06-load-balancer-config', { scrollTo: 'Generated configuration' });
  await w.next(page, 'Review');

  const review = await w.readReview(page);
  if (review.failures.length) throw new Error(`review failed: ${JSON.stringify(review.failures)}`);
  await shot(page, '07-review');
  await page.getByRole('tab', { name: /^node2 / }).click();
  await shot(page, '07-review-plan', { scrollTo: 'Plan' });
  await w.next(page, 'Apply');

  await shot(page, '08-apply-before');
  await w.confirmApply(page);
  const applied = await w.readApplyOutcome(page, ids);
  if (applied.outcome !== 'Applied') throw new Error(`apply: ${applied.outcomeText}`);
  await shot(page, '08-apply');
  await w.next(page, 'Dashboard');

  await w.waitForHealthyDashboard(page, ids);
  await shot(page, '09-dashboard');
  await shot(page, '09-dashboard-cluster', { scrollTo: 'Cluster' });
}

async function main(): Promise<void> {
  // Held throughout: the walk faults and restores the lab, which no test run may do meanwhile.
  await acquireLabLock('npm run screenshots');
  const wasUp = readLabState() !== null;
  const lab = await labUp({ nodes: 3 });
  ensureRendererBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT).filter((x) => x.endsWith('.png'))) fs.rmSync(path.join(OUT, f));
  const original: ConfigFiles = configFiles();
  let browser: Browser | null = null;
  let session: WizardSession | null = null;
  try {
    browser = await launchChromium();
    session = await openWizard(browser, { harness: { keyFile: lab.nodes[0]!.privateKeyPath }, ...(SIZE ? { viewport: { width: Number(SIZE[1]), height: Number(SIZE[2]) } } : {}) });
    await walk(session.page, lab);
    if (session.pageErrors.length) process.stderr.write(`page errors:\n  ${session.pageErrors.join('\n  ')}\n`);
  } finally {
    await session?.close();
    await browser?.close();
    await restoreLab(lab, original);
    if (!wasUp && process.env.HA_LAB_KEEP !== '1') await labDown();
  }
  for (const { file, bytes } of written) process.stdout.write(`${path.relative(REPO_ROOT, file)}  ${Math.round(bytes / 1024)} KB\n`);
  const big = written.filter((x) => x.bytes > 300 * 1024);
  if (big.length) throw new Error(`over 300 KB: ${big.map((x) => path.basename(x.file)).join(', ')}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`screenshots: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
