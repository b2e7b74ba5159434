/**
 * A window reloaded in the middle of an upgrade (issue 14), driven in Chromium through the real harness,
 * engine service, run journal and renderer. The upgrade is the real runner over the in-memory cluster
 * (core/upgrade/testing) whose n2 installer waits until the flow lets it go, so the run is truly under way in
 * the engine when the page reloads. Used by the browser spec (upgrade-reload.lab.test.ts) and the screenshot
 * script (scripts/upgrade-reattach-screenshots.ts); `shot` is called at each state worth a picture.
 */
import type { Browser, Page } from 'playwright-core';
import type { ClusterHealthSnapshot } from '../../electron/shared/health-snapshot';
import { FakeUpgradeCluster } from '../../electron/core/upgrade/testing/fake-upgrade';
import { fakeUpgradeEngine } from '../../electron/core/upgrade/testing/fake-upgrade-engine';
import { openWizard } from './browser';
import { IDS, PROFILE, SNAP } from './upgrade-demo-cluster';
import { goToStep, openSavedProfile } from './wizard-driver';


/** What the reloaded page showed, for the caller to check. */
export interface ReloadSeen {
  /** Each step's id and data-status right after the reload, in the run order. */
  afterReload: { id: string; status: string }[];
  /** Whether these were off while the upgrade ran (after the reload). */
  addDisabled: boolean;
  removeDisabled: boolean;
  busyNote: string;
  /** The outcome the reloaded page got when the run ended. */
  outcomeKind: string;
  serversAfter: string[];
  /** The outcome came back after another reload, before it was put away. */
  outcomeAfterSecondReload: boolean;
  /** Upgrade dialogs open after the outcome was put away and the page reloaded once more. */
  dialogsAfterPutAway: number;
  pageErrors: string[];
}

const statuses = (page: Page) => page.locator('[data-testid^="run-step-"]').evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-testid')!.slice('run-step-'.length), status: e.getAttribute('data-status') ?? '' })));

export async function reloadMidUpgrade(browser: Browser, o: { viewport?: { width: number; height: number }; shot?: (page: Page, name: string) => Promise<void> } = {}): Promise<ReloadSeen> {
  const shot = o.shot ?? (async () => undefined);
  const cluster = new FakeUpgradeCluster(IDS, '2025.14');
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
  const s = await openWizard(browser, { harness: { engine }, ...(o.viewport ? { viewport: o.viewport } : {}) });
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
    const afterReload = await statuses(page);
    await page.getByTestId('run-step-install:n1').evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await shot(page, '01-reattached-progress');

    await running.getByRole('button', { name: 'Hide…' }).click();
    await page.getByRole('button', { name: 'Hide it' }).click();
    await running.waitFor({ state: 'hidden' });
    await page.getByTestId('upgrade-busy').waitFor();
    const addDisabled = await page.getByRole('button', { name: 'Add a server…' }).isDisabled();
    const removeDisabled = await page.getByRole('button', { name: 'Remove from the cluster… (n1)' }).isDisabled();
    const busyNote = ((await page.getByTestId('upgrade-busy').textContent()) ?? '').trim();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, '02-dashboard-while-upgrading');

    await page.getByRole('button', { name: 'Show the upgrade' }).click();
    await running.waitFor();
    release();
    const outcome = page.getByTestId('upgrade-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    const outcomeKind = (await outcome.getAttribute('data-outcome')) ?? '';
    await outcome.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await shot(page, '03-reattached-outcome');

    // An outcome not put away comes back after another reload; put away, it does not.
    await page.reload();
    const outcomeAfterSecondReload = await outcome.waitFor({ timeout: 15_000 }).then(() => true, () => false);
    await page.getByRole('button', { name: 'Back to the dashboard' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.reload();
    await page.getByRole('button', { name: 'Upgrade…' }).waitFor();
    // The dashboard asked the engine (run.list) as it showed; give its answer time to open a dialog if it would.
    await page.waitForTimeout(1000);
    const dialogsAfterPutAway = await page.getByRole('dialog', { name: 'Upgrade the cluster' }).count() + await running.count();
    return {
      afterReload, addDisabled, removeDisabled, busyNote, outcomeKind, serversAfter: cluster.servers.map((x) => `${x.id} ${x.version}`),
      outcomeAfterSecondReload, dialogsAfterPutAway, pageErrors: [...s.pageErrors],
    };
  } finally {
    release();
    await s.close();
  }
}
