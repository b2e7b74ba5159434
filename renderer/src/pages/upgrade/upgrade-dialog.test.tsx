/**
 * The dashboard's upgrade flow (issue 14) against the fake engine: the version checked as typed, rolling
 * refused where the rule table says so, a failed preflight blocking, the plan by server, the run's
 * progress and undo steps, each outcome, hiding a running upgrade (it asks first; the run goes on), and the
 * focus moving to each stage's heading. The engine's side (upgrade.plan / upgrade.start) is faked here: the
 * real engine answers "not available yet" until helper "upgrade-run" lands; e2e/wizard/upgrade.lab.test.ts
 * walks the real one.
 */
import { act, cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput } from '../../../../electron/shared/contract';
import type { ClusterProfileInput } from '../../../../electron/shared/profile';
import type { UpgradeEvent } from '../../../../electron/shared/upgrade-schema';
import { fromProfile } from '../../store/profile-mapping';
import { resetUpgrade, useUpgrade } from '../../store/upgrade-flow';
import { wizard } from '../../store/wizard-store';
import { inputByLabel, installFakeEngine, renderPage, type FakeEngine } from '../../testing/fake-engine';
import { PREFLIGHT_FAILED, PREFLIGHT_PASSED, upgradePlan, upgradeReport } from '../../testing/upgrade-fixtures';
import { upgradeSnapshot } from '../../testing/upgrade-snapshot';
import DashboardPage from '../dashboard-page';

const windowsNode = (id: string) => ({ id, host: `${id}.corp.example`, user: 'admin', os: 'windows' as const, auth: { kind: 'password' as const, password: { prompt: `ssh:${id}` } } });
const PROFILE: ClusterProfileInput = {
  version: 1, product: 'proget', nodes: ['n1', 'n2', 'n3'].map(windowsNode),
  database: { kind: 'sqlserver', connectionString: 'Server=db;Database=ProGet;User ID=proget', password: { prompt: 'db' } },
  storage: { path: '\\\\files\\proget' }, loadBalancer: { type: 'haproxy' },
};

const snapshot = upgradeSnapshot;
const ALL_ON_2025 = { n1: '2025.14', n2: '2025.14', n3: '2025.14' };

type Handlers = Parameters<typeof installFakeEngine>[0];

function dashboard(handlers: Handlers = {}, snap = snapshot(ALL_ON_2025)): FakeEngine {
  const engine: FakeEngine = installFakeEngine({
    'health.watch': (i) => {
      setTimeout(() => engine.emit('health.snapshot', { runId: i.runId, ok: true, snapshot: snap }), 0);
      return { started: true };
    },
    'health.stop': () => ({ stopped: true }),
    'balancer.members': () => ({ driven: false, how: 'no access', members: [], manual: [] }),
    'upgrade.plan': () => ({ preflight: PREFLIGHT_PASSED, planId: 'upgrade-plan-1', plan: upgradePlan() }),
    'upgrade.start': () => ({ started: true }),
    'reports.openFolder': () => ({ opened: true }),
    ...handlers,
  });
  renderPage(<DashboardPage />, () => {
    resetUpgrade();
    const { draft, secrets } = fromProfile(PROFILE, { 'ssh:n1': 'pw1', 'ssh:n2': 'pw2', 'ssh:n3': 'pw3', db: 'dbpw' }, 'Test');
    wizard().loadProfile(draft, secrets);
    wizard().goTo('dashboard');
  });
  return engine;
}

const inputsOf = <C extends keyof NonNullable<Handlers>>(engine: FakeEngine, name: C) => engine.calls.filter((c) => c.name === name).map((c) => c.input as CallInput<C>);
/**
 * The upgrade dialog. Found by its title's text, not its accessible name: in happy-dom tabster leaves the
 * portal that holds it aria-hidden once the dashboard re-renders (see dashboard-actions.test.tsx), which
 * empties the name; the screenshot script checks in Chromium that nothing above an open dialog is hidden.
 */
// While the upgrade runs it is an alert dialog: Escape asks, a click outside does nothing.
const surfaces = () => [...screen.queryAllByRole('dialog'), ...screen.queryAllByRole('alertdialog')];
const dialog = () => {
  const found = surfaces().find((d) => d.querySelector('h2')?.textContent === 'Upgrade the cluster');
  if (!found) throw new Error('the upgrade dialog is not open');
  return found;
};
const isOpen = () => surfaces().some((d) => d.querySelector('h2')?.textContent === 'Upgrade the cluster');
const button = (name: string | RegExp) => within(dialog()).getByRole('button', { name });

/** Opens the flow once the dashboard has the snapshot, and fills the choices. */
async function choose(to: string, backupDir = 'D:\\Backups') {
  await screen.findByTestId('health-summary');
  fireEvent.click(screen.getByRole('button', { name: 'Upgrade…' }));
  await waitFor(dialog);
  fireEvent.change(inputByLabel(/Upgrade to version/), { target: { value: to } });
  fireEvent.change(inputByLabel(/Folder for the database backup/), { target: { value: backupDir } });
}

/** From the choices to a started run. */
async function start(engine: FakeEngine): Promise<string> {
  await choose('2026.1');
  fireEvent.click(button('Check the cluster'));
  await screen.findByTestId('preflight-passed');
  fireEvent.click(button('Review the plan'));
  fireEvent.click(within(dialog()).getByRole('checkbox', { name: /I have read when users will see an outage/ }));
  fireEvent.click(button('Start the upgrade'));
  await waitFor(() => expect(inputsOf(engine, 'upgrade.start')).toHaveLength(1));
  return inputsOf(engine, 'upgrade.start')[0]!.runId;
}

const step = (runId: string, stepId: string, status: 'started' | 'done' | 'failed', detail = ''): ['upgrade.event', { runId: string; event: UpgradeEvent }] =>
  ['upgrade.event', { runId, event: { type: 'upgrade-step', stepId, status, detail } }];

configure({ defaultHidden: true });
beforeEach(() => resetUpgrade());
afterEach(cleanup);

describe('choosing the version', () => {
  it('checks the version as it is typed against the rule table: not a version, older, a year it does not know; only an allowed one with a backup folder goes on', async () => {
    const engine = dashboard();
    await choose('2026');
    const check = button('Check the cluster');
    expect(within(dialog()).getByText(/Type a version as the product writes it/)).toBeTruthy();
    expect(check).toHaveProperty('disabled', true);
    fireEvent.change(inputByLabel(/Upgrade to version/), { target: { value: '2025.13' } });
    expect(within(dialog()).getByText(/^2025.13 is older than 2025.14: going to an older version is a rollback, not an upgrade\./)).toBeTruthy();
    expect(button('Check the cluster')).toHaveProperty('disabled', true);
    fireEvent.change(inputByLabel(/Upgrade to version/), { target: { value: '2027.2' } });
    expect(within(dialog()).getByText(/The wizard does not know how to upgrade to 2027.2/)).toBeTruthy();
    expect(button('Check the cluster')).toHaveProperty('disabled', true);
    fireEvent.change(inputByLabel(/Upgrade to version/), { target: { value: '2026.1' } });
    fireEvent.change(inputByLabel(/Folder for the database backup/), { target: { value: '  ' } });
    expect(button('Check the cluster')).toHaveProperty('disabled', true);
    fireEvent.change(inputByLabel(/Folder for the database backup/), { target: { value: 'D:\\Backups' } });
    expect(button('Check the cluster')).toHaveProperty('disabled', false);
    // The current version is the dashboard's: every server's.
    expect(within(dialog()).getByText(/Every server runs ProGet 2025.14 now/)).toBeTruthy();
    expect(inputsOf(engine, 'upgrade.plan')).toHaveLength(0);
  });

  it('offers one server at a time only where the rule table allows it, and never sends a refused mode', async () => {
    dashboard();
    await choose('2025.15');
    const rolling = () => within(dialog()).getByRole('radio', { name: 'One server at a time' });
    expect(rolling()).toHaveProperty('disabled', false);
    fireEvent.click(rolling());
    expect(button('Check the cluster')).toHaveProperty('disabled', false);
    // 2026.1 changes the schema: the table refuses side by side; the choice made stays visible, and blocks.
    fireEvent.change(inputByLabel(/Upgrade to version/), { target: { value: '2026.1' } });
    expect(rolling()).toHaveProperty('disabled', true);
    expect(within(dialog()).getByText(/Not possible for this upgrade: it changes the database schema, so every server must move to the new version together\./)).toBeTruthy();
    expect(screen.getByTestId('rolling-refused')).toBeTruthy();
    expect(button('Check the cluster')).toHaveProperty('disabled', true);
    fireEvent.click(within(dialog()).getByRole('radio', { name: 'All servers together (recommended)' }));
    expect(button('Check the cluster')).toHaveProperty('disabled', false);
  });

  it('refuses to start from a cluster on mixed versions, saying which server runs what', async () => {
    dashboard({}, snapshot({ n1: '2025.14', n2: '2025.13', n3: '2025.14' }));
    await choose('2026.1');
    expect(screen.getByTestId('upgrade-no-version').textContent).toMatch(/different versions \(2025.14 on n1, n3; 2025.13 on n2\)/);
    expect(button('Check the cluster')).toHaveProperty('disabled', true);
  });
});

describe('preflight and plan', () => {
  it('a failed preflight blocks going on and says what to do; after it is put right, checking again lets the admin on', async () => {
    let items = PREFLIGHT_FAILED;
    const engine = dashboard({ 'upgrade.plan': () => (items === PREFLIGHT_FAILED ? { preflight: items, planId: null, plan: null } : { preflight: items, planId: 'upgrade-plan-2', plan: upgradePlan() }) });
    await choose('2026.1');
    fireEvent.click(button('Check the cluster'));
    expect((await screen.findByTestId('preflight-blocked')).textContent).toMatch(/One thing stops the upgrade.*Nothing was changed/);
    // The failure first, with its server and what to do.
    const rows = within(screen.getByRole('list', { name: 'Checks before the upgrade' })).getAllByRole('listitem');
    expect(rows[0]!.textContent).toMatch(/^Fail.*n2: The installer is there.*Install Inedo Hub on n2, then check again\./);
    expect(button('Review the plan')).toHaveProperty('disabled', true);
    expect(inputsOf(engine, 'upgrade.plan')[0]).toEqual(expect.objectContaining({ to: '2026.1', mode: 'coordinated', backupDir: 'D:\\Backups', secrets: expect.objectContaining({ 'ssh:n2': 'pw2', db: 'dbpw' }) }));
    items = PREFLIGHT_PASSED;
    fireEvent.click(button('Check again'));
    await screen.findByTestId('preflight-passed');
    expect(button('Review the plan')).toHaveProperty('disabled', false);
  });

  it('the plan: steps grouped by server with their run order and undo, the backups and where, the outage, the warnings; starting needs the confirmation', async () => {
    const engine = dashboard();
    await choose('2026.1');
    fireEvent.click(button('Check the cluster'));
    await screen.findByTestId('preflight-passed');
    fireEvent.click(button('Review the plan'));
    const cluster = screen.getByTestId('plan-group-cluster');
    expect(within(cluster).getByRole('heading').textContent).toBe('The database, the load balancer and the cluster');
    expect(screen.getByTestId('plan-step-backup-database').textContent).toMatch(/^Step 1Back up the database ProGet with BACKUP DATABASE … COPY_ONLY to D:\\BackupsNothing to undo\.$/);
    const n2 = screen.getByTestId('plan-group-n2');
    expect(within(n2).getByRole('heading').textContent).toBe('n2 (n2.corp.example)');
    // n2 is installed after n1 is healthy again: its step numbers say so.
    expect(within(n2).getByTestId('plan-step-install:n2').textContent).toMatch(/^Step 1\dInstall ProGet 2026.1 on n2.*If the run fails after this: Install ProGet 2025.14 on n2 again and restore its configuration byte for byte$/);
    const numbers = upgradePlan().steps.map((x) => Number(/^Step (\d+)/.exec(screen.getByTestId(`plan-step-${x.id}`).textContent ?? '')?.[1]));
    expect(numbers).toEqual(upgradePlan().steps.map((_, i) => i + 1));
    expect(dialog().textContent).toContain('The database: D:\\Backups\\ProGet-2025.14-20261201T0300.bak');
    expect(dialog().textContent).toContain('Configuration file of n3: C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config.ha-wizard-upgrade');
    expect(screen.getByTestId('upgrade-expected').textContent).toMatch(/^Users will see an outage\.Users cannot reach ProGet .* about 4 minutes/);
    expect(screen.getByTestId('upgrade-warnings').textContent).toContain('db_owner');
    expect(button('Start the upgrade')).toHaveProperty('disabled', true);
    fireEvent.click(within(dialog()).getByRole('checkbox', { name: /I have read when users will see an outage/ }));
    fireEvent.click(button('Start the upgrade'));
    await waitFor(() => expect(inputsOf(engine, 'upgrade.start')).toEqual([expect.objectContaining({ planId: 'upgrade-plan-1', secrets: expect.objectContaining({ 'ssh:n1': 'pw1' }) })]));
  });

  it('changing a choice after the plan forgets the plan and its confirmation', async () => {
    dashboard();
    await choose('2026.1');
    fireEvent.click(button('Check the cluster'));
    await screen.findByTestId('preflight-passed');
    fireEvent.click(button('Change the choices'));
    fireEvent.change(inputByLabel(/Folder for the database backup/), { target: { value: 'E:\\Other' } });
    expect(useUpgrade.getState().plan.answer).toBeNull();
    expect(useUpgrade.getState().confirmed).toBe(false);
  });
});

describe('the run', () => {
  it('shows each step as it starts and ends, then the undo steps as such, and the rolled-back outcome with what was undone', async () => {
    const engine = dashboard();
    const runId = await start(engine);
    act(() => engine.emit(...step(runId, 'backup-database', 'started')));
    expect(screen.getByTestId('run-step-backup-database').dataset.status).toBe('started');
    act(() => {
      engine.emit(...step(runId, 'backup-database', 'done', '9.1 GB, read back'));
      engine.emit(...step(runId, 'install:n2', 'failed', 'hub.exe exited with code 3'));
      // Another run's events are not this one's.
      engine.emit(...step('upgrade-other', 'stop:n1', 'done'));
      engine.emit('upgrade.event', { runId, event: { type: 'upgrade-undo', stepId: 'install:n1', status: 'done', detail: '2025.14 installed again' } });
      engine.emit('upgrade.event', { runId, event: { type: 'upgrade-log', level: 'warn', message: 'n2 took 40 s to stop' } });
    });
    expect(screen.getByTestId('run-step-backup-database').textContent).toMatch(/Done.*9.1 GB, read back/);
    expect(screen.getByTestId('run-step-install:n2').dataset.status).toBe('failed');
    expect(screen.getByTestId('run-step-stop:n1').dataset.status).toBe('waiting');
    expect(screen.getByTestId('undo-step-install:n1').textContent).toMatch(/Undo: n1: Install ProGet 2026.1 on n1.*2025.14 installed again/);
    expect(within(dialog()).getByRole('list', { name: 'Warnings during the upgrade' }).textContent).toContain('n2 took 40 s to stop');
    act(() => engine.emit('upgrade.done', { runId, ok: true, report: upgradeReport('rolled-back'), reportPath: 'C:\\Users\\admin\\AppData\\Roaming\\HA Wizard\\reports\\2026-12-01T03-00-00-000Z-upgrade.html' }));
    const outcome = screen.getByTestId('upgrade-outcome');
    expect(outcome.dataset.outcome).toBe('rolled-back');
    expect(outcome.textContent).toMatch(/the cluster runs 2025.14 again.*The installer failed on n2: hub.exe exited with code 3\..*Put back on 2025.14, with their configuration restored byte for byte: n1, n2, n3\..*The database did not need restoring\./);
    expect(screen.getByTestId('upgrade-report-path').textContent).toContain('2026-12-01T03-00-00-000Z-upgrade.html');
    fireEvent.click(button('Open reports folder'));
    await waitFor(() => expect(inputsOf(engine, 'reports.openFolder')).toHaveLength(1));
  });

  it('upgraded: every server on the new version, the outage measured', async () => {
    const engine = dashboard();
    const runId = await start(engine);
    act(() => engine.emit('upgrade.done', { runId, ok: true, report: upgradeReport('upgraded'), reportPath: '/reports/x.html' }));
    expect(screen.getByTestId('upgrade-outcome').textContent).toBe('Every server runs 2026.1.n1, n2, n3 were upgraded and report healthy. Users could not reach the cluster for 3.6 minutes.');
    fireEvent.click(button('Back to the dashboard'));
    await waitFor(() => expect(useUpgrade.getState().open).toBe(false));
    // Put away: the next "Upgrade…" starts afresh.
    expect(useUpgrade.getState().run.status).toBe('idle');
  });

  it('rollback failed: what is left to do by hand comes first, in full, then why', async () => {
    const engine = dashboard();
    const runId = await start(engine);
    const manual = 'n3 is still on 2026.1 and stopped: run "C:\\Program Files\\Inedo Hub\\hub.exe" install ProGet:2025.14 --IsUpgrade=true, then copy C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config.ha-wizard-upgrade over ProGet.config and start INEDOPROGETSVC.';
    const report = upgradeReport('rollback-failed', {
      nodes: [{ id: 'n1', versionBefore: '2025.14', versionAfter: '2025.14', result: 'restored', healthy: true, manual: null }, { id: 'n3', versionBefore: '2025.14', versionAfter: '2026.1', result: 'rollback-failed', healthy: false, manual }],
      manualSteps: [{ title: 'Open the load balancer again', detail: 'set server proget/n1 state ready', url: null }],
    });
    act(() => engine.emit('upgrade.done', { runId, ok: true, report, reportPath: null }));
    const outcome = screen.getByTestId('upgrade-outcome');
    expect(outcome.dataset.outcome).toBe('rollback-failed');
    const text = outcome.textContent ?? '';
    expect(text).toContain(`n3: ${manual}`);
    expect(text).toContain('Open the load balancer again. set server proget/n1 state ready');
    // One numbered list of what is left: the servers' steps, then the cluster's.
    expect(within(outcome).getAllByRole('list')).toHaveLength(1);
    expect(within(outcome).getAllByRole('listitem')).toHaveLength(2);
    expect(text.indexOf(manual)).toBeLessThan(text.indexOf('Why the upgrade stopped'));
    expect(text).toContain('Already back on 2025.14: n1.');
    expect(screen.getByTestId('upgrade-report-path').textContent).toBe('The report of this run could not be written to the reports folder.');
  });

  it('refused by the engine, a run that could not start, and a start call that failed each say so', async () => {
    let engine = dashboard();
    let runId = await start(engine);
    act(() => engine.emit('upgrade.done', { runId, ok: true, report: upgradeReport('refused', { reason: 'n2 went down since the plan was made' }), reportPath: null }));
    expect(screen.getByTestId('upgrade-outcome').textContent).toBe('The upgrade was refused: nothing was changed.n2 went down since the plan was made.');
    cleanup();
    resetUpgrade();
    engine = dashboard();
    runId = await start(engine);
    act(() => engine.emit('upgrade.done', { runId, ok: false, error: 'The plan upgrade-plan-1 is no longer kept.' }));
    expect(screen.getByTestId('upgrade-outcome').textContent).toBe('The upgrade did not runThe plan upgrade-plan-1 is no longer kept.');
    cleanup();
    resetUpgrade();
    engine = dashboard();
    engine.failCall['upgrade.start'] = { kind: 'failed', message: 'upgrade.start is not available yet' };
    await choose('2026.1');
    fireEvent.click(button('Check the cluster'));
    await screen.findByTestId('preflight-passed');
    fireEvent.click(button('Review the plan'));
    fireEvent.click(within(dialog()).getByRole('checkbox', { name: /I have read/ }));
    fireEvent.click(button('Start the upgrade'));
    expect((await screen.findByTestId('upgrade-outcome')).textContent).toBe('The upgrade did not runupgrade.start is not available yet');
  });

  it('is never closed by accident while it runs: closing asks, hiding leaves it running, and "Show the upgrade" brings it back as it is', async () => {
    const engine = dashboard();
    const runId = await start(engine);
    act(() => engine.emit(...step(runId, 'backup-database', 'done')));
    expect(dialog().getAttribute('role')).toBe('alertdialog');
    fireEvent.keyDown(dialog(), { key: 'Escape' });
    const ask = await screen.findByRole('alertdialog', { name: 'Hide the upgrade while it runs?' });
    fireEvent.click(within(ask).getByRole('button', { name: 'Keep watching' }));
    await waitFor(() => expect(useUpgrade.getState().askingToClose).toBe(false));
    expect(dialog()).toBeTruthy();
    fireEvent.click(button('Hide…'));
    fireEvent.click(within(await screen.findByRole('alertdialog', { name: 'Hide the upgrade while it runs?' })).getByRole('button', { name: 'Hide it' }));
    await waitFor(() => expect(isOpen()).toBe(false));
    // Events while hidden are still followed.
    act(() => engine.emit(...step(runId, 'backup-config:n1', 'done')));
    fireEvent.click(screen.getByRole('button', { name: 'Show the upgrade' }));
    await waitFor(dialog);
    expect(screen.getByTestId('run-step-backup-database').dataset.status).toBe('done');
    expect(screen.getByTestId('run-step-backup-config:n1').dataset.status).toBe('done');
    expect(inputsOf(engine, 'upgrade.start')).toHaveLength(1);
  });
});

describe('keyboard', () => {
  it('each stage takes the focus to its heading; every control of a stage can be reached with Tab', async () => {
    const engine = dashboard();
    await choose('2026.1');
    for (const el of within(dialog()).getAllByRole('button').concat(within(dialog()).getAllByRole('textbox'))) expect(el.tabIndex).toBeGreaterThanOrEqual(0);
    fireEvent.click(button('Check the cluster'));
    await screen.findByTestId('preflight-passed');
    expect(document.activeElement?.textContent).toBe('Before anything changes');
    fireEvent.click(button('Review the plan'));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('The plan'));
    const box = within(dialog()).getByRole('checkbox', { name: /I have read/ });
    expect(box.tabIndex).toBeGreaterThanOrEqual(0);
    fireEvent.click(box);
    fireEvent.click(button('Start the upgrade'));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Upgrading'));
    // Its end: the outcome first, the focus on it.
    const runId = useUpgrade.getState().run.runId!;
    act(() => engine.emit('upgrade.done', { runId, ok: true, report: upgradeReport('upgraded'), reportPath: null }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('How it ended'));
    const content = dialog().textContent ?? '';
    expect(content.indexOf('Every server runs 2026.1.')).toBeLessThan(content.indexOf('Back up the database ProGet'));
  });
});
