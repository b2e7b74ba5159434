/**
 * Item 3 in Chromium against the lab: a profile handed over (the lab's own engine profile, whose
 * database password and API key are `{ file }` references to root-only files) is opened in the wizard.
 * The wizard names each file and reads none before the admin answers; "Don't read them" leaves those
 * fields to be typed; "Allow" lets the engine read them for this profile, and the database login
 * from this computer passes with the password from the file. The engine's own refusal (a fake server
 * that would receive the file) is electron/core/engine/local-secrets.test.ts.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { labProfile } from '../lab/lab-profile';
import { wizardSuite } from './suite';
import { checkRows, goToStep, testDatabase, waitForPage } from './wizard-driver';

const lab = inject('lab');
const NAME = 'Handed over';
const suite = wizardSuite();

/** Saves the lab's profile (file references) in the harness and opens it from Welcome. */
async function openHandedOver(): Promise<{ page: Page; profile: ReturnType<typeof labProfile> }> {
  const session = await suite.open();
  const profile = labProfile(lab, 'postgres');
  await session.harness.host.saveProfile({ name: NAME, profile, secrets: {} });
  const { page } = session;
  await page.reload();
  await waitForPage(page, 'Make one cluster of several servers');
  await page.getByRole('button', { name: `Open ${NAME}`, exact: true }).click();
  // A modal question: the page behind it is hidden from the accessibility tree until it is answered.
  await page.getByRole('alertdialog', { name: 'Read secrets from this computer?' }).waitFor();
  expect(await page.evaluate(() => !!document.activeElement?.closest('[role=alertdialog]'))).toBe(true);
  return { page, profile };
}

const fileOf = (ref: unknown) => (ref as { file: string }).file;
const item = (page: Page, where: string) => page.getByTestId(`local-secret-${where}`);

describe('an opened profile’s file secrets, in a browser, on the lab', () => {
  it('names each file; "Don’t read them" leaves the fields to be typed', async () => {
    const { page, profile } = await openHandedOver();
    expect(await item(page, 'database.password').textContent()).toContain(`Database passwordfrom the file ${fileOf(profile.database.password)}`);
    expect(await item(page, 'apiKey').textContent()).toContain(`ProGet API keyfrom the file ${fileOf(profile.apiKey)}`);
    expect(await page.getByRole('list', { name: 'Secrets the profile reads from this computer' }).getByRole('listitem').count()).toBe(2);

    await page.getByRole('button', { name: 'Don’t read them' }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'hidden' });
    await waitForPage(page, 'Servers');
    await goToStep(page, 'Database');
    await waitForPage(page, 'Database');
    const password = page.getByRole('textbox', { name: 'Password', exact: true });
    expect(await password.inputValue()).toBe('');
    expect(await page.getByText('Leave empty to use the one the saved profile refers to.').count()).toBe(0);
    // Testing without a password: the page asks for it instead of running anything.
    await page.getByRole('button', { name: 'Test the database' }).click();
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await checkRows(page)).toEqual([]);
    expect(suite.session!.pageErrors).toEqual([]);
  }, 60_000);

  it('"Allow": the engine reads the file for this profile, and the database login passes with it', async () => {
    const { page } = await openHandedOver();
    await page.getByRole('button', { name: 'Allow', exact: true }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'hidden' });
    await waitForPage(page, 'Servers');
    await goToStep(page, 'Database');
    await waitForPage(page, 'Database');
    expect(await page.getByRole('textbox', { name: 'Password', exact: true }).inputValue()).toBe('');
    const run = await testDatabase(page);
    const login = (await checkRows(page)).find((r) => r.testId.startsWith('check-database.login'));
    expect(login, JSON.stringify(await checkRows(page))).toMatchObject({ status: 'Pass' });
    expect(run.failed, JSON.stringify(await checkRows(page))).toBe(0);
    // The password itself never reaches the page.
    expect(await page.content()).not.toContain(lab.databases.postgres.password);
    expect(suite.session!.pageErrors).toEqual([]);
  }, 120_000);
});
