/**
 * The wizard end to end, in Chromium, against the real lab, typed as a person would: from the empty
 * Welcome page through every step (three servers added one by one, their host keys compared with the
 * lab's and accepted, the database, the shared storage, the key decision, HAProxy), Review with no
 * failure, Apply, and a dashboard on which all three servers are healthy; once on PostgreSQL, once on
 * the SQL Server test server. The lab's files are put back and its services restarted after each.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { backups, configFiles } from './lab-restore';
import { wizardSuite } from './suite';
import {
  addServer, checkRows, chooseLoadBalancer, confirmApply, connectAndAcceptHostKeys, connectionStringField, failedChecks, fillDatabase, fillStorage,
  generatedConfig, next, primaryBlocked, readApplyOutcome, readKeyDecision, readReview, startNewCluster, testDatabase, testLoadBalancer, testStorage,
  until, waitForHealthyDashboard, type DbKind,
} from './wizard-driver';

const lab = inject('lab');
const ids = lab.nodes.map((n) => n.name);
const suite = wizardSuite({ restore: lab });

/** The whole wizard; returns what each page said, for the test's assertions. */
async function walk(kind: DbKind) {
  const session = await suite.open({ harness: { keyFile: lab.nodes[0]!.privateKeyPath } });
  const { page } = session;
  const db = lab.databases[kind];

  // Welcome: nothing saved yet, ProGet chosen. The list comes from the engine (profile.list), so wait
  // for it: isVisible() does not, and on a busy machine the spinner was still showing (CI, stop 17).
  await page.getByText('No saved profiles yet.', { exact: false }).waitFor({ state: 'visible', timeout: 15_000 });
  expect(await page.getByRole('radio', { name: 'ProGet' }).isChecked()).toBe(true);
  await startNewCluster(page);

  // Servers: one card at a time; on SQL Server the key file comes from Browse… (the harness's picker).
  for (const [i, node] of lab.nodes.entries()) await addServer(page, { node, keyVia: kind === 'sqlserver' && i === 0 ? 'browse' : 'type' }, i === 0);
  const keys = await connectAndAcceptHostKeys(page, lab);
  expect(keys.map((k) => [k.nodeId, k.fingerprint])).toEqual(lab.nodes.map((n) => [n.name, n.hostKeyFingerprint]));
  // Unknown host keys block Next, and the page says why (after the first Accept the run is out of
  // date, so Next is no longer shown blocked while the other dialogs wait: see failures.lab.test.ts).
  expect(keys[0], JSON.stringify(keys)).toMatchObject({ nextBlocked: true, blockedReason: expect.stringMatching(/^Fix the servers with problems/) });
  expect(await primaryBlocked(page)).toBe(false);
  for (const n of lab.nodes) {
    const card = (await page.getByTestId(`node-card-${n.name}`).textContent()) ?? '';
    expect(card).toContain(`${n.user}@${n.address}:${n.sshPort}`);
    expect(card).toContain(n.hostname);
    expect(card).toContain(lab.version);
  }
  await next(page, 'Database');

  // Database: the builder's fields; the string never holds the password.
  await fillDatabase(page, kind, db, kind === 'sqlserver' ? { encrypt: true, trustServerCertificate: true } : {});
  const connectionString = await connectionStringField(page).inputValue();
  expect(connectionString).not.toContain(db.password);
  if (kind === 'postgres') expect(connectionString).toBe(`Server=${db.host};Port=${db.port};Database=${db.database};User Id=${db.user}`);
  else expect(connectionString).toBe(`Server=${db.host},${db.port};Database=${db.database};User ID=${db.user};TrustServerCertificate=True`);
  const dbRun = await testDatabase(page);
  expect(dbRun.failed, JSON.stringify(await failedChecks(page))).toBe(0);
  expect((await checkRows(page)).find((r) => r.testId === 'check-database.login-cluster')?.status).toBe('Pass');
  await next(page, 'Shared storage');

  // Shared storage: every server sees every other's test file.
  await fillStorage(page, lab.storage.path);
  const storageRun = await testStorage(page);
  expect(storageRun.failed, JSON.stringify(await failedChecks(page))).toBe(0);
  const matrix = await page.getByTestId('storage-matrix').textContent();
  expect(matrix?.match(/Sees it/g)).toHaveLength(ids.length * ids.length);
  await next(page, 'Encryption key');

  // Encryption key: the engine's decision, kept as it is ("Decide for me").
  const key = await readKeyDecision(page);
  expect(key.summary.failed, JSON.stringify(await failedChecks(page))).toBe(0);
  expect(key.keyChoice).toBe('auto');
  await next(page, 'Load balancer');

  // Load balancer: HAProxy at the lab's address; its configuration names every server.
  await chooseLoadBalancer(page, 'HAProxy', lab.loadBalancers.haproxy);
  const lbConfig = await generatedConfig(page, lab.nodes.map((n) => `${n.address}:${n.webPort}`));
  expect(lbConfig.name).toMatch(/haproxy/i);
  expect(lbConfig.content).toMatch(/option httpchk|http-check/);
  const lbRun = await testLoadBalancer(page);
  expect(lbRun.failed, JSON.stringify(await failedChecks(page))).toBe(0);
  await next(page, 'Review');

  // Review: every check on every server; no failure; the plan per server.
  const review = await readReview(page);
  expect(review.failures, JSON.stringify(review.failures)).toEqual([]);
  expect(review.summary.failed).toBe(0);
  expect(await primaryBlocked(page)).toBe(false);
  const reviewExports = await exportFrom(page, session.harness.host.downloads, ['Export report (HTML)', 'Export results (JSON)', 'Export plan (JSON)']);
  await next(page, 'Apply');

  // Apply: confirm, then each server backed up, written, restarted and healthy.
  const confirmation = await confirmApply(page);
  const applied = await readApplyOutcome(page, ids);
  expect(applied.outcome, applied.outcomeText).toBe('Applied');
  await next(page, 'Dashboard');
  const dashboard = await waitForHealthyDashboard(page, ids);
  const tiles = Object.fromEntries(await Promise.all(['health-load-balancer', 'health-storage', 'health-database', 'health-versions', 'health-keys'].map(async (t) => [t, (await page.getByTestId(t).locator('.fui-CardHeader').textContent())?.trim()])));
  const healthExports = await exportFrom(page, session.harness.host.downloads, ['Export report (HTML)', 'Snapshot (JSON)']);
  return { session, review, key, confirmation, applied, dashboard, tiles, reviewExports, healthExports };
}

/** Clicks each export button; the engine renders what it kept and the harness saves it: name -> content. */
async function exportFrom(page: Page, downloads: string, buttons: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of buttons) {
    const before = new Set(fs.readdirSync(downloads));
    await page.getByRole('button', { name, exact: true }).click();
    await page.getByText(/^Saved /).first().waitFor();
    await until(async () => fs.readdirSync(downloads).some((f) => !before.has(f)), `${name} to save a file`, 10_000);
    const file = fs.readdirSync(downloads).find((f) => !before.has(f))!;
    out[file.replace(/\d{4}-\d\d-\d\dT[\d-]+Z/, '<at>')] = fs.readFileSync(path.join(downloads, file), 'utf8');
  }
  return out;
}

/** The files the apply wrote: one database and one key on every node, and a backup beside each changed one. */
function appliedFiles(kind: DbKind, changed: string[]) {
  const after = configFiles();
  const text = (id: string) => after[id]!.toString();
  const keyOf = (id: string) => /PROGET_ENCRYPTION_KEY=(\w+)/.exec(text(id))?.[1];
  const db = lab.databases[kind];
  return {
    keys: new Set(ids.map(keyOf)),
    firstKey: keyOf('node1'),
    dbEverywhere: ids.every((id) => (kind === 'postgres' ? /POSTGRES_CONNECTION_STRING=.*Database=proget;/ : new RegExp(`SQL_CONNECTION_STRING=.*Database=${db.database};`)).test(text(id))),
    unchanged: ids.filter((id) => !changed.includes(id)).every((id) => after[id]!.equals(suite.original[id]!)),
    backups: backups().map((b) => b.split('/')[0]).sort(),
  };
}

describe('the wizard, end to end in a browser, on the lab', () => {
  it('PostgreSQL: Welcome to a healthy dashboard, two servers changed', async () => {
    const seen = await walk('postgres');
    // node1 is the existing instance: node2 and node3 join its database and take its key. Review lists
    // the servers that change first (issue 11 item 10).
    expect(seen.review.tabs).toEqual(['node2 (changes)', 'node3 (changes)', 'node1 (no change)']);
    expect(seen.key.decision).toMatch(/^The cluster keeps key:[0-9a-f]{12}$/);
    expect(seen.confirmation.confirmation).toContain('This changes 2 servers');
    expect(seen.applied.rows.node1?.at(-1)).toBe('No change needed');
    expect([seen.applied.rows.node2?.at(-1), seen.applied.rows.node3?.at(-1)]).toEqual(['Applied', 'Applied']);
    expect(seen.applied.outcomeText).toContain('Configured node2, node3');
    expect(Object.values(seen.dashboard.tiles).every((t) => t.endsWith('Healthy'))).toBe(true);
    expect(seen.tiles).toMatchObject({ 'health-database': expect.stringMatching(/Reachable$/), 'health-keys': expect.stringMatching(/In sync$/), 'health-load-balancer': expect.stringMatching(/Healthy$/) });
    const files = appliedFiles('postgres', ['node2', 'node3']);
    expect(files.keys).toEqual(new Set([files.firstKey]));
    expect(files.dbEverywhere).toBe(true);
    expect(files.unchanged).toBe(true);
    expect(files.backups).toEqual(['node2', 'node3']);
    // The reports are the engine's (report.save), from the run and plan it kept: the CLI's format.
    const r = seen.reviewExports;
    expect(Object.keys(r)).toEqual(['ha-wizard-report.html', 'ha-wizard-report.json', 'ha-wizard-plan.json']);
    expect(JSON.parse(r['ha-wizard-report.json']!)).toMatchObject({ schema: 'ha-wizard/check-report@1', summary: { fail: 0 }, cluster: { product: 'proget', nodes: ids.map((id) => ({ id })) } });
    expect(r['ha-wizard-report.html']).toMatch(/^<!doctype html>/i);
    expect(JSON.parse(r['ha-wizard-plan.json']!)).toMatchObject({ schema: 'ha-wizard/plan@1', nodes: ids.map((id) => ({ id })) });
    expect(Object.keys(seen.healthExports)).toEqual(['ha-wizard-health-<at>.html', 'ha-wizard-health-<at>.json']);
    expect(JSON.parse(seen.healthExports['ha-wizard-health-<at>.json']!)).toMatchObject({ summary: 'healthy', nodes: ids.map((id) => ({ id })) });
    expect(seen.session.pageErrors).toEqual([]);
  }, 180_000);

  it('SQL Server: the same path on the TDS test server with TLS, every server changed', async () => {
    const seen = await walk('sqlserver');
    // The nodes start on PostgreSQL: each one's file changes to SQL Server.
    expect(seen.review.tabs).toEqual(['node1 (changes)', 'node2 (changes)', 'node3 (changes)']);
    expect(seen.applied.outcomeText).toContain('Configured node1, node2, node3');
    expect(Object.values(seen.dashboard.tiles).every((t) => t.endsWith('Healthy'))).toBe(true);
    expect(seen.tiles).toMatchObject({ 'health-database': expect.stringMatching(/Reachable$/), 'health-keys': expect.stringMatching(/In sync$/) });
    const files = appliedFiles('sqlserver', ids);
    expect(files.keys.size).toBe(1);
    expect(files.dbEverywhere).toBe(true);
    expect(files.backups).toEqual(['node1', 'node2', 'node3']);
    expect(seen.session.pageErrors).toEqual([]);
  }, 180_000);

});
