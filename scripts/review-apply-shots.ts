/**
 * Review and Apply as issue 11 asks to look at them (items 10, 12, 15, 18), on the real lab through
 * the real engine: Review with the plan's warnings (the lab's fresh node2 and node3 use databases of
 * their own), with "Problems only"; Apply running (held after node1) and after a rollback that itself
 * fails (node2's service will not start, as in e2e/lab/apply.lab.test.ts). Each state in light and dark,
 * at each size given; axe-core's serious and critical findings on each state are printed.
 * Usage (holds the lab lock): npx tsx scripts/review-apply-shots.ts --size 1280x800 --size 1024x700 --out DIR
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { applyPlan, type ApplyInput } from '../electron/core/apply/apply';
import { injectFault } from '../e2e/lab/faults';
import { labDown, labUp, readLabState } from '../e2e/lab/lab';
import { acquireLabLock } from '../e2e/lab/lab-lock';
import { editNodeConfig } from '../e2e/lab/check-helpers';
import { REPO_ROOT, ensureRendererBuilt, launchChromium, openWizard } from '../e2e/wizard/browser';
import { configFiles, restoreLab } from '../e2e/wizard/lab-restore';
import * as w from '../e2e/wizard/wizard-driver';

const args = process.argv.slice(2);
const sizes = args.flatMap((a, i) => (args[i - 1] === '--size' ? [a] : [])).map((s) => s.split('x').map(Number) as [number, number]);
const OUT = path.resolve(args[args.indexOf('--out') + 1] ?? '/tmp/shots-review');
const AXE = fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(OUT, `${name}-${theme}.png`), animations: 'disabled', caret: 'hide' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function axe(page: Page, state: string): Promise<void> {
  // Through the debugger protocol: the page's CSP (script-src 'self') refuses an inline script tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  // Plain data out of the page, filtered here (tsx's helpers do not exist inside the page).
  const violations = await page.evaluate('axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.html) })))') as { id: string; impact: string; nodes: string[] }[];
  // Tabster's focus-trap placeholders (data-tabster-dummy) are focusable and aria-hidden by design: they
  // hand focus on the instant they get it (tabster#288; Fluent: by design, fluentui#27517). Counted apart.
  const found: string[] = [];
  for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
    const real = v.id === 'aria-hidden-focus' ? v.nodes.filter((html) => !html.includes('data-tabster-dummy')) : v.nodes;
    if (real.length !== v.nodes.length) found.push(`(${v.id}: ${v.nodes.length - real.length} tabster placeholders)`);
    if (real.length) found.push(`${v.id} (${v.impact}): ${real.length} × ${real[0]!.slice(0, 160)}`);
  }
  process.stdout.write(`axe ${state}: ${found.length ? `\n  ${found.join('\n  ')}` : 'no serious or critical violation'}\n`);
}

async function scrollTo(page: Page, heading: string): Promise<void> {
  await page.getByRole('heading', { name: heading, exact: true }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
}

async function main(): Promise<void> {
  await acquireLabLock('review-apply-shots');
  const wasUp = readLabState() !== null;
  const lab = await labUp({ nodes: 3 });
  ensureRendererBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  const original = configFiles();
  const browser = await launchChromium();
  try {
    for (const [width, height] of sizes) {
      const tag = `${width}`;
      // node1 gets an option the profile lacks, so all three change and node2 is the second touched.
      const undo = editNodeConfig(lab, 'node1', (t) => t.replace(/(POSTGRES_CONNECTION_STRING=[^\n]*)/, '$1;Timeout=15'));
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => { release = r; });
      let reachedHold: () => void = () => undefined;
      const atHold = new Promise<void>((r) => { reachedHold = r; });
      // The real apply, held once node1 is healthy (for the running state), then node2's service made unable to start.
      const apply = (input: ApplyInput) => applyPlan({
        ...input,
        onEvent: async (e) => {
          await input.onEvent?.(e);
          if (e.type === 'apply-step' && e.nodeId === 'node1' && e.step === 'wait-healthy' && e.status === 'done') {
            reachedHold();
            await held;
          }
          if (e.type === 'apply-step' && e.nodeId === 'node2' && e.step === 'restart' && e.status === 'started') await injectFault('no-start', 'node2');
        },
      });
      const session = await openWizard(browser, { viewport: { width, height }, harness: { keyFile: lab.nodes[0]!.privateKeyPath, engine: { applyPlan: apply } } });
      const page = session.page;
      try {
        await w.startNewCluster(page);
        await w.passServers(page, lab);
        await w.passDatabase(page, lab);
        await w.passStorage(page, lab);
        await w.passEncryption(page);
        await w.passLoadBalancer(page, 'HAProxy', lab.loadBalancers.haproxy);
        await w.readReview(page);
        await page.getByTestId('plan-warnings').waitFor();
        await shot(page, `${tag}-07-review-warnings`);
        await axe(page, `${tag} review`);
        await page.getByRole('radio', { name: 'Problems only' }).check();
        await scrollTo(page, 'Validation');
        await shot(page, `${tag}-07-review-problems-only`);
        await page.getByRole('radio', { name: 'All results' }).check();
        await scrollTo(page, 'Plan');
        await shot(page, `${tag}-07-review-plan`);
        await w.next(page, 'Apply');
        await w.primaryButton(page).click();
        await page.getByRole('alertdialog', { name: 'Apply the changes?' }).waitFor();
        await axe(page, `${tag} apply confirmation`);
        await page.getByRole('alertdialog').getByRole('button', { name: 'Apply', exact: true }).click();
        await atHold;
        await page.getByText('Applying…').waitFor();
        await page.waitForTimeout(300);
        await shot(page, `${tag}-08-apply-running`);
        await axe(page, `${tag} apply running`);
        release();
        const seen = await w.readApplyOutcome(page, lab.nodes.map((n) => n.name));
        process.stdout.write(`${tag} outcome: ${seen.outcomeText}\n${tag} rows: ${JSON.stringify(seen.rows)}\n`);
        await page.evaluate(() => document.querySelector('main')?.scrollTo({ top: 0 }));
        await scrollTo(page, 'Progress');
        await shot(page, `${tag}-08-apply-rollback-failed`);
        await page.getByRole('button', { name: /What node2 reported/ }).click();
        await shot(page, `${tag}-08-apply-rollback-failed-log`);
        await axe(page, `${tag} apply rollback failed`);
        if (session.pageErrors.length) process.stderr.write(`page errors: ${session.pageErrors.join('; ')}\n`);
      } finally {
        release();
        await session.close();
        await injectFault('no-start', 'node2', { clear: true }).catch(() => undefined);
        undo();
        await restoreLab(lab, original);
      }
    }
  } finally {
    await browser.close();
    if (!wasUp && process.env.HA_LAB_KEEP !== '1') await labDown();
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`review-apply-shots: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
