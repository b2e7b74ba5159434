/**
 * The wizard's pages as the steps a person takes: find a field by its label, click it, type into it,
 * press the page's buttons and read what the page says back. Shared by the specs (which assert on what
 * these return) and scripts/screenshots.ts. Nothing here reaches into the renderer's state: only the
 * page's roles, names, text and the test ids the UI provides.
 */
import type { Locator, Page } from 'playwright-core';
import type { LabDescription } from '../lab/lab-description';

export type LabNode = LabDescription['nodes'][number];
export type DbKind = 'postgres' | 'sqlserver';

/** How long the engine may take, from the page's side. */
export const WAIT = { page: 15_000, run: 60_000, apply: 150_000, health: 30_000 } as const;

// ---------------------------------------------------------------- generic steps

/** The page's primary action (Next, Apply changes…): the only submit button of the page's form. */
export const primaryButton = (page: Page): Locator => page.locator('main form > footer button[type="submit"]');

/** The primary action is blocked (Fluent's disabledFocusable: aria-disabled, still focusable). */
export async function primaryBlocked(page: Page): Promise<boolean> {
  return (await primaryButton(page).getAttribute('aria-disabled')) === 'true';
}

/** The footer's sentence saying why the primary action is blocked ('' when none). */
export async function blockedReason(page: Page): Promise<string> {
  const id = await primaryButton(page).getAttribute('aria-describedby');
  return id ? ((await page.locator(`[id="${id}"]`).textContent()) ?? '').trim() : '';
}

export async function waitForPage(page: Page, title: string, timeout: number = WAIT.page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor({ timeout });
}

export async function currentPage(page: Page): Promise<string> {
  return ((await page.locator('main h1').first().textContent()) ?? '').trim();
}

/** Polls `test` until it holds, or fails saying what it waited for (and what `explain` sees then). */
export async function until(test: () => Promise<boolean>, what: string, timeout: number, explain?: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await test().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`waited ${Math.round(timeout / 1000)} s for ${what}${explain ? `; the page shows: ${await explain().catch((e: unknown) => String(e))}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Types into a field as a person does: click, select what is there, delete it, type key by key. */
export async function typeInto(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.press('Backspace');
  await field.pressSequentially(text);
  const value = await field.inputValue();
  if (value !== text) throw new Error(`typed ${JSON.stringify(text)} but the field shows ${JSON.stringify(value)}`);
}

const textbox = (scope: Page | Locator, name: string) => scope.getByRole('textbox', { name, exact: true });

/** Presses the page's Next (or other primary action) and waits for the page titled `to`. */
export async function next(page: Page, to: string, timeout: number = WAIT.run): Promise<void> {
  await primaryButton(page).click();
  await waitForPage(page, to, timeout).catch(async (e: unknown) => {
    throw new Error(`${(e as Error).message.split('\n')[0]}; still on ${await currentPage(page)}: ${await blockedReason(page)} ${JSON.stringify(await failedChecks(page))}`);
  });
}

// ---------------------------------------------------------------- check runs

export interface RunSummary { passed: number; warnings: number; failed: number; skipped: number }

/** The summary line of the page's finished check run (the CheckRunPanel's status). */
const summaryLocator = (scope: Page | Locator) => scope.getByRole('status').filter({ hasText: /\d+ passed/ });

function parseSummary(text: string): RunSummary {
  const n = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  return { passed: n(/(\d+) passed/), warnings: n(/(\d+) warnings?/), failed: n(/(\d+) failed/), skipped: n(/(\d+) skipped/) };
}

/** Clicks a button that starts a check run and waits for that run's summary (not the previous one's). */
export async function runAndWait(page: Page, button: Locator, timeout: number = WAIT.run, scope: Page | Locator = page): Promise<RunSummary> {
  const old = (await summaryLocator(scope).count()) ? await summaryLocator(scope).first().elementHandle() : null;
  await button.click();
  if (old) await old.waitForElementState('hidden', { timeout });
  return waitForRun(page, timeout, scope);
}

/** Waits for the page's check run to finish and reads its summary. */
export async function waitForRun(page: Page, timeout: number = WAIT.run, scope: Page | Locator = page): Promise<RunSummary> {
  const summary = summaryLocator(scope).first();
  await summary.waitFor({ timeout });
  return parseSummary((await summary.textContent()) ?? '');
}

export interface CheckRow { testId: string; status: string; text: string }

/** Every check row on the page: its test id (check-<id>-<target>), status word and text. */
export async function checkRows(page: Page): Promise<CheckRow[]> {
  return page.locator('[data-testid^="check-"]').evaluateAll((els) => els.map((el) => ({
    testId: el.getAttribute('data-testid') ?? '',
    status: (el.querySelector('.fui-Badge')?.textContent ?? '').trim(),
    text: (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
  })));
}

export async function failedChecks(page: Page): Promise<CheckRow[]> {
  return (await checkRows(page)).filter((r) => r.status === 'Fail');
}

// ---------------------------------------------------------------- Welcome

export async function startNewCluster(page: Page): Promise<void> {
  await waitForPage(page, 'Make one cluster of several servers');
  await page.getByRole('button', { name: 'Start a new cluster' }).click();
  await waitForPage(page, 'Servers');
}

// ---------------------------------------------------------------- Servers

export interface ServerEntry {
  node: LabNode;
  /** The private key file typed into its field, or chosen with Browse… (the harness's key file). */
  keyVia?: 'type' | 'browse';
}

/**
 * Fills one server's card the way a person does. The first card starts empty (Windows, password);
 * each added card copies the previous one's OS and paths and offers its sign-in (taken with one click),
 * so only host, user and name are typed there; the copied values are read back and must be the lab's.
 */
export async function addServer(page: Page, { node, keyVia = 'type' }: ServerEntry, first: boolean): Promise<void> {
  if (!first) await page.getByRole('button', { name: 'Add server' }).click();
  const editor = page.getByRole('group', { name: /^Server / }).filter({ has: page.getByRole('button', { name: 'Done' }) });
  await editor.waitFor();
  // A new card offers the previous server's sign-in (it is not copied unasked).
  if (!first) await editor.getByRole('button', { name: 'Use the same sign-in', exact: true }).click();
  await typeInto(textbox(editor, 'Host name or IP address'), node.address);
  if ((await textbox(editor, 'SSH port').inputValue()) !== String(node.sshPort)) await typeInto(textbox(editor, 'SSH port'), String(node.sshPort));
  await typeInto(textbox(editor, 'User'), node.user);
  if (first) {
    await editor.getByRole('radio', { name: 'Linux / Docker' }).check();
    await editor.getByRole('radio', { name: 'Private key' }).check();
    if (keyVia === 'browse') await editor.getByRole('button', { name: 'Browse…' }).click();
    else await typeInto(textbox(editor, 'Private key file'), node.privateKeyPath);
    await typeInto(textbox(editor, 'Environment file (the product’s configuration)'), node.configPath);
    await typeInto(textbox(editor, 'Service command'), node.serviceCommand);
  }
  const copied = {
    linux: await editor.getByRole('radio', { name: 'Linux / Docker' }).isChecked(),
    key: await editor.getByRole('radio', { name: 'Private key' }).isChecked(),
    keyPath: await textbox(editor, 'Private key file').inputValue(),
    configPath: await textbox(editor, 'Environment file (the product’s configuration)').inputValue(),
    serviceCommand: await textbox(editor, 'Service command').inputValue(),
  };
  const want = { linux: true, key: true, keyPath: node.privateKeyPath, configPath: node.configPath, serviceCommand: node.serviceCommand };
  if (JSON.stringify(copied) !== JSON.stringify(want)) throw new Error(`${node.name}'s card shows ${JSON.stringify(copied)}, expected ${JSON.stringify(want)}`);
  // The lab's node names, so the cards, plan tabs and tiles say node1..3 rather than addresses.
  await editor.getByRole('button', { name: 'Advanced' }).click();
  await typeInto(textbox(editor, 'Name in the wizard'), node.name);
  await editor.getByRole('button', { name: 'Done' }).click();
  await page.getByTestId(`node-card-${node.name}`).getByRole('button', { name: `Edit ${node.name}` }).waitFor();
}

export interface HostKeySeen {
  nodeId: string;
  host: string;
  fingerprint: string;
  /** Whether the page's Next was blocked while this key was waiting for a decision. */
  nextBlocked: boolean;
  blockedReason: string;
}

const HOST_KEY_DIALOG = 'Trust this server’s host key?';

/** The open host key dialog's facts, or null when none is open. */
async function openHostKeyDialog(page: Page): Promise<{ dialog: Locator; nodeId: string; host: string; fingerprint: string } | null> {
  const dialog = page.getByRole('dialog', { name: HOST_KEY_DIALOG });
  if (!(await dialog.isVisible())) return null;
  const text = (await dialog.textContent()) ?? '';
  const fingerprint = ((await dialog.getByTestId('host-key-fingerprint').textContent()) ?? '').trim();
  return { dialog, nodeId: /connected to (\S+) before/.exec(text)?.[1] ?? '', host: /(\d+\.\d+\.\d+\.\d+:\d+)/.exec(text)?.[1] ?? '', fingerprint };
}

/**
 * Accepts the dialog's key only after comparing it with the lab's own fingerprint for that address
 * (what `ssh-keygen -lf` on the server shows): a key that differs is never accepted.
 */
async function acceptAfterComparing(page: Page, lab: LabDescription, seen: HostKeySeen[], beforeAccept?: (seen: HostKeySeen) => Promise<void>): Promise<boolean> {
  const open = await openHostKeyDialog(page);
  if (!open || seen.some((s) => s.fingerprint === open.fingerprint)) return false;
  const node = lab.nodes.find((n) => `${n.address}:${n.sshPort}` === open.host);
  if (!node) throw new Error(`the host key dialog names ${open.host}, which is no lab node`);
  if (open.fingerprint !== node.hostKeyFingerprint) throw new Error(`${open.host} presents ${open.fingerprint}, but the lab's key is ${node.hostKeyFingerprint}: not accepting it`);
  seen.push({ nodeId: open.nodeId, host: open.host, fingerprint: open.fingerprint, nextBlocked: await primaryBlocked(page), blockedReason: await blockedReason(page) });
  await beforeAccept?.(seen.at(-1)!);
  await open.dialog.getByRole('button', { name: 'Accept' }).click();
  return true;
}

/** Waits until every card says Connected (warnings allowed) and no card is still connecting. */
export async function waitForServersConnected(page: Page, nodes: LabNode[], timeout: number = WAIT.run): Promise<void> {
  const states = async () => Promise.all(nodes.map(async (n) => ((await page.getByTestId(`node-card-${n.name}`).locator('.fui-CardHeader').textContent()) ?? '').replace(/\s+/g, ' ')));
  // A card says Connected as soon as its login passed; the run is over when Connect is offered again.
  const connectAgain = page.getByRole('button', { name: 'Connect again' });
  await until(async () => (await connectAgain.isEnabled()) && (await states()).every((t) => /Connected/.test(t) && !/Connecting/.test(t)),
    'every server to be connected', timeout, async () => (await states()).join(' | '));
}

/**
 * Connect, then the unknown host key dialogs one by one: each fingerprint is compared with the lab's
 * before Accept; after the last one the wizard connects again and every card must say Connected.
 */
export async function connectAndAcceptHostKeys(page: Page, lab: LabDescription, o: { beforeAccept?: (seen: HostKeySeen) => Promise<void> } = {}): Promise<HostKeySeen[]> {
  const nodes = lab.nodes;
  await page.getByRole('button', { name: /^Connect( again)?$/ }).click();
  const seen: HostKeySeen[] = [];
  await until(async () => {
    await acceptAfterComparing(page, lab, seen, o.beforeAccept);
    return seen.length === nodes.length;
  }, `${nodes.length} host key dialogs`, WAIT.run, async () => `${seen.length} accepted; ${await currentPage(page)}`);
  await waitForServersConnected(page, nodes);
  return seen;
}

// ---------------------------------------------------------------- Database

export interface DbEntry { host: string; port: number; database: string; user: string; password: string }

/** Chooses the database server and fills the builder's fields and the password; TLS for SQL Server. */
export async function fillDatabase(page: Page, kind: DbKind, db: DbEntry, o: { encrypt?: boolean; trustServerCertificate?: boolean } = {}): Promise<void> {
  await page.getByRole('radio', { name: kind === 'postgres' ? 'PostgreSQL / InedoDB' : 'SQL Server', exact: true }).check();
  await typeInto(textbox(page, 'Server'), db.host);
  await typeInto(textbox(page, 'Port'), String(db.port));
  await typeInto(textbox(page, 'Database'), db.database);
  await typeInto(textbox(page, kind === 'sqlserver' ? 'Login' : 'User name'), db.user);
  await typeInto(textbox(page, 'Password'), db.password);
  if (o.encrypt !== undefined) await page.getByRole('switch', { name: 'Encrypt the connection (TLS)' }).setChecked(o.encrypt);
  if (o.trustServerCertificate !== undefined) await page.getByRole('switch', { name: 'Trust the server’s certificate without validating it' }).setChecked(o.trustServerCertificate);
}

export const connectionStringField = (page: Page): Locator => textbox(page, 'Connection string');

export async function testDatabase(page: Page): Promise<RunSummary> {
  return runAndWait(page, page.getByRole('button', { name: 'Test the database' }));
}

// ---------------------------------------------------------------- Shared storage

export async function fillStorage(page: Page, path: string, apiKey?: string, o: { acceptHttp?: boolean } = {}): Promise<void> {
  await typeInto(textbox(page, 'Shared storage path'), path);
  if (apiKey !== undefined) {
    await page.getByRole('switch', { name: /^Let the wizard set/ }).check();
    await typeInto(textbox(page, 'API key'), apiKey);
    // The lab's servers answer over plain http: the key is sent only once the admin accepts that.
    if (o.acceptHttp ?? true) await page.getByRole('checkbox', { name: 'I accept that the API key is sent over plain http' }).check();
  }
}

export async function testStorage(page: Page): Promise<RunSummary> {
  return runAndWait(page, page.getByRole('button', { name: 'Test the storage' }));
}

// ---------------------------------------------------------------- Encryption key

/** Waits for the checks the page runs on arrival; returns the decision's title ("The cluster keeps SHA256:…"). */
export async function readKeyDecision(page: Page): Promise<{ summary: RunSummary; decision: string; keyChoice: string }> {
  const summary = await waitForRun(page);
  const decision = page.locator('.fui-MessageBarTitle').filter({ hasText: /^(The cluster keeps|A new key will be generated|The servers disagree)/ }).first();
  await decision.waitFor();
  const keyChoice = (await page.getByRole('radiogroup', { name: 'Key' }).getByRole('radio', { checked: true }).getAttribute('value')) ?? '';
  return { summary, decision: ((await decision.textContent()) ?? '').trim(), keyChoice };
}

// ---------------------------------------------------------------- Load balancer

export async function chooseLoadBalancer(page: Page, label: string, url: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Load balancer' }).click();
  await page.getByRole('option', { name: label, exact: true }).click();
  await typeInto(textbox(page, 'Its address (optional)'), url);
}

/** The generated configuration file the page shows (name and text), once it has caught up with `mustInclude`. */
export async function generatedConfig(page: Page, mustInclude: string[]): Promise<{ name: string; content: string }> {
  const region = page.getByRole('region', { name: /\(read only\)$/ }).first();
  let read = { name: '', content: '' };
  await until(async () => {
    read = { name: ((await region.getAttribute('aria-label')) ?? '').replace(/ \(read only\)$/, ''), content: (await region.textContent()) ?? '' };
    return mustInclude.every((s) => read.content.includes(s));
  }, `the generated configuration to mention ${mustInclude.join(', ')}`, WAIT.page, async () => read.content.slice(0, 300));
  return read;
}

export async function testLoadBalancer(page: Page): Promise<RunSummary> {
  return runAndWait(page, page.getByRole('button', { name: 'Test the load balancer' }));
}

// ---------------------------------------------------------------- Review

export interface ReviewSeen { summary: RunSummary; tabs: string[]; failures: CheckRow[]; warnings: CheckRow[] }

/** Waits for the validation the page runs on arrival and for the plan; returns the plan's server tabs. */
export async function readReview(page: Page): Promise<ReviewSeen> {
  const summary = await waitForRun(page, WAIT.run);
  const rows = await checkRows(page);
  const failures = rows.filter((r) => r.status === 'Fail');
  if (failures.length) return { summary, tabs: [], failures, warnings: rows.filter((r) => r.status === 'Warning') };
  const tabs = page.getByRole('tablist', { name: 'Servers in the plan' }).getByRole('tab');
  await tabs.first().waitFor({ timeout: WAIT.run });
  return { summary, tabs: (await tabs.allInnerTexts()).map((t) => t.trim()), failures, warnings: rows.filter((r) => r.status === 'Warning') };
}

// ---------------------------------------------------------------- Apply

export interface ApplySeen {
  outcome: string;
  outcomeText: string;
  /** Per server: its row's cells (server, backup, write, restart, healthy, [rollback], outcome). */
  rows: Record<string, string[]>;
  log: string;
}

/** Opens the confirmation and presses Apply; returns once the confirmation has closed. */
export async function confirmApply(page: Page): Promise<{ confirmation: string }> {
  await primaryButton(page).click();
  // An alert dialog: a click on its backdrop (a double-click's second click) does not close it.
  const dialog = page.getByRole('alertdialog', { name: 'Apply the changes?' });
  await dialog.waitFor();
  const confirmation = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  return { confirmation };
}

/** Waits until the apply has ended and reads its outcome, every server's row and the log. */
export async function readApplyOutcome(page: Page, nodes: string[], timeout: number = WAIT.apply): Promise<ApplySeen> {
  const outcome = page.locator('main .fui-MessageBar').filter({ has: page.locator('.fui-MessageBarTitle').filter({ hasText: /^(Applied|Nothing to do|Apply refused|Rolled back|The rollback did not finish|Apply stopped)/ }) }).first();
  await outcome.waitFor({ timeout });
  const rows: Record<string, string[]> = {};
  for (const id of nodes) rows[id] = (await page.getByTestId(`apply-node-${id}`).getByRole('cell').allTextContents()).map((t) => t.trim());
  return {
    outcome: ((await outcome.locator('.fui-MessageBarTitle').textContent()) ?? '').trim(),
    outcomeText: ((await outcome.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
    rows,
    log: (await page.getByRole('log').textContent().catch(() => '')) ?? '',
  };
}

// ---------------------------------------------------------------- Dashboard

export interface DashboardSeen { summary: string; tiles: Record<string, string> }

/** Waits until the dashboard says users are served and every server is healthy, and every server's tile says Healthy. */
export async function waitForHealthyDashboard(page: Page, nodes: string[], timeout: number = WAIT.health): Promise<DashboardSeen> {
  const tile = (id: string) => page.getByTestId(`health-node-${id}`).locator('.fui-CardHeader');
  let seen: DashboardSeen = { summary: '', tiles: {} };
  await until(async () => {
    const summary = ((await page.getByTestId('health-summary').locator('.fui-MessageBarTitle').textContent()) ?? '').trim();
    const tiles = Object.fromEntries(await Promise.all(nodes.map(async (id) => [id, ((await tile(id).textContent()) ?? '').trim()] as const)));
    seen = { summary, tiles };
    // Served through the balancer (or none named) and every server healthy; right after an apply the
    // headline also asks to switch high availability on in the product, which is not a fault.
    const all = `${nodes.length} of ${nodes.length} server${nodes.length === 1 ? ' is' : 's are'} healthy`;
    return (summary === `Users are served through the load balancer; ${all}` || summary === `${all[0]!.toUpperCase()}${all.slice(1)}`)
      && nodes.every((id) => tiles[id]?.endsWith('Healthy'));
  }, 'a healthy cluster on the dashboard', timeout, async () => JSON.stringify(seen));
  return seen;
}

// ---------------------------------------------------------------- profiles

/** Save profile in the top bar: names it, saves, reads the confirmation and closes the dialog. */
export async function saveProfile(page: Page, name: string): Promise<string> {
  await page.getByRole('banner').getByRole('button', { name: 'Save profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save profile' });
  await typeInto(dialog.getByRole('textbox', { name: 'Profile name' }), name);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  const done = dialog.getByText(/^Saved as/);
  await done.waitFor();
  const said = ((await done.textContent()) ?? '').trim();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  return said;
}

export async function openSavedProfile(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Open ${name}`, exact: true }).click();
  await waitForPage(page, 'Servers');
}

/** Jumps to a step with the step list (allowed up to the furthest page reached). */
export async function goToStep(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: new RegExp(`^\\d+\\. ${title}\\s*(,|$)`) }).click();
}

// ---------------------------------------------------------------- whole pages, for specs that only pass through

/** Servers: the lab's nodes added, connected, their keys compared and accepted; then Next. */
export async function passServers(page: Page, lab: LabDescription): Promise<void> {
  for (const [i, node] of lab.nodes.entries()) await addServer(page, { node }, i === 0);
  await connectAndAcceptHostKeys(page, lab);
  await next(page, 'Database');
}

/** Database: the lab's database of that kind (TLS with a trusted certificate for SQL Server), tested; then Next. */
export async function passDatabase(page: Page, lab: LabDescription, kind: DbKind = 'postgres'): Promise<void> {
  await fillDatabase(page, kind, lab.databases[kind], kind === 'sqlserver' ? { encrypt: true, trustServerCertificate: true } : {});
  const run = await testDatabase(page);
  if (run.failed) throw new Error(`the database checks failed: ${JSON.stringify(await failedChecks(page))}`);
  await next(page, 'Shared storage');
}

export async function passStorage(page: Page, lab: LabDescription, apiKey?: string): Promise<void> {
  await fillStorage(page, lab.storage.path, apiKey);
  await next(page, 'Encryption key');
}

export async function passEncryption(page: Page): Promise<void> {
  await readKeyDecision(page);
  await next(page, 'Load balancer');
}

export async function passLoadBalancer(page: Page, label: string, url: string): Promise<void> {
  await chooseLoadBalancer(page, label, url);
  await next(page, 'Review');
}

/** Review: waits for validation and the plan; fails on any failed check; then Next to Apply. */
export async function passReview(page: Page): Promise<ReviewSeen> {
  const seen = await readReview(page);
  if (seen.failures.length) throw new Error(`review failed: ${JSON.stringify(seen.failures)}`);
  await next(page, 'Apply');
  return seen;
}

// ---------------------------------------------------------------- Servers: errors and host keys (helper "servers")

/** The open server editor (the card with a Done button). */
export const serverEditor = (page: Page): Locator => page.getByRole('group', { name: /^Server / }).filter({ has: page.getByRole('button', { name: 'Done' }) });

/** What a text field shows under itself (its validation message or hint), by its label. */
export async function fieldMessage(page: Page, scope: Page | Locator, label: string): Promise<string> {
  const ids = ((await textbox(scope, label).getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map(async (id) => ((await page.locator(`[id="${id}"]`).textContent()) ?? '').trim()));
  return texts.filter(Boolean).join(' ');
}

/** Types into one of the open editor's text fields. */
export async function typeInEditor(page: Page, label: string, text: string): Promise<void> {
  await typeInto(textbox(serverEditor(page), label), text);
}

// ---------------------------------------------------------------- Dashboard actions (issue 13, helper "dashboard-actions")

export interface AddFromDashboardSeen { refused: string; licenceNote: string | null; outcome: string; hostKey: string }

/**
 * Dashboard → "Add a server…": types one lab node (Linux, private key, the lab's paths), checks it, trusts its
 * host key after comparing it with the lab's, shows the plan, and (when refused for data of its own and
 * `leaveDataBehind`) ticks "Leave its data behind"; then adds it and waits for the outcome.
 */
export async function addServerFromDashboard(page: Page, lab: LabDescription, node: LabNode, o: { leaveDataBehind: boolean }): Promise<AddFromDashboardSeen> {
  await page.getByRole('button', { name: 'Add a server…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a server to the cluster' });
  await dialog.waitFor();
  await typeInto(textbox(dialog, 'Host name or IP address'), node.address);
  if ((await textbox(dialog, 'SSH port').inputValue()) !== String(node.sshPort)) await typeInto(textbox(dialog, 'SSH port'), String(node.sshPort));
  await typeInto(textbox(dialog, 'User'), node.user);
  await dialog.getByRole('radio', { name: 'Linux / Docker' }).check();
  await dialog.getByRole('radio', { name: 'Private key' }).check();
  await typeInto(textbox(dialog, 'Private key file'), node.privateKeyPath);
  await typeInto(textbox(dialog, 'Environment file (the product’s configuration)'), node.configPath);
  await typeInto(textbox(dialog, 'Service command'), node.serviceCommand);
  await dialog.getByRole('button', { name: 'Advanced' }).click();
  await typeInto(textbox(dialog, 'Name in the wizard'), node.name);
  await dialog.getByRole('button', { name: 'Check this server' }).click();

  // Its unknown host key: the Servers page's trust dialog, compared with the lab's before Accept.
  const trust = page.getByRole('dialog', { name: 'Trust this server’s host key?' });
  // The trust question, or the checks' failure said in the dialog (then the spec says why, in words).
  await trust.or(dialog.getByText(/^Could not check/)).first().waitFor({ timeout: WAIT.run });
  if (!(await trust.isVisible())) throw new Error(`checking ${node.name} failed: ${((await dialog.textContent()) ?? '').replace(/\s+/g, ' ').slice(0, 600)}`);
  const hostKey = ((await trust.getByTestId('host-key-fingerprint').textContent()) ?? '').trim();
  if (hostKey !== node.hostKeyFingerprint) throw new Error(`${node.name} presents ${hostKey}, but the lab's key is ${node.hostKeyFingerprint}: not accepting it`);
  await trust.getByRole('button', { name: 'Accept' }).click();
  const showPlan = dialog.getByRole('button', { name: 'Show the plan' });
  await until(async () => showPlan.isEnabled(), `${node.name}'s checks to pass`, WAIT.run, async () => ((await dialog.textContent()) ?? '').slice(0, 2000));
  await showPlan.click();

  const addButton = dialog.getByRole('button', { name: `Add ${node.name}`, exact: true });
  const refusedBar = dialog.getByTestId('add-refused');
  await until(async () => (await refusedBar.isVisible()) || (await addButton.isEnabled()), `the plan for ${node.name}`, WAIT.run, async () => ((await dialog.textContent()) ?? '').slice(0, 2000));
  const refused = (await refusedBar.isVisible()) ? ((await refusedBar.textContent()) ?? '').trim() : '';
  if (refused && o.leaveDataBehind) await dialog.getByRole('checkbox', { name: 'Leave its data behind' }).check();
  await until(async () => addButton.isEnabled(), `the plan for ${node.name} to be ready`, WAIT.run, async () => ((await dialog.textContent()) ?? '').slice(0, 2000));
  const note = dialog.getByTestId('add-licence-note');
  const licenceNote = (await note.isVisible()) ? ((await note.textContent()) ?? '').trim() : null;
  await addButton.click();
  const outcome = dialog.getByTestId('add-outcome').or(dialog.getByRole('alert'));
  await outcome.first().waitFor({ timeout: WAIT.apply });
  const seen = { refused, licenceNote, outcome: ((await outcome.first().textContent()) ?? '').trim(), hostKey };
  await dialog.getByRole('button', { name: 'Back to the dashboard' }).click();
  await dialog.waitFor({ state: 'hidden' });
  return seen;
}

/** A server tile's "Remove from the cluster…": sets the drain wait, removes it and waits for the outcome. */
export async function removeServerFromDashboard(page: Page, nodeId: string, drainMinutes: number): Promise<{ said: string; steps: string; outcome: string }> {
  await page.getByRole('button', { name: `Remove from the cluster… (${nodeId})` }).click();
  const dialog = page.getByRole('dialog', { name: `Remove ${nodeId} from the cluster?` });
  await dialog.waitFor();
  const said = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
  await typeInto(dialog.getByRole('spinbutton', { name: /Wait for it to drain at most/ }), String(drainMinutes));
  await dialog.getByRole('button', { name: `Remove ${nodeId}`, exact: true }).click();
  const outcome = dialog.getByTestId('remove-outcome').or(dialog.getByRole('alert'));
  await outcome.first().waitFor({ timeout: WAIT.apply });
  // No step list when the engine refused before any step (the outcome then says why).
  const list = dialog.getByRole('list', { name: `Removing ${nodeId}` });
  const steps = (await list.count()) ? ((await list.textContent()) ?? '').replace(/\s+/g, ' ') : '';
  const seen = { said, steps, outcome: ((await outcome.first().textContent()) ?? '').trim() };
  await dialog.getByRole('button', { name: 'Back to the dashboard' }).click();
  await dialog.waitFor({ state: 'hidden' });
  return seen;
}
