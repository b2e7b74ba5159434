/**
 * `npx tsx scripts/upgrade-reattach-screenshots.ts [--out DIR]`: a window reloaded in the middle of an upgrade
 * (issue 14), at 1280×800 and 1024×700, in Chromium through the real harness, engine service, run journal
 * and renderer. The upgrade itself is the real runner over the in-memory cluster (core/upgrade/testing) whose
 * n2 installer waits until the script lets it go, so the run is truly under way in the engine when the page
 * is reloaded. It checks, and fails loudly otherwise: after the reload the dialog is open on the run with the
 * steps done so far; the dashboard's other actions are off; the run's end reaches the reloaded page; putting
 * the outcome away dismisses it, so a second reload shows no dialog. Each shot records axe's serious and
 * critical findings and whether the open dialog is hidden from assistive technology (never allowed).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ClusterHealthSnapshot, NodeHealth } from '../electron/shared/health-snapshot';
import type { ClusterProfile } from '../electron/shared/profile';
import { FakeUpgradeCluster } from '../electron/core/upgrade/testing/fake-upgrade';
import { fakeUpgradeEngine } from '../electron/core/upgrade/testing/fake-upgrade-engine';
import { axeViolations } from '../e2e/wizard/axe';
import { ensureRendererBuilt, launchChromium, openWizard } from '../e2e/wizard/browser';
import { goToStep, openSavedProfile } from '../e2e/wizard/wizard-driver';

const OUT = path.resolve(process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : '/tmp/upgrade-reattach-shots');
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }];
const IDS = ['n1', 'n2', 'n3'];

const PROFILE = {
  version: 1, product: 'proget',
  nodes: IDS.map((id) => ({ id, host: `${id}.corp.example`, user: 'admin', os: 'windows', auth: { kind: 'password', password: { prompt: `ssh:${id}` } } })),
  database: { kind: 'sqlserver', connectionString: 'Server=db.corp.example;Database=ProGet;User ID=proget', password: { prompt: 'db' } },
  storage: { path: '\\\\files.corp.example\\proget' }, loadBalancer: { type: 'haproxy' },
} as unknown as ClusterProfile;

const up = (id: string): NodeHealth => ({
  id, state: 'healthy', url: `http://${id}.corp.example:8624`, reachable: true, hung: false, httpStatus: 200, healthy: true, version: '2025.14',
  databaseStatus: 'OK', databaseDetail: null, licenseStatus: 'OK', serviceStatus: 'OK', sshOk: true, keyFingerprint: 'SHA256:3q2+7wAbCdEfGh', keyInSync: true, error: null, elapsedMs: 12,
});
const SNAP: ClusterHealthSnapshot = {
  at: new Date().toISOString(), durationMs: 140, summary: 'healthy', nodes: IDS.map(up), problems: [], versions: { '2025.14': IDS }, versionsInSync: true, keysInSync: true,
  storage: { ok: true, detail: 'n1 wrote and every server read the test file', path: '\\\\files.corp.example\\proget', writer: 'n1', seen: IDS, notSeen: [], untested: [] },
  database: { reachable: true, detail: 'SQL Server 2022, database ProGet', elapsedMs: 21 },
  loadBalancer: { url: null, reachable: null, healthy: null, readmitting: false, detail: 'no URL given', elapsedMs: 0 },
};

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`check failed: ${what}`);
}

async function shot(page: Page, name: string, viewport: { width: number; height: number }, log: string[]) {
  await page.waitForTimeout(250);
  const hidden = await page.evaluate(() => { const all = [...document.querySelectorAll('[role=dialog],[role=alertdialog]')]; return all.length && all.at(-1)!.closest('[aria-hidden=true]') ? 1 : 0; });
  const file = path.join(OUT, `${name}-${viewport.width}x${viewport.height}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  const axe = await axeViolations(page);
  log.push(`${file}: topmost dialog hidden from assistive technology: ${hidden}; axe: ${axe.length ? JSON.stringify(axe) : 'clean'}`);
}

async function main() {
  ensureRendererBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  const log: string[] = [];
  try {
    for (const viewport of SIZES) {
      const cluster = new FakeUpgradeCluster(IDS, '2025.14');
      // n2's installer waits: the run is under way in the engine while the page reloads.
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => { release = r; });
      const upgraders = cluster.upgraders();
      const n2 = upgraders.get('n2')!;
      const install = n2.install.bind(n2);
      n2.install = async (v) => { await gate; return install(v); };
      cluster.upgraders = () => upgraders;
      const engine = {
        healthWatcher: () => ({ watch: async (_ms: number, onSnapshot: (s: ClusterHealthSnapshot) => unknown) => void (await onSnapshot({ ...SNAP, at: new Date().toISOString() })) }),
        upgrade: fakeUpgradeEngine(cluster),
      };
      const s = await openWizard(browser, { harness: { engine }, viewport });
      try {
        await s.harness.host.saveProfile({ name: 'Lab', profile: PROFILE, secrets: { 'ssh:n1': 'not-used', 'ssh:n2': 'not-used', 'ssh:n3': 'not-used', db: 'not-used' } });
        await s.page.reload();
        await openSavedProfile(s.page, 'Lab');
        await goToStep(s.page, 'Dashboard');
        const page = s.page;
        await page.getByTestId('health-summary').waitFor();

        await page.getByRole('button', { name: 'Upgrade…' }).click();
        const dialog = page.getByRole('dialog', { name: 'Upgrade the cluster' });
        await dialog.waitFor();
        await dialog.getByRole('textbox', { name: 'Upgrade to version' }).fill('2026.1');
        await dialog.getByRole('textbox', { name: 'Folder for the database backup' }).fill('D:\\Backups');
        await dialog.getByRole('button', { name: 'Check the cluster' }).click();
        await page.getByTestId('preflight-passed').waitFor();
        await dialog.getByRole('button', { name: 'Review the plan' }).click();
        await dialog.getByRole('checkbox', { name: /I have read/ }).check();
        await dialog.getByRole('button', { name: 'Start the upgrade' }).click();
        const running = page.getByRole('alertdialog', { name: 'Upgrade the cluster' });
        await running.waitFor();
        await page.locator('[data-testid="run-step-install:n2"][data-status="started"]').waitFor();

        // The reload, mid-upgrade: the engine goes on; the page starts from nothing but the session it kept.
        await page.reload();
        await running.waitFor();
        await page.locator('[data-testid="run-step-install:n2"][data-status="started"]').waitFor();
        check(await page.locator('[data-testid="run-step-install:n1"][data-status="done"]').count() === 1, 'n1 shows upgraded after the reload');
        check(await page.locator('[data-testid="run-step-start:n2"][data-status="waiting"]').count() === 1, 'n2 start still waiting');
        await page.getByTestId('run-step-install:n1').evaluate((e) => e.scrollIntoView({ block: 'center' }));
        await shot(page, '01-reattached-progress', viewport, log);

        await running.getByRole('button', { name: 'Hide…' }).click();
        await page.getByRole('button', { name: 'Hide it' }).click();
        await running.waitFor({ state: 'hidden' });
        await page.getByTestId('upgrade-busy').waitFor();
        check(await page.getByRole('button', { name: 'Add a server…' }).isDisabled(), 'Add a server is off while the upgrade runs');
        check(await page.getByRole('button', { name: 'Remove from the cluster… (n1)' }).isDisabled(), 'Remove is off while the upgrade runs');
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot(page, '02-dashboard-while-upgrading', viewport, log);

        await page.getByRole('button', { name: 'Show the upgrade' }).click();
        await running.waitFor();
        release();
        const outcome = page.getByTestId('upgrade-outcome');
        await outcome.waitFor({ timeout: 30_000 });
        check((await outcome.getAttribute('data-outcome')) === 'upgraded', `the reloaded page got the run's end: ${await outcome.textContent()}`);
        check(cluster.servers.every((x) => x.version === '2026.1'), 'every server upgraded');
        await outcome.evaluate((e) => e.scrollIntoView({ block: 'start' }));
        await shot(page, '03-reattached-outcome', viewport, log);

        // An outcome not put away comes back after another reload; put away, it does not.
        await page.reload();
        await outcome.waitFor();
        await page.getByRole('button', { name: 'Back to the dashboard' }).click();
        await dialog.waitFor({ state: 'hidden' });
        await page.reload();
        await page.getByRole('button', { name: 'Upgrade…' }).waitFor();
        await page.waitForTimeout(1000);
        check(await page.getByRole('dialog', { name: 'Upgrade the cluster' }).count() === 0, 'no dialog after the outcome was put away');
        log.push(`page errors: ${s.pageErrors.length} ${s.pageErrors.join(' | ')}`);
        check(s.pageErrors.length === 0, 'no page errors');
      } finally {
        release();
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
