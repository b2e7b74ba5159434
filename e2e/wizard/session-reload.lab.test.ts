/**
 * A reload loses nothing typed and no run (issue 11 item 5), in Chromium against the real lab: the
 * draft comes back after a reload with no typed secret in sessionStorage (read from the page and
 * searched for the password typed), the wizard names the password to type again; then an Apply is
 * started, the page reloaded while it runs, and the Apply page comes back with its progress so far and
 * follows the same run, kept by the engine, to its outcome.
 */
import { describe, expect, inject, it } from 'vitest';
import { wizardSuite } from './suite';
import {
  WAIT, confirmApply, connectionStringField, fillDatabase, passDatabase, passEncryption, passLoadBalancer, passReview, passServers, passStorage,
  readApplyOutcome, startNewCluster, until, waitForPage,
} from './wizard-driver';

const lab = inject('lab');
const ids = lab.nodes.map((n) => n.name);
const suite = wizardSuite({ restore: lab });

describe('a reload in the middle of the wizard', () => {
  it('keeps the draft without its secrets, then re-attaches an apply under way and shows its outcome', async () => {
    const { page } = await suite.open({ harness: { keyFile: lab.nodes[0]!.privateKeyPath } });
    const db = lab.databases.postgres;
    await page.getByText('No saved profiles yet.', { exact: false }).waitFor({ state: 'visible', timeout: WAIT.page });
    await startNewCluster(page);
    await passServers(page, lab);
    await fillDatabase(page, 'postgres', db);
    const typed = await connectionStringField(page).inputValue();

    // Reload on the Database page: the draft is back, the password is not, and the wizard says so.
    await page.reload();
    await waitForPage(page, 'Database');
    const stored = await page.evaluate(() => Object.keys(sessionStorage).map((k) => `${k}=${sessionStorage.getItem(k) ?? ''}`).join('\n'));
    expect(stored).toContain(db.database);
    expect(stored).not.toContain(db.password);
    expect(await connectionStringField(page).inputValue()).toBe(typed);
    const notice = page.locator('main .fui-MessageBar').filter({ hasText: 'Type your passwords again' });
    expect(await notice.textContent()).toContain('the database password');

    // The password typed again, the rest of the wizard, then Apply.
    await passDatabase(page, lab, 'postgres');
    expect(await notice.count()).toBe(0);
    await passStorage(page, lab);
    await passEncryption(page);
    await passLoadBalancer(page, 'HAProxy', lab.loadBalancers.haproxy);
    await passReview(page);
    await confirmApply(page);
    const log = page.getByRole('log');
    await until(async () => /backup/i.test((await log.textContent().catch(() => '')) ?? ''), 'the apply to have backed up a server', WAIT.apply);
    const lines = () => log.locator(':scope > *').allTextContents();
    const before = await lines();
    expect(before.length).toBeGreaterThan(0);
    const outcomeShown = await page.locator('main .fui-MessageBarTitle').filter({ hasText: /^(Applied|Rolled back|Rollback failed|Apply stopped)/ }).count();
    expect(outcomeShown, 'the apply ended before the reload: this test would prove nothing').toBe(0);

    // Reload while it runs: the Apply page comes back with what happened so far, then the outcome.
    await page.reload();
    await waitForPage(page, 'Apply');
    await until(async () => (await lines().catch(() => [])).length >= before.length, 'the log so far after the reload', WAIT.page, async () => JSON.stringify(await lines()));
    const applied = await readApplyOutcome(page, ids);
    expect(applied.outcome, applied.outcomeText).toBe('Applied');
    // The same run, read back: the lines seen before the reload come first, in order, each once.
    const afterLines = await lines();
    const untimed = (l: string) => l.replace(/^[\d:.]+(\s?[AP]M)?\s*/, '');
    expect(afterLines.slice(0, before.length).map(untimed)).toEqual(before.map(untimed));
    // No secret kept, even with the apply's state in the session.
    const after = await page.evaluate(() => Object.values(sessionStorage).join('\n'));
    expect(after).not.toContain(db.password);
  });
});
