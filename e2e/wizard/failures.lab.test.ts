/**
 * The wizard's failure paths, in Chromium, against the real lab: a wrong database password shows its
 * remedy and blocks Next; a node whose storage is a folder of its own is named on the Storage page; an
 * unknown host key must be accepted before the wizard goes on; a service that will not start during
 * Apply ends in a visible, complete rollback with every file byte-identical to before. Faults are
 * cleared after each test, and the lab's files put back with their services restarted.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { editNodeConfig } from '../lab/check-helpers';
import { faultScope } from '../lab/fault-scope';
import { allHealthy, backups, clearNoStartAfterNextRefusal, configFiles } from './lab-restore';
import { wizardSuite } from './suite';
import {
  addServer, blockedReason, checkRows, confirmApply, currentPage, failedChecks, fillDatabase, fillStorage, passDatabase, passEncryption, passLoadBalancer,
  passReview, passServers, passStorage, primaryBlocked, primaryButton, readApplyOutcome, startNewCluster, testDatabase, testStorage, typeInto, until,
  waitForServersConnected, WAIT,
} from './wizard-driver';

const lab = inject('lab');
const ids = lab.nodes.map((n) => n.name);
const scope = faultScope();
const suite = wizardSuite({
  restore: lab,
  // This test's faults first (whichever order the hooks run in; faultScope's own afterEach then finds none).
  beforeCleanup: async () => {
    while (scope.cleanups.length) await scope.cleanups.pop()?.();
  },
});

async function open(): Promise<Page> {
  const session = await suite.open();
  await startNewCluster(session.page);
  return session.page;
}

/** Tries to go on while the page is blocked, both ways a person would: Enter in a field, and a click. */
async function tryToGoOn(page: Page, field: string): Promise<string> {
  await page.getByRole('textbox', { name: field, exact: true }).press('Enter');
  await primaryButton(page).click({ force: true });
  await page.waitForTimeout(300);
  return currentPage(page);
}

describe('the wizard\'s failure paths, in a browser, on the lab', () => {
  it('a wrong database password: the login fails with its remedy and Next stays blocked until it is right', async () => {
    const page = await open();
    await passServers(page, lab);
    const db = lab.databases.postgres;
    await fillDatabase(page, 'postgres', { ...db, password: `${db.password}-wrong` });
    const run = await testDatabase(page);
    expect(run.failed).toBeGreaterThan(0);
    const login = page.getByTestId('check-database.login-cluster');
    const text = (await login.textContent()) ?? '';
    expect(text).toMatch(/^Fail/);
    expect(text).toContain(`refused the login ${db.user}`);
    // The remedy is open without a click.
    expect(await login.getByText(/^What to do:/).isVisible()).toBe(true);
    // The page's words: the field and its page, never the profile's JSON path.
    expect(text).toContain('What to do: Check the user name and the Password field on the Database page');
    expect(text).not.toContain('database.password');
    expect(text).not.toContain(db.password);
    expect(await primaryBlocked(page)).toBe(true);
    expect(await blockedReason(page)).toBe('A database check failed: fix it (see what to do below), then test again.');
    expect(await tryToGoOn(page, 'Password')).toBe('Database');

    // The right password: the old result is out of date, a new test passes, Next goes on.
    await typeInto(page.getByRole('textbox', { name: 'Password', exact: true }), db.password);
    expect(await page.getByText('You changed something since this test').isVisible()).toBe(true);
    expect(await primaryBlocked(page)).toBe(false);
    const again = await testDatabase(page);
    expect(again.failed, JSON.stringify(await failedChecks(page))).toBe(0);
    expect((await checkRows(page)).find((r) => r.testId === 'check-database.login-cluster')?.status).toBe('Pass');
    await primaryButton(page).click();
    await page.getByRole('heading', { level: 1, name: 'Shared storage' }).waitFor();
    expect(suite.session!.pageErrors).toEqual([]);
  });

  it('node3 with a local folder at the storage path: the Storage page names node3 and blocks Next', async () => {
    const page = await open();
    await passServers(page, lab);
    await passDatabase(page, lab);
    await scope.fault('local-storage', 'node3');
    await fillStorage(page, lab.storage.path);
    const run = await testStorage(page);
    expect(run.failed).toBeGreaterThan(0);
    const title = page.locator('.fui-MessageBarTitle').filter({ hasText: /folder of (its|their) own/ });
    expect((await title.textContent())?.trim()).toBe('node3 writes to a folder of its own');
    // The matrix: node3 reads only its own file, and nobody else reads node3's.
    const row = async (reader: string) => (await page.getByTestId('storage-matrix').getByRole('row').filter({ has: page.getByRole('rowheader', { name: reader, exact: true }) }).getByRole('cell').allTextContents());
    expect(await row('node3')).toEqual(['Does not', 'Does not', 'Sees it']);
    expect(await row('node1')).toEqual(['Sees it', 'Sees it', 'Does not']);
    const shared = page.getByTestId('check-storage.shared-cluster');
    expect(await shared.textContent()).toMatch(/^Fail.*node3/);
    expect(await primaryBlocked(page)).toBe(true);
    expect(await blockedReason(page)).toBe('A storage check failed: fix it, then test again.');
    expect(await tryToGoOn(page, 'Shared storage path')).toBe('Shared storage');

    // Mounted again: the same test passes and nobody is named any more.
    await scope.cleanups.pop()?.();
    const again = await testStorage(page);
    expect(again.failed, JSON.stringify(await failedChecks(page))).toBe(0);
    expect(await title.count()).toBe(0);
    expect(await primaryBlocked(page)).toBe(false);
    expect(suite.session!.pageErrors).toEqual([]);
  });

  it('unknown host keys: Next stays blocked until each key is compared and accepted', async () => {
    const page = await open();
    for (const [i, node] of lab.nodes.entries()) await addServer(page, { node }, i === 0);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Trust this server’s host key?' });

    // Every dialog is cancelled: nothing is trusted, Next is blocked and says why.
    const shown: string[] = [];
    await until(async () => {
      if (await dialog.isVisible()) {
        const fp = ((await dialog.getByTestId('host-key-fingerprint').textContent()) ?? '').trim();
        if (!shown.includes(fp)) {
          shown.push(fp);
          expect(await primaryBlocked(page)).toBe(true);
          await dialog.getByRole('button', { name: 'Cancel' }).click();
        }
      }
      return shown.length === ids.length && !(await dialog.isVisible());
    }, 'three host key dialogs, each cancelled', WAIT.run);
    expect(shown.sort()).toEqual(lab.nodes.map((n) => n.hostKeyFingerprint).sort());
    for (const n of lab.nodes) {
      const card = page.getByTestId(`node-card-${n.name}`);
      expect(await card.getByText('Host key not accepted yet').isVisible()).toBe(true);
    }
    expect(await primaryBlocked(page)).toBe(true);
    expect(await blockedReason(page)).toBe('Fix the servers with problems (or remove them), then connect again.');
    await primaryButton(page).click({ force: true });
    await page.waitForTimeout(300);
    expect(await currentPage(page)).toBe('Servers');

    // Each card's key reviewed, compared with the lab's, accepted; then the wizard goes on.
    const connectAgain = page.getByRole('button', { name: 'Connect again' });
    for (const n of lab.nodes) {
      const card = page.getByTestId(`node-card-${n.name}`);
      // Each Accept connects again; while that runs, Review the host key… is shown but does nothing
      // (reported as a UI problem), so a person, and this test, waits for the run to end.
      await until(() => connectAgain.isEnabled(), 'the connection run to end', WAIT.run);
      expect(await primaryBlocked(page), `Next while ${n.name}'s key is not accepted`).toBe(true);
      await card.getByRole('button', { name: 'Review the host key…' }).click();
      await dialog.waitFor();
      expect((await dialog.getByTestId('host-key-fingerprint').textContent())?.trim()).toBe(n.hostKeyFingerprint);
      expect(await dialog.textContent()).toContain(`${n.address}:${n.sshPort}`);
      await dialog.getByRole('button', { name: 'Accept' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await until(async () => !(await card.getByText('Host key not accepted yet').isVisible()), `${n.name}'s key to be trusted`, WAIT.run);
    }
    await waitForServersConnected(page, lab.nodes);
    expect(await primaryBlocked(page)).toBe(false);
    await primaryButton(page).click();
    await page.getByRole('heading', { level: 1, name: 'Database' }).waitFor({ timeout: WAIT.run });
    expect(suite.session!.pageErrors).toEqual([]);
  });

  it('a service that will not start during Apply: node2 fails, every touched server is rolled back, every file as before', async () => {
    // node1 gets a connection-string option the profile does not have, so all three nodes change and
    // node2 is the second one touched (as in e2e/lab/apply.lab.test.ts).
    scope.cleanups.push(editNodeConfig(lab, 'node1', (t) => t.replace(/(POSTGRES_CONNECTION_STRING=[^\n]*)/, '$1;Timeout=15')));
    const page = await open();
    await passServers(page, lab);
    await passDatabase(page, lab);
    await passStorage(page, lab);
    await passEncryption(page);
    await passLoadBalancer(page, 'HAProxy', lab.loadBalancers.haproxy);
    const review = await passReview(page);
    expect(review.tabs).toEqual(['node1 (changes)', 'node2 (changes)', 'node3 (changes)']);

    const before = configFiles();
    await scope.fault('no-start', 'node2');
    const watch = clearNoStartAfterNextRefusal('node2');
    try {
      await confirmApply(page);
      const seen = await readApplyOutcome(page, ids);
      await watch.refused;
      expect(seen.outcome, seen.outcomeText).toBe('Rolled back');
      expect(seen.outcomeText).toContain('node2: restart failed');
      expect(seen.outcomeText).toContain('restored node1, node2');
      // Columns: server, backup, write, restart, healthy, rollback, outcome. Once the run ended nothing
      // is "Waiting": a step never started was not reached (issue 11, item 12).
      expect(seen.rows).toEqual({
        node1: ['node1', 'Done', 'Done', 'Done', 'Done', 'Done', 'Restored from backup'],
        node2: ['node2', 'Done', 'Done', 'Failed', 'Not reached', 'Done', 'Restored from backup'],
        node3: ['node3', 'Not reached', 'Not reached', 'Not reached', 'Not reached', 'Not needed', 'Not touched'],
      });
      expect(seen.log).toMatch(/node2: restart failed/);
      expect(seen.log).toMatch(/node2: rollback started[\s\S]*node2: rollback done[\s\S]*node1: rollback started[\s\S]*node1: rollback done/);
      expect((await primaryButton(page).textContent())?.trim()).toBe('Back to review');
    } finally {
      watch.stop();
    }
    // Byte for byte as before, every node healthy, and the backups the apply made are still there.
    expect(configFiles()).toEqual(before);
    await until(() => allHealthy(lab), 'every node to be healthy after the rollback', 20_000);
    expect(backups().map((b) => b.split('/')[0]).sort()).toEqual(['node1', 'node2']);
    expect(suite.session!.pageErrors).toEqual([]);
  }, 120_000);
});
