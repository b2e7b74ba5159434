/**
 * The dashboard's upgrade flow (issue 14) driven as a person drives it: "Upgrade…", the version, the mode
 * and the backup folder, the preflight, the plan (read, confirmed), the run to its outcome. Returns what
 * each stage showed, for the spec to check.
 */
import type { Page } from 'playwright-core';
import { typeInto, until } from './wizard-driver';

export interface UpgradeSeen {
  /** The preflight's rows as shown ("Pass…", "Fail…"). */
  preflight: string[];
  /** The plan's outage (coordinated) or mixed-version sentence. */
  expected: string;
  /** Each step's id (run order) and how it ended. */
  steps: { id: string; status: string }[];
  /** The undo steps, if any. */
  undo: { id: string; status: string }[];
  outcome: string;
  /** upgraded | refused | rolled-back | rollback-failed | error */
  outcomeKind: string;
  reportPath: string;
}

const testIdsWith = (page: Page, prefix: string) => page.locator(`[data-testid^="${prefix}"]`).evaluateAll((els, p) => els.map((e) => ({ id: e.getAttribute('data-testid')!.slice(p.length), status: e.getAttribute('data-status') ?? '' })), prefix);

export async function upgradeFromDashboard(page: Page, o: { to: string; backupDir: string; mode?: 'coordinated' | 'rolling'; timeout?: number }): Promise<UpgradeSeen> {
  await page.getByRole('button', { name: 'Upgrade…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Upgrade the cluster' });
  await dialog.waitFor();
  await typeInto(dialog.getByRole('textbox', { name: 'Upgrade to version' }), o.to);
  if (o.mode === 'rolling') await dialog.getByRole('radio', { name: 'One server at a time' }).check();
  await typeInto(dialog.getByRole('textbox', { name: 'Folder for the database backup' }), o.backupDir);
  await dialog.getByRole('button', { name: 'Check the cluster' }).click();
  const verdict = page.getByTestId('preflight-passed').or(page.getByTestId('preflight-blocked')).or(dialog.getByRole('alert'));
  await verdict.first().waitFor({ timeout: 120_000 });
  const preflight = (await dialog.getByRole('list', { name: 'Checks before the upgrade' }).getByRole('listitem').allTextContents().catch(() => [])).map((t) => t.trim());
  if (!(await page.getByTestId('preflight-passed').isVisible())) {
    throw new Error(`the preflight did not pass: ${(await dialog.textContent()) ?? ''}`);
  }
  await dialog.getByRole('button', { name: 'Review the plan' }).click();
  const expected = ((await page.getByTestId('upgrade-expected').textContent()) ?? '').trim();
  await dialog.getByRole('checkbox', { name: /I have read/ }).check();
  await dialog.getByRole('button', { name: 'Start the upgrade' }).click();
  // While it runs the dialog is an alert dialog; its outcome ends it.
  const outcome = page.getByTestId('upgrade-outcome');
  await until(async () => outcome.isVisible(), 'the upgrade’s outcome', o.timeout ?? 600_000, async () => (await page.getByRole('alertdialog', { name: 'Upgrade the cluster' }).textContent()) ?? '');
  return {
    preflight, expected,
    steps: await testIdsWith(page, 'run-step-'),
    undo: await testIdsWith(page, 'undo-step-'),
    outcome: ((await outcome.textContent()) ?? '').trim(),
    outcomeKind: (await outcome.getAttribute('data-outcome')) ?? '',
    reportPath: ((await page.getByTestId('upgrade-report-path').textContent()) ?? '').trim(),
  };
}
