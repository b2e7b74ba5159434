/**
 * Issue 15, the APP killed mid-apply (the CLI's case is e2e/lab/recover.lab.test.ts): in Chromium, the real
 * renderer on a harness that runs in a process of its own, the wizard walked to an apply that changes all
 * three lab nodes, the profile saved; once the journal in the app's data folder records node1's new file
 * written, that process gets SIGKILL. A new harness process on the same data folder, the profile opened
 * again: the app says the apply was cut short (dialog; "Not now" leaves the bar on the Dashboard), Roll back
 * is refused naming the killed app's stale cluster lock, the app offers to break it, and then every node's
 * file is byte-identical to before, every /health is 200, no temp file and no lock are left, and the journal
 * is closed. Screenshots of the dialog and the bar go to screenshots/tmp/ at 1280x800 and 1024x700.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseJournal } from '../../electron/core/apply/journal';
import { LOCK_NAME } from '../../electron/core/apply/cluster-lock';
import { editNodeConfig } from '../lab/check-helpers';
import { readLabState } from '../lab/lab';
import { REPO_ROOT, RENDERER_DIR, VIEWPORT, ensureRendererBuilt, launchChromium } from './browser';
import { bundleKillableHarness, startHarnessProcess, type HarnessProcess } from './harness-process';
import { allHealthy, configFiles, restoreLab, type ConfigFiles } from './lab-restore';
import {
  WAIT, confirmApply, goToStep, passDatabase, passEncryption, passLoadBalancer, passReview, passServers, passStorage, saveProfile,
  startNewCluster, until, waitForPage,
} from './wizard-driver';

const lab = inject('lab');
const PROFILE = 'Killed mid-apply';
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }] as const;
const SHOTS = path.join(REPO_ROOT, 'screenshots', 'tmp');
const work = path.join(REPO_ROOT, 'out', `app-killed-${process.pid}`);
let browser: Browser | undefined;
let bundle = '';
let original: ConfigFiles = {};
let dataDir = '';
const harnesses: HarnessProcess[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  fs.mkdirSync(work, { recursive: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  bundle = await bundleKillableHarness(path.join(work, 'killable-harness.cjs'));
  browser = await launchChromium();
  original = configFiles();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-wizard-app-killed-'));
}, 180_000);
afterAll(async () => {
  for (const h of harnesses) await h.kill();
  await browser?.close();
  // Every node's own file back (node1's edit included), the wizard's files beside it removed, services restarted.
  await restoreLab(lab, original);
  fs.rmSync(work, { recursive: true, force: true });
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function configDirs(): { name: string; dir: string }[] {
  const state = readLabState();
  if (!state) throw new Error('the lab is not up');
  return state.nodes.map((n) => ({ name: n.name, dir: path.join(n.dir, 'config') }));
}
/** Files the wizard made beside a configuration other than its backups and the lock: temp files, which must never stay. */
const tempFiles = () => configDirs().flatMap((n) => fs.readdirSync(n.dir)
  .filter((f) => f.includes('.ha-wizard-') && f !== LOCK_NAME && !/\.ha-wizard-\d{8}T\d{6}Z\.bak$/.test(f)).map((f) => `${n.name}/${f}`));
const locks = () => configDirs().filter((n) => fs.existsSync(path.join(n.dir, LOCK_NAME))).map((n) => n.name);
const journalDir = () => path.join(dataDir, 'journals');
const openJournals = () => (fs.existsSync(journalDir()) ? fs.readdirSync(journalDir()).filter((f) => f.endsWith('.jsonl')) : []);

async function harness(): Promise<HarnessProcess> {
  const h = await startHarnessProcess(bundle, { rendererDir: RENDERER_DIR, dataDir, keyFile: lab.nodes[0]!.privateKeyPath });
  harnesses.push(h);
  return h;
}

/** A new window on a harness; `errors` gathers its uncaught exceptions (a spec fails on any). */
async function openPage(url: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport, colorScheme: 'light', reducedMotion: 'reduce' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return { page, errors };
}

/** The page at both sizes, into screenshots/tmp/app-killed-<name>-<w>x<h>.png; the first size is left set. */
async function shots(page: Page, name: string): Promise<void> {
  for (const size of [...SIZES].reverse()) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, `app-killed-${name}-${size.width}x${size.height}.png`), animations: 'disabled', caret: 'hide' });
  }
}

/** Polls the app's journal and SIGKILLs the harness process once it records node1's new file written. */
async function killAfterNode1Write(h: HarnessProcess): Promise<string> {
  const deadline = Date.now() + WAIT.apply;
  for (;;) {
    const file = openJournals()[0];
    const records = file ? parseJournal(fs.readFileSync(path.join(journalDir(), file), 'utf8')) : [];
    if (records.some((r) => r.type === 'step' && r.nodeId === 'node1' && r.step === 'write' && r.status === 'done')) {
      expect(await h.kill()).toBe('SIGKILL');
      return path.join(journalDir(), file!);
    }
    if (records.some((r) => r.type === 'end') || Date.now() > deadline) throw new Error(`the apply ended or stalled before node1's write was journaled: ${JSON.stringify(records.slice(-3))}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the app killed with SIGKILL in the middle of an apply', () => {
  it('says so when started again, and Roll back (breaking the dead app’s lock, as the app offers) restores every node byte for byte, healthy', async () => {
    // node1 gets an option the profile lacks, so all three nodes change (as in recover.lab.test.ts).
    editNodeConfig(lab, 'node1', (t) => t.replace(/(POSTGRES_CONNECTION_STRING=[^\n]*)/, '$1;Timeout=15'));
    const before = configFiles();

    // The first app: the wizard walked to Apply, the profile saved, the apply started and killed.
    const first = await harness();
    const firstWindow = await openPage(first.url, VIEWPORT);
    let page = firstWindow.page;
    await startNewCluster(page);
    await passServers(page, lab);
    await passDatabase(page, lab);
    await passStorage(page, lab);
    await passEncryption(page);
    await passLoadBalancer(page, 'HAProxy', lab.loadBalancers.haproxy);
    expect((await passReview(page)).tabs).toEqual(['node1 (changes)', 'node2 (changes)', 'node3 (changes)']);
    await saveProfile(page, PROFILE);
    await confirmApply(page);
    expect(firstWindow.errors, 'before the kill').toEqual([]);
    const journal = await killAfterNode1Write(first);
    await page.context().close();
    const killed = configFiles();
    expect(killed.node1!.equals(before.node1!), 'node1 has its new file').toBe(false);
    expect(locks(), 'the killed app left its cluster lock').toEqual(['node1']);

    // The app started again on the same data folder: the profile opened, the app says what was cut short.
    const second = await harness();
    const secondWindow = await openPage(second.url, SIZES[0]);
    page = secondWindow.page;
    await waitForPage(page, 'Make one cluster of several servers');
    // Opened as openSavedProfile does, but the dialog is awaited, not the page: a modal hides the page behind it.
    await page.getByRole('button', { name: `Open ${PROFILE}`, exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: 'An apply to this cluster was cut short' });
    await dialog.waitFor({ timeout: WAIT.page });
    const headline = ((await dialog.locator('#recover-what').textContent()) ?? '').trim();
    expect(headline).toMatch(/^An apply to this cluster was cut short \(the wizard was closed or lost its connection\) .*node1\. \(/);
    const servers = await dialog.getByRole('list', { name: 'The servers' }).getByRole('listitem').allTextContents();
    expect(servers[0]).toMatch(/^node1 /);
    expect(await dialog.getByRole('heading', { name: 'Roll back', exact: true }).isVisible()).toBe(true);
    expect(await dialog.getByText(/^node1: put back its settings file from the backup/).count()).toBe(1);
    for (const name of ['Not now', 'Roll back', 'Finish the apply']) expect(await dialog.getByRole('button', { name, exact: true }).isVisible(), name).toBe(true);
    await shots(page, 'dialog');

    // Not now: the Dashboard keeps the question in a bar, with the same two choices.
    await dialog.getByRole('button', { name: 'Not now' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await goToStep(page, 'Dashboard');
    await waitForPage(page, 'Dashboard');
    const bar = page.getByRole('alert').filter({ hasText: 'No other apply to this cluster can start until it is finished or rolled back.' });
    await bar.waitFor();
    // The headline without its time (the dialog's caption).
    expect(await bar.textContent()).toContain(headline.replace(/ \([^()]*\)$/, ''));
    await shots(page, 'bar');

    // The bar's Roll back opens the dialog at its question (started from the bar, the dialog it reopened was hidden
    // from screen readers and role queries once its outcome showed: this spec met it); the dialog's Roll back runs it.
    await bar.getByRole('button', { name: 'Roll back', exact: true }).click();
    await dialog.waitFor({ timeout: WAIT.page });
    expect(configFiles(), 'nothing is rolled back from the bar alone').toEqual(killed);

    // Roll back: refused, nothing changed, naming the killed app's lock as stale; the app offers to break it.
    await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
    const refused = dialog.getByText('Apply refused: nothing was changed');
    await refused.waitFor({ timeout: WAIT.apply });
    const said = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(said).toMatch(new RegExp(`the cluster is locked by \\S+ \\(pid ${first.pid}, HA Wizard [\\d.]+\\) since .* and the lock looks stale: its process ${first.pid} no longer runs on this machine\\.`));
    expect(said).not.toContain('--break-lock');
    expect(configFiles()).toEqual(killed);
    await shots(page, 'stale-lock');

    await dialog.getByRole('button', { name: 'Break the lock and roll back' }).click();
    const outcome = dialog.locator('.fui-MessageBarTitle').filter({ hasText: /^(Rolled back|The rollback did not finish|Apply stopped)/ });
    await outcome.waitFor({ timeout: WAIT.apply });
    expect((await outcome.textContent())?.trim(), ((await dialog.textContent()) ?? '').slice(0, 1500)).toBe('Rolled back');
    const progress = (await dialog.getByRole('log', { name: 'Progress' }).textContent()) ?? '';
    expect(progress).toMatch(/node1: rollback started\nnode1: rollback done/);
    expect(progress).not.toMatch(/failed/);
    const after = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(after).toContain('The apply that was cut short was rolled back. Every server that was touched was restored from its backup: restored node1.');
    expect(after).toMatch(new RegExp(`Now, by hand ?Check by hand\\. \\(broke the stale lock of \\S+ \\(pid ${first.pid}, `));
    await shots(page, 'rolled-back');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Nothing is open any more: the Dashboard shows no bar.
    await goToStep(page, 'Dashboard');
    await waitForPage(page, 'Dashboard');
    await page.waitForTimeout(500);
    expect(await bar.count()).toBe(0);

    // The servers: as before, byte for byte, healthy, no temp file, no lock; the journal closed.
    expect(configFiles()).toEqual(before);
    await until(() => allHealthy(lab), 'every node’s /health to be 200', WAIT.health);
    expect(tempFiles()).toEqual([]);
    expect(locks()).toEqual([]);
    expect(fs.existsSync(journal), 'the journal went into the history').toBe(false);
    expect(openJournals()).toEqual([]);
    const history = fs.readdirSync(path.join(journalDir(), 'history'));
    expect(history).toHaveLength(1);
    const records = parseJournal(fs.readFileSync(path.join(journalDir(), 'history', history[0]!), 'utf8'));
    expect(records.at(-1)).toMatchObject({ type: 'end', status: 'recovered', done: true });
    expect(secondWindow.errors).toEqual([]);
    await second.stop();
  }, 300_000);
});
