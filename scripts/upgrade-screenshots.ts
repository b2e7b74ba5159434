/**
 * `npx tsx scripts/upgrade-screenshots.ts [--out DIR]`: the dashboard's upgrade flow (issue 14) in each state,
 * at 1280×800 and 1024×700 (a few also dark), through the real harness, engine service and renderer in
 * Chromium. The health reader is a fake (three healthy servers on 2025.14); `upgrade.plan` and
 * `upgrade.start`, which the engine answers "not available yet" until helper "upgrade-run" lands, are
 * answered in the page by a small stand-in that wraps `window.wizard`. Each shot records whether an open
 * dialog, or anything above it, is hidden from assistive technology (never allowed), and axe-core's serious
 * and critical findings.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ClusterHealthSnapshot } from '../electron/shared/health-snapshot';
import { axeViolations } from '../e2e/wizard/axe';
import { ensureRendererBuilt, launchChromium, openWizard } from '../e2e/wizard/browser';
import { IDS, PROFILE, SNAP } from '../e2e/wizard/upgrade-demo-cluster';
import { goToStep, openSavedProfile } from '../e2e/wizard/wizard-driver';
import { PREFLIGHT_FAILED, PREFLIGHT_PASSED, upgradePlan, upgradeReport } from '../renderer/src/testing/upgrade-fixtures';

const OUT = path.resolve(process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : '/tmp/upgrade-shots');
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }];

/** In the page: answers upgrade.plan / upgrade.start from `window.__fake`, emits the run's events on `__emit`, passes the rest on. */
function installStandIn(): void {
  type Listener = (p: unknown) => void;
  const w = window as unknown as { wizard: { call(n: string, i: unknown): Promise<unknown>; on(n: string, l: Listener): () => void }; __fake: Record<string, unknown>; __emit(n: string, p: unknown): void; __runId: string };
  const real = w.wizard;
  const listeners = new Map<string, Set<Listener>>();
  w.__emit = (name, payload) => listeners.get(name)?.forEach((l) => l(payload));
  const ok = (value: unknown) => ({ ok: true, value });
  w.wizard = {
    async call(name, input) {
      if (name === 'balancer.members') return ok({ driven: true, how: 'HAProxy runtime API at 10.231.77.30:9999', members: [], manual: [] });
      if (name === 'upgrade.plan') return ok(w.__fake.plan);
      if (name === 'upgrade.start') {
        w.__runId = (input as { runId: string }).runId;
        return ok({ started: true });
      }
      return real.call(name, input);
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(name, set);
      const off = real.on(name, listener);
      return () => {
        set.delete(listener);
        off();
      };
    },
  };
}

const setFake = (page: Page, plan: unknown) => page.evaluate((p) => ((window as unknown as { __fake: unknown }).__fake = { plan: p }), plan);
const emit = (page: Page, name: string, payload: Record<string, unknown>) =>
  page.evaluate(([n, p]) => { const w = window as unknown as { __emit(n: string, p: unknown): void; __runId: string }; w.__emit(n as string, { runId: w.__runId, ...(p as object) }); }, [name, payload] as const);
const step = (page: Page, stepId: string, status: string, detail = '', type = 'upgrade-step') => emit(page, 'upgrade.event', { event: { type, stepId, status, detail } });

async function shot(page: Page, name: string, viewport: { width: number; height: number }, log: string[], dark = false) {
  await page.evaluate(() => (document.activeElement instanceof HTMLElement && !document.activeElement.closest('[role=dialog],[role=alertdialog]') ? document.activeElement.blur() : undefined));
  for (const theme of dark ? ['light', 'dark'] as const : ['light'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.waitForTimeout(250);
    // The topmost dialog (the last opened) must never be aria-hidden, itself or above it; one under a nested
    // question is, as a modal's background should be.
    const hidden = await page.evaluate(() => { const all = [...document.querySelectorAll('[role=dialog],[role=alertdialog]')]; return all.length && all.at(-1)!.closest('[aria-hidden=true]') ? 1 : 0; });
    const file = path.join(OUT, `${name}-${viewport.width}x${viewport.height}${theme === 'dark' ? '-dark' : ''}.png`);
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    const axe = await axeViolations(page);
    log.push(`${file}: topmost dialog hidden from assistive technology: ${hidden}; axe: ${axe.length ? JSON.stringify(axe) : 'clean'}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Scrolls the dialog's content so `testId` is at its top (the long stages are taller than the window). */
const scrollTo = (page: Page, testId: string) => page.getByTestId(testId).evaluate((e) => e.scrollIntoView({ block: 'start' }));

async function main() {
  ensureRendererBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  const log: string[] = [];
  try {
    for (const viewport of SIZES) {
      const engine = { healthWatcher: () => ({ watch: async (_ms: number, onSnapshot: (s: ClusterHealthSnapshot) => unknown) => void (await onSnapshot({ ...SNAP, at: new Date().toISOString() })) }) };
      const s = await openWizard(browser, { harness: { engine }, viewport });
      try {
        await s.harness.host.saveProfile({ name: 'Lab', profile: PROFILE, secrets: { 'ssh:n1': 'not-used', 'ssh:n2': 'not-used', 'ssh:n3': 'not-used', db: 'not-used' } });
        await s.page.reload();
        await s.page.evaluate('window.__name = (f) => f');
        await s.page.evaluate(installStandIn);
        await setFake(s.page, { preflight: PREFLIGHT_FAILED, planId: null, plan: null });
        await openSavedProfile(s.page, 'Lab');
        await goToStep(s.page, 'Dashboard');
        const page = s.page;
        await page.getByTestId('health-summary').waitFor();
        await shot(page, '01-dashboard-upgrade-button', viewport, log);

        await page.getByRole('button', { name: 'Upgrade…' }).click();
        const dialog = page.getByRole('dialog', { name: 'Upgrade the cluster' });
        await dialog.waitFor();
        const version = dialog.getByRole('textbox', { name: 'Upgrade to version' });
        await version.fill('2027');
        await shot(page, '02-choose-invalid-version', viewport, log);
        await version.fill('2026.1');
        await dialog.getByRole('textbox', { name: 'Folder for the database backup' }).fill('D:\\Backups');
        await shot(page, '03-choose-ready-rolling-refused', viewport, log, true);

        await dialog.getByRole('button', { name: 'Check the cluster' }).click();
        await page.getByTestId('preflight-blocked').waitFor();
        await shot(page, '04-preflight-blocked', viewport, log);
        await setFake(page, { preflight: PREFLIGHT_PASSED, planId: 'upgrade-plan-1', plan: upgradePlan(IDS) });
        await dialog.getByRole('button', { name: 'Check again' }).click();
        await page.getByTestId('preflight-passed').waitFor();
        await shot(page, '05-preflight-passed', viewport, log);

        await dialog.getByRole('button', { name: 'Review the plan' }).click();
        await page.getByTestId('upgrade-expected').waitFor();
        await shot(page, '06-review-top', viewport, log, true);
        await scrollTo(page, 'plan-group-n1');
        await shot(page, '07-review-steps', viewport, log);
        await dialog.getByRole('checkbox', { name: /I have read/ }).check();
        await shot(page, '08-review-confirmed', viewport, log);

        await dialog.getByRole('button', { name: 'Start the upgrade' }).click();
        const running = page.getByRole('alertdialog', { name: 'Upgrade the cluster' });
        await running.waitFor();
        for (const id of ['backup-database', 'backup-config:n1', 'backup-config:n2', 'backup-config:n3', 'backup-extensions:n1', 'backup-extensions:n2', 'backup-extensions:n3', 'verify-backups', 'balancer-maintenance', 'stop:n1', 'stop:n2', 'stop:n3']) await step(page, id, 'done', id === 'backup-database' ? '9.1 GB, read back' : '');
        await step(page, 'install:n1', 'started');
        await page.getByTestId('run-step-install:n1').waitFor();
        await scrollTo(page, 'run-step-stop:n1');
        await shot(page, '09-run-progress', viewport, log, true);

        await running.getByRole('button', { name: 'Hide…' }).click();
        await page.getByRole('alertdialog', { name: 'Hide the upgrade while it runs?' }).waitFor();
        await shot(page, '10-run-hide-asks', viewport, log);
        await page.getByRole('button', { name: 'Keep watching' }).click();

        await step(page, 'install:n1', 'done');
        await step(page, 'upgrade-schema:n1', 'done', 'proget.exe upgradedb exited with code 0');
        await step(page, 'start:n1', 'done');
        await step(page, 'wait-healthy:n1', 'done', '/health OK at 2026.1 after 38 s');
        await step(page, 'install:n2', 'failed', 'hub.exe exited with code 3: the package feed could not be reached');
        for (const id of ['install:n1', 'stop:n3', 'stop:n2', 'stop:n1', 'balancer-maintenance']) await step(page, id, 'done', id === 'install:n1' ? '2025.14 installed again; ProGet.config restored byte for byte' : '', 'upgrade-undo');
        await emit(page, 'upgrade.done', { ok: true, report: upgradeReport('rolled-back'), reportPath: 'C:\\Users\\admin\\AppData\\Roaming\\HA Wizard\\reports\\2026-12-01T03-00-00-000Z-upgrade.html' });
        await page.getByTestId('upgrade-outcome').waitFor();
        await scrollTo(page, 'upgrade-outcome');
        await shot(page, '11-outcome-rolled-back', viewport, log);
        await scrollTo(page, 'undo-step-install:n1');
        await shot(page, '12-rolled-back-undo-steps', viewport, log);
        await page.getByRole('button', { name: 'Back to the dashboard' }).click();

        // Again, to the other two outcomes (the stand-in answers the same plan).
        for (const [name, report] of [
          ['13-outcome-upgraded', upgradeReport('upgraded')],
          ['14-outcome-rollback-failed', upgradeReport('rollback-failed', {
            nodes: [
              { id: 'n1', versionBefore: '2025.14', versionAfter: '2025.14', result: 'restored', healthy: true, manual: null },
              { id: 'n2', versionBefore: '2025.14', versionAfter: '2025.14', result: 'restored', healthy: true, manual: null },
              { id: 'n3', versionBefore: '2025.14', versionAfter: '2026.1', result: 'rollback-failed', healthy: false, manual: 'n3 is still on 2026.1 and stopped (the link dropped while it was put back). On n3 run "C:\\Program Files\\Inedo Hub\\hub.exe" install ProGet:2025.14 --IsUpgrade=true, copy C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config.ha-wizard-upgrade over ProGet.config, then start INEDOPROGETSVC and INEDOPROGETWEBSVC.' },
            ],
            manualSteps: [{ title: 'Put n3 back in rotation once it is healthy', detail: 'echo "set server proget_nodes/n3 state ready" | socat stdio /run/haproxy/admin.sock', url: null }],
            reason: 'The link to n3 dropped during its rollback',
          })],
        ] as const) {
          await page.getByRole('button', { name: 'Upgrade…' }).click();
          await dialog.waitFor();
          await dialog.getByRole('textbox', { name: 'Upgrade to version' }).fill('2026.1');
          await dialog.getByRole('button', { name: 'Check the cluster' }).click();
          await dialog.getByRole('button', { name: 'Review the plan' }).click();
          await dialog.getByRole('checkbox', { name: /I have read/ }).check();
          await dialog.getByRole('button', { name: 'Start the upgrade' }).click();
          await running.waitFor();
          await emit(page, 'upgrade.done', { ok: true, report, reportPath: 'C:\\Users\\admin\\AppData\\Roaming\\HA Wizard\\reports\\2026-12-01T03-20-00-000Z-upgrade.html' });
          await page.getByTestId('upgrade-outcome').waitFor();
          await scrollTo(page, 'upgrade-outcome');
          await shot(page, name, viewport, log, name.includes('failed'));
          await page.getByRole('button', { name: 'Back to the dashboard' }).click();
          await dialog.waitFor({ state: 'hidden' });
        }
        log.push(`page errors: ${s.pageErrors.length} ${s.pageErrors.join(' | ')}`);
      } finally {
        await s.close();
      }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(`${log.join('\n')}\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
