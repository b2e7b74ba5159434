/**
 * The recovery dialog and bar against the fake engine: opening a profile whose cluster has an apply cut
 * short asks (what happened, each choice in words); Roll back shows progress and the outcome; Not now
 * leaves the bar on the page; the bar's Finish shows the new plan before applying it. And the Apply page
 * shows a cluster-lock refusal naming the other wizard.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../../../electron/shared/apply-schema';
import type { CallInput } from '../../../../electron/shared/contract';
import { PLAN_SCHEMA_ID, type Plan } from '../../../../electron/shared/plan-schema';
import { ProfileSchema } from '../../../../electron/shared/profile';
import type { RecoverStatus } from '../../../../electron/shared/recover-status';
import { fromProfile } from '../../store/profile-mapping';
import { useRecover } from '../../store/recover-store';
import { useWizard, wizard } from '../../store/wizard-store';
import { installFakeEngine, renderPage } from '../../testing/fake-engine';
import ApplyPage from '../apply-page';
import { RecoverBar } from './recover-bar';
import { RecoverDialog } from './recover-dialog';

afterEach(cleanup);
beforeEach(() => useRecover.setState({ status: null, open: false, stage: 'ask', action: null, plan: null, lines: [], report: null, error: null }));

const PROFILE = ProfileSchema.parse({
  version: 1, product: 'proget',
  nodes: ['node1', 'node2', 'node3'].map((id) => ({ id, host: `${id}.lab`, user: 'admin', os: 'linux', auth: { kind: 'password', password: { prompt: `ssh:${id}` } }, configPath: '/etc/proget/proget.env' })),
  database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget', password: { prompt: 'db' } },
  storage: { path: '/var/proget/packages' }, loadBalancer: { type: 'haproxy' },
});
const STATUS: RecoverStatus = {
  headline: 'An apply to this cluster was cut short (the wizard was closed or lost its connection) while writing the new settings file on node2.',
  at: '2026-11-30T21:00:00.000Z', rollbackFailed: false,
  servers: [
    { id: 'node1', state: 'has its new settings file, was restarted and is healthy', backupPath: '/etc/proget/proget.env.ha-wizard-20261130T210000Z.bak', changed: true },
    { id: 'node2', state: 'may have its new settings file, and was not restarted', backupPath: '/etc/proget/proget.env.ha-wizard-20261130T210000Z.bak', changed: true },
  ],
  settings: [],
  finish: ['Restart node2, where the new settings file is in place, and wait until each reports healthy.', 'Read the servers again and make a new plan from this profile.'],
  rollback: ['node2: put back its settings file from the backup.', 'node1: put back its settings file from the backup, restart the service and wait until it reports healthy.'],
};
const PLAN: Plan = {
  schema: PLAN_SCHEMA_ID, tool: { name: 'ha-wizard', version: '0.1.0' }, profile: PROFILE, profileHash: 'h', noChange: false,
  encryptionKey: { decision: 'keep', fingerprint: 'key:abc', reason: 'node1 has it' }, warnings: [], settings: [], loadBalancer: null, manualSteps: [],
  nodes: ['node1', 'node2', 'node3'].map((id) => ({ id, host: `${id}.lab`, os: 'linux' as const, configPath: '/etc/proget/proget.env', before: { exists: true, sha256: 'a'.repeat(64), bytes: 10 }, changed: id !== 'node1', diff: id !== 'node1' ? '-old\n+new' : '', secretChangesOnly: false, steps: [] })),
};
const report = (status: ApplyReport['status'], reason: string | null = null): ApplyReport => ({
  status, reason, settings: [], manualSteps: [], startedAt: '2026-11-30T21:05:00.000Z', finishedAt: '2026-11-30T21:06:00.000Z',
  nodes: [{ id: 'node2', result: 'restored', backupPath: '/b/2', steps: [], manual: null }, { id: 'node1', result: 'restored', backupPath: '/b/1', steps: [], manual: null }],
});

/** A fake engine with an apply cut short until recover.start ends it. */
function engineWithCutShort() {
  let open = true;
  const engine = installFakeEngine({
    'recover.status': () => (open ? STATUS : null),
    'plan.create': () => ({ planId: 'plan-new-1', plan: PLAN }),
    'recover.start': (i: CallInput<'recover.start'>) => {
      setTimeout(() => {
        engine.emit('apply.event', { runId: i.runId, event: { type: 'apply-step', nodeId: 'node2', step: 'rollback', status: 'started', detail: '/etc/proget/proget.env' } });
        engine.emit('apply.event', { runId: i.runId, event: { type: 'apply-step', nodeId: 'node2', step: 'rollback', status: 'done', detail: '/etc/proget/proget.env' } });
        open = false;
        engine.emit('apply.done', { runId: i.runId, ok: true, report: report(i.action === 'rollback' ? 'rolled-back' : 'applied') });
      }, 0);
      return { started: true as const };
    },
  });
  return engine;
}

const openProfile = () => {
  const { draft, secrets } = fromProfile(PROFILE, {}, 'lab');
  wizard().loadProfile(draft, secrets);
};

/** The dialog answered "Not now": what is left is the bar on the page. */
async function dismissedToBar() {
  const engine = engineWithCutShort();
  renderPage(<><RecoverDialog /><RecoverBar /></>, openProfile);
  fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Not now' }));
  await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  return { engine, bar: screen.getByText(STATUS.headline).closest('[role="alert"]') as HTMLElement };
}

describe('an apply cut short, when a profile is opened', () => {
  it('asks what to do, in words; Roll back shows progress and the outcome; afterwards nothing is left open', async () => {
    const engine = engineWithCutShort();
    renderPage(<><RecoverDialog /><RecoverBar /></>, openProfile);
    const dialog = await screen.findByRole('alertdialog', { name: 'An apply to this cluster was cut short' });
    expect(within(dialog).getByText(/while writing the new settings file on node2\./)).toBeTruthy();
    expect(within(dialog).getByText('node2 may have its new settings file, and was not restarted.')).toBeTruthy();
    expect(within(dialog).getByText('Restart node2, where the new settings file is in place, and wait until each reports healthy.')).toBeTruthy();
    expect(within(dialog).getByText('node2: put back its settings file from the backup.')).toBeTruthy();
    expect(engine.calls.find((c) => c.name === 'recover.status')?.input).toEqual({ profile: expect.objectContaining({ product: 'proget', nodes: expect.any(Array) }) });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(await within(dialog).findByText('Rolled back')).toBeTruthy();
    expect(within(dialog).getByRole('log', { name: 'Progress' }).textContent).toBe('node2: rollback started\nnode2: rollback done');
    const start = engine.calls.find((c) => c.name === 'recover.start')!.input as CallInput<'recover.start'>;
    expect([start.action, start.planId]).toEqual(['rollback', undefined]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(engine.calls.filter((c) => c.name === 'recover.status')).toHaveLength(2));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(screen.queryByText(/No other apply to this cluster can start/), 'no bar: nothing is open').toBeNull();
  });

  it('Not now leaves the bar; its Finish shows the new plan first, then applies exactly that plan', async () => {
    const { engine, bar } = await dismissedToBar();
    expect(within(bar).getByText(/No other apply to this cluster can start until it is finished or rolled back\./)).toBeTruthy();

    fireEvent.click(within(bar).getByRole('button', { name: 'Finish the apply' }));
    expect(await screen.findByText('Finishing changes node2, node3, one at a time: each is backed up, written, restarted, and must report healthy before the next.')).toBeTruthy();
    expect(engine.calls.some((c) => c.name === 'recover.start'), 'nothing applied before the plan is accepted').toBe(false);
    // By text: a role query over the plan's tabs and diffs is slow enough in happy-dom to outlast findBy's second.
    fireEvent.click((await screen.findByText('Apply this plan', {}, { timeout: 5000 })).closest('button')!);
    expect(await screen.findByText('Applied')).toBeTruthy();
    const start = engine.calls.find((c) => c.name === 'recover.start')!.input as CallInput<'recover.start'>;
    expect([start.action, start.planId]).toEqual(['finish', 'plan-new-1']);
  });

  it('a refusal for a stale cluster lock (the killed wizard left it) offers to break it; only that button sends breakLock', async () => {
    const stale = 'the cluster is locked by admin@pc (pid 4242, HA Wizard 0.1.0) since 2026-11-30T21:00:00.000Z, last heartbeat 2026-11-30T21:00:00.000Z (/etc/proget/.ha-wizard-cluster.lock), and the lock looks stale: its process 4242 no longer runs on this machine';
    let open = true;
    const engine = installFakeEngine({
      'recover.status': () => (open ? STATUS : null),
      'recover.start': (i: CallInput<'recover.start'>) => {
        setTimeout(() => {
          const broke = { title: 'Check by hand', detail: '(broke the stale lock of admin@pc (pid 4242, HA Wizard 0.1.0) since 2026-11-30T21:00:00.000Z)', url: null };
          const r = i.breakLock ? { ...report('rolled-back'), manualSteps: [broke] } : { ...report('refused', stale), nodes: [], staleLock: stale };
          if (i.breakLock) open = false;
          engine.emit('apply.done', { runId: i.runId, ok: true, report: r });
        }, 0);
        return { started: true as const };
      },
    });
    renderPage(<><RecoverDialog /><RecoverBar /></>, openProfile);
    const dialog = await screen.findByRole('alertdialog', { name: 'An apply to this cluster was cut short' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(await within(dialog).findByText('Apply refused: nothing was changed')).toBeTruthy();
    expect(within(dialog).getByText(`${stale}.`, { exact: false })).toBeTruthy();
    expect(within(dialog).getByText(/^The lock looks stale: the wizard that took it seems to be gone\. Break it only if no other wizard is changing this cluster now\.$/)).toBeTruthy();
    const starts = () => engine.calls.filter((c) => c.name === 'recover.start').map((c) => (c.input as CallInput<'recover.start'>).breakLock);
    expect(starts()).toEqual([undefined]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Break the lock and roll back' }));
    expect(await within(dialog).findByText('Rolled back')).toBeTruthy();
    expect(starts()).toEqual([undefined, true]);
    // The lock broken is said, as the CLI says it under TO DO BY HAND.
    expect(within(dialog).getByRole('heading', { name: 'Now, by hand' })).toBeTruthy();
    expect(within(dialog).getByText('(broke the stale lock of admin@pc (pid 4242, HA Wizard 0.1.0) since 2026-11-30T21:00:00.000Z)')).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: /^Break the lock/ }), 'no lock to break any more').toBeNull();
  });

  it("the bar's Roll back opens the dialog at its question: nothing is rolled back before the dialog's own Roll back", async () => {
    const { engine, bar } = await dismissedToBar();
    fireEvent.click(within(bar).getByRole('button', { name: 'Roll back' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'An apply to this cluster was cut short' });
    expect(within(dialog).getByText('node2: put back its settings file from the backup.')).toBeTruthy();
    expect(engine.calls.some((c) => c.name === 'recover.start'), 'nothing started from the bar').toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(await within(dialog).findByText('Rolled back')).toBeTruthy();
    expect(engine.calls.filter((c) => c.name === 'recover.start')).toHaveLength(1);
  });

  it('no dialog and no bar when nothing was cut short', async () => {
    const engine = installFakeEngine({ 'recover.status': () => null });
    renderPage(<><RecoverDialog /><RecoverBar /></>, openProfile);
    await waitFor(() => expect(engine.calls.some((c) => c.name === 'recover.status')).toBe(true));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.queryByText(/No other apply to this cluster can start/)).toBeNull();
  });
});

describe('two wizards at once', () => {
  it("the Apply page shows the other wizard's lock refusal by name and since when", async () => {
    const reason = 'another wizard is changing this cluster: jane@ADMIN-PC (pid 4242, HA Wizard 0.1.0) since 2026-11-30T21:00:00.000Z, last heartbeat 2026-11-30T21:01:00.000Z (/etc/proget/.ha-wizard-cluster.lock); wait for it to finish';
    const engine = installFakeEngine({
      'recover.status': () => null,
      'apply.start': (i: CallInput<'apply.start'>) => {
        setTimeout(() => engine.emit('apply.done', { runId: i.runId, ok: true, report: { ...report('refused', reason), nodes: [] } }), 0);
        return { started: true as const };
      },
    });
    renderPage(<ApplyPage />, () => {
      openProfile();
      useWizard.setState({ plan: { status: 'ready', planId: 'plan-reviewed-1', plan: PLAN, inputKey: 'k', error: null } });
      wizard().goTo('apply');
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply changes…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('Apply refused: nothing was changed')).toBeTruthy();
    expect(screen.getByText(/jane@ADMIN-PC \(pid 4242, HA Wizard 0\.1\.0\) since 2026-11-30T21:00:00\.000Z/)).toBeTruthy();
  });
});
