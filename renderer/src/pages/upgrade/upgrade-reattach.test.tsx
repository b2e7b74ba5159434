/**
 * A window reloaded mid-upgrade (issue 14): the dashboard mounts in a fresh store, finds the upgrade the
 * engine still runs (`run.list`), reads it back (`run.get`: its plan, every event so far) and opens the
 * dialog on its progress, then keeps listening; an ended run not yet put away opens on its outcome, and
 * closing that outcome dismisses the run. While it runs, the dashboard's other actions are off and say why.
 * The engine is the fake one here, answering as the real journal does (electron/core/engine/upgrade-journal.test.ts
 * holds the real one to that); scripts/upgrade-reattach-screenshots.ts reloads Chromium over the real service.
 */
import { act, cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput } from '../../../../electron/shared/contract';
import type { ClusterProfileInput } from '../../../../electron/shared/profile';
import type { KeptUpgradeRun } from '../../../../electron/shared/run-record-schema';
import type { UpgradeEvent } from '../../../../electron/shared/upgrade-schema';
import { fromProfile } from '../../store/profile-mapping';
import { resetUpgrade } from '../../store/upgrade-flow';
import { wizard } from '../../store/wizard-store';
import { installFakeEngine, renderPage, type FakeEngine } from '../../testing/fake-engine';
import { upgradePlan, upgradeReport } from '../../testing/upgrade-fixtures';
import { upgradeSnapshot } from '../../testing/upgrade-snapshot';
import DashboardPage from '../dashboard-page';

const windowsNode = (id: string) => ({ id, host: `${id}.corp.example`, user: 'admin', os: 'windows' as const, auth: { kind: 'password' as const, password: { prompt: `ssh:${id}` } } });
const PROFILE: ClusterProfileInput = {
  version: 1, product: 'proget', nodes: ['n1', 'n2', 'n3'].map(windowsNode),
  database: { kind: 'sqlserver', connectionString: 'Server=db;Database=ProGet;User ID=proget', password: { prompt: 'db' } },
  storage: { path: '\\\\files\\proget' }, loadBalancer: { type: 'haproxy' },
};
const RUN_ID = 'upgrade-run-7';
const step = (stepId: string, status: 'started' | 'done' | 'failed', detail = ''): UpgradeEvent => ({ type: 'upgrade-step', stepId, status, detail });
/** What the engine had sent before the reload: the backups done, n1 stopping. */
const SO_FAR: UpgradeEvent[] = [
  step('backup-database', 'started'), step('backup-database', 'done', '9.1 GB, read back'),
  step('backup-config:n1', 'done'), step('verify-backups', 'done', 'every backup read back'),
  step('stop:n1', 'started'),
];

function kept(patch: Partial<KeptUpgradeRun> = {}): KeptUpgradeRun {
  return { kind: 'upgrade', runId: RUN_ID, planId: 'upgrade-plan-1', plan: upgradePlan(), startedAt: '2026-12-01T03:00:00.000Z', events: SO_FAR, done: null, ...patch };
}

/** The reloaded window: a fresh store (nothing followed, no secrets typed), the dashboard mounted again. */
function reloadedDashboard(run: KeptUpgradeRun | null, onGet?: (engine: FakeEngine) => void): FakeEngine {
  const engine: FakeEngine = installFakeEngine({
    'health.watch': (i) => {
      setTimeout(() => engine.emit('health.snapshot', { runId: i.runId, ok: true, snapshot: upgradeSnapshot({ n1: '2025.14', n2: '2025.14', n3: '2025.14' }) }), 0);
      return { started: true };
    },
    'health.stop': () => ({ stopped: true }),
    'balancer.members': () => ({ driven: true, how: 'HAProxy runtime API', members: ['n1', 'n2', 'n3'].map((node) => ({ node, state: 'ready' as const, activeSessions: 0, detail: '' })), manual: [] }),
    'run.list': () => (run ? [{ kind: 'upgrade' as const, runId: run.runId, startedAt: run.startedAt, running: run.done === null }] : []),
    'run.get': (i) => {
      onGet?.(engine);
      return { run: run && i.id === run.runId ? run : null };
    },
    'run.dismiss': () => ({ dismissed: true }),
  });
  renderPage(<DashboardPage />, () => {
    resetUpgrade();
    const { draft } = fromProfile(PROFILE, {}, 'Test');
    wizard().loadProfile(draft, {});
    wizard().goTo('dashboard');
  });
  return engine;
}

const surfaces = () => [...screen.queryAllByRole('dialog'), ...screen.queryAllByRole('alertdialog')];
const dialog = () => {
  const found = surfaces().find((d) => d.querySelector('h2')?.textContent === 'Upgrade the cluster');
  if (!found) throw new Error('the upgrade dialog is not open');
  return found;
};
const isOpen = () => surfaces().some((d) => d.querySelector('h2')?.textContent === 'Upgrade the cluster');
const statusOf = (stepId: string) => within(dialog()).getByTestId(`run-step-${stepId}`).dataset.status;
const inputsOf = <C extends 'run.dismiss' | 'run.get'>(engine: FakeEngine, name: C) => engine.calls.filter((c) => c.name === name).map((c) => c.input as CallInput<C>);

configure({ defaultHidden: true });
beforeEach(() => resetUpgrade());
afterEach(cleanup);

describe('a reloaded window comes back to the upgrade', () => {
  it('opens the dialog on the running upgrade with every step so far, and keeps listening to its end', async () => {
    const engine = reloadedDashboard(kept());
    await waitFor(dialog);
    expect(within(dialog()).getByRole('heading', { name: 'Upgrading' })).toBeTruthy();
    // While it runs the dialog is an alert: Escape asks before hiding it.
    expect(screen.queryAllByRole('alertdialog').some((d) => d === dialog())).toBe(true);
    expect(statusOf('backup-database')).toBe('done');
    expect(within(dialog()).getByText('9.1 GB, read back')).toBeTruthy();
    expect(statusOf('verify-backups')).toBe('done');
    expect(statusOf('stop:n1')).toBe('started');
    expect(statusOf('install:n1')).toBe('waiting');
    expect(within(dialog()).getByRole('status').textContent).toMatch(/^3 of \d+ steps done/);

    // The run goes on in the engine: its next events reach the re-attached dialog.
    act(() => {
      engine.emit('upgrade.event', { runId: RUN_ID, event: step('stop:n1', 'done', 'both services stopped') });
      engine.emit('upgrade.event', { runId: 'another-run', event: step('stop:n2', 'done') });
    });
    expect(statusOf('stop:n1')).toBe('done');
    expect(statusOf('stop:n2')).toBe('waiting');

    act(() => engine.emit('upgrade.done', { runId: RUN_ID, ok: true, report: upgradeReport('upgraded'), reportPath: 'C:\\reports\\x-upgrade.html' }));
    expect(within(dialog()).getByTestId('upgrade-outcome').dataset.outcome).toBe('upgraded');
    expect(within(dialog()).getByTestId('upgrade-report-path').textContent).toContain('C:\\reports\\x-upgrade.html');

    // Put away: the engine forgets the run, so the next reload does not show it again.
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Back to the dashboard' }));
    await waitFor(() => expect(inputsOf(engine, 'run.dismiss')).toEqual([{ id: RUN_ID }]));
    await waitFor(() => expect(isOpen()).toBe(false));
  });

  it('folds an event that came while the run was read back once, not twice', async () => {
    const warning: UpgradeEvent = { type: 'upgrade-log', level: 'warn', message: 'n1 took 40 s to stop' };
    // The engine sent the warning after the window asked for the run: it is in the answer and on the wire.
    const engine = reloadedDashboard(kept({ events: [...SO_FAR, warning] }), (e) => e.emit('upgrade.event', { runId: RUN_ID, event: warning }));
    await waitFor(dialog);
    expect(inputsOf(engine, 'run.get')).toEqual([{ id: RUN_ID }]);
    const warnings = within(dialog()).getByRole('list', { name: 'Warnings during the upgrade' });
    expect(within(warnings).getAllByText('n1 took 40 s to stop')).toHaveLength(1);
  });

  it('opens on the outcome of an upgrade that ended while the window was away, until it is put away', async () => {
    const report = upgradeReport('rolled-back');
    const engine = reloadedDashboard(kept({ events: [...SO_FAR, step('install:n2', 'failed', 'hub.exe exited with code 3')], done: { ok: true, report, reportPath: null } }));
    await waitFor(dialog);
    expect(within(dialog()).getByRole('heading', { name: 'How it ended' })).toBeTruthy();
    expect(within(dialog()).getByTestId('upgrade-outcome').dataset.outcome).toBe('rolled-back');
    expect(statusOf('install:n2')).toBe('failed');
    // Not running: the other actions are there again.
    expect(screen.queryByTestId('upgrade-busy')).toBeNull();
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Back to the dashboard' }));
    await waitFor(() => expect(inputsOf(engine, 'run.dismiss')).toEqual([{ id: RUN_ID }]));
  });

  it('with no upgrade kept, the dashboard stays as it was: no dialog, every action offered', async () => {
    const engine = reloadedDashboard(null);
    await screen.findByTestId('health-summary');
    await waitFor(() => expect(engine.calls.some((c) => c.name === 'run.list')).toBe(true));
    expect(isOpen()).toBe(false);
    expect(inputsOf(engine, 'run.get')).toEqual([]);
    expect(screen.getByRole('button', { name: 'Add a server…' })).toHaveProperty('disabled', false);
    expect(screen.getByRole('button', { name: 'Upgrade…' })).toBeTruthy();
  });
});

describe('while an upgrade runs, the dashboard does not offer what would fight it', () => {
  it('add, remove, rotation and Review again are off, and one note says why; they come back when it ends', async () => {
    const engine = reloadedDashboard(kept());
    await waitFor(dialog);
    // Hidden, as the admin would, to use the dashboard.
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Hide…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Hide it' }));
    await waitFor(() => expect(isOpen()).toBe(false));
    await screen.findByTestId('node-actions-n1');

    expect(screen.getByTestId('upgrade-busy').textContent).toMatch(/being upgraded to 2026\.1.*does not add or remove servers, take them out of rotation or put them back, or apply changes/);
    expect(screen.getByRole('button', { name: 'Add a server…' })).toHaveProperty('disabled', true);
    for (const id of ['n1', 'n2', 'n3']) {
      const tile = screen.getByTestId(`node-actions-${id}`);
      expect(within(tile).getByRole('button', { name: `Take out of rotation (${id})` })).toHaveProperty('disabled', true);
      expect(within(tile).getByRole('button', { name: `Remove from the cluster… (${id})` })).toHaveProperty('disabled', true);
    }
    const review = screen.getByRole('button', { name: 'Review again' });
    expect(review.getAttribute('aria-disabled')).toBe('true');
    // Another upgrade is not offered: the button shows the one running.
    expect(screen.queryByRole('button', { name: 'Upgrade…' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Show the upgrade' })).toBeTruthy();

    act(() => engine.emit('upgrade.done', { runId: RUN_ID, ok: true, report: upgradeReport('upgraded'), reportPath: null }));
    await waitFor(() => expect(screen.queryByTestId('upgrade-busy')).toBeNull());
    expect(screen.getByRole('button', { name: 'Add a server…' })).toHaveProperty('disabled', false);
    expect(within(screen.getByTestId('node-actions-n1')).getByRole('button', { name: 'Take out of rotation (n1)' })).toHaveProperty('disabled', false);
    expect(screen.getByRole('button', { name: 'Review again' }).getAttribute('aria-disabled')).not.toBe('true');
  });
});
