import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../../electron/shared/apply-schema';
import type { CallInput } from '../../../electron/shared/contract';
import { PLAN_SCHEMA_ID, type Plan, type PlanNode } from '../../../electron/shared/plan-schema';
import { ProfileSchema } from '../../../electron/shared/profile';
import { emptyNode } from '../store/draft-types';
import { wizard, useWizard } from '../store/wizard-store';
import { installFakeEngine, renderPage } from '../testing/fake-engine';
import ApplyPage from './apply-page';

afterEach(cleanup);

const node = (id: string, changed: boolean): PlanNode => ({
  id, host: `${id}.lab`, os: 'linux', configPath: '/etc/proget/proget.env', before: { exists: true, sha256: 'a'.repeat(64), bytes: 10 },
  changed, diff: changed ? '-old\n+new' : '', secretChangesOnly: false, steps: [],
});
const PROFILE = ProfileSchema.parse({
  version: 1, product: 'proget',
  nodes: ['node1', 'node2', 'node3'].map((id) => ({ id, host: `${id}.lab`, user: 'admin', os: 'linux', auth: { kind: 'password', password: { prompt: `ssh:${id}` } }, configPath: '/etc/proget/proget.env' })),
  database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget', password: { prompt: 'db' } },
  storage: { path: '/var/proget/packages' }, loadBalancer: { type: 'haproxy' },
});
const PLAN: Plan = {
  schema: PLAN_SCHEMA_ID, tool: { name: 'ha-wizard', version: '0.1.0' }, profile: PROFILE, profileHash: 'h', noChange: false,
  encryptionKey: { decision: 'keep', fingerprint: 'key:abc', reason: 'node1 has it' },
  warnings: [], nodes: [node('node1', true), node('node2', true), node('node3', false)], settings: [], loadBalancer: null, manualSteps: [],
};
const report = (patch: Partial<ApplyReport>): ApplyReport => ({
  status: 'applied', reason: null, settings: [], manualSteps: [], startedAt: '2026-11-30T10:00:00.000Z', finishedAt: '2026-11-30T10:01:00.000Z',
  nodes: [
    { id: 'node1', result: 'changed', backupPath: '/b/1', steps: [], manual: null },
    { id: 'node2', result: 'changed', backupPath: '/b/2', steps: [], manual: null },
    { id: 'node3', result: 'unchanged', backupPath: null, steps: [], manual: null },
  ],
  ...patch,
});

const atApply = () => {
  wizard().setDraft({ nodes: ['node1', 'node2', 'node3'].map((host) => ({ ...emptyNode('linux'), host: `${host}.lab`, user: 'admin' })) });
  useWizard.setState({ plan: { status: 'ready', planId: 'plan-reviewed-1', plan: PLAN, inputKey: 'k', error: null } });
  wizard().goTo('apply');
};

/** Apply changes…, then Apply in the dialog; returns the apply.start input the engine got. */
async function confirmApply(engine: ReturnType<typeof installFakeEngine>): Promise<CallInput<'apply.start'>> {
  fireEvent.click(screen.getByRole('button', { name: 'Apply changes…' }));
  expect(await screen.findByText(/This changes 2 servers, one at a time/)).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
  await waitFor(() => expect(engine.calls.some((c) => c.name === 'apply.start')).toBe(true));
  const start = engine.calls.find((c) => c.name === 'apply.start');
  return start?.input as CallInput<'apply.start'>;
}

/** The engine's word that the run ended with this report (apply.done). */
const applyDone = (engine: ReturnType<typeof installFakeEngine>, input: CallInput<'apply.start'>, patch: Partial<ApplyReport>) =>
  act(() => engine.emit('apply.done', { runId: input.runId, ok: true, report: report(patch) }));

/** The page at Apply with an engine that starts it, confirmed: the engine and the run's input. */
async function startApply() {
  const engine = installFakeEngine({ 'apply.start': () => ({ started: true }) });
  renderPage(<ApplyPage />, atApply);
  return { engine, input: await confirmApply(engine) };
}

describe('Apply page', () => {
  it('applies exactly the plan reviewed (by its id), shows each step as it comes, then the outcome and the steps left by hand', async () => {
    const engine = installFakeEngine({ 'apply.start': () => ({ started: true }) });
    renderPage(<ApplyPage />, atApply);
    expect(screen.getByText(/This changes 2 servers \(node1, node2\), one at a time/)).toBeTruthy();

    const input = await confirmApply(engine);
    expect(input.planId).toBe('plan-reviewed-1');
    expect(input).not.toHaveProperty('plan');
    // Disabled but focusable (Fluent's disabledFocusable), so a screen reader still finds it.
    expect(screen.getByRole('button', { name: 'Applying…' }).getAttribute('aria-disabled')).toBe('true');

    act(() => {
      engine.emit('apply.event', { runId: input.runId, event: { type: 'apply-step', nodeId: 'node1', step: 'backup', status: 'done', detail: 'to /b/1' } });
      engine.emit('apply.event', { runId: 'someone-else', event: { type: 'apply-log', level: 'error', message: 'not ours' } });
    });
    expect(await screen.findByText(/node1: backup done — to \/b\/1/)).toBeTruthy();
    expect(screen.queryByText(/not ours/)).toBeNull();

    applyDone(engine, input, { manualSteps: [{ title: 'Switch high availability on', detail: 'In ProGet: Admin > HA.', url: null }] });
    expect(await screen.findByText(/Configured node1, node2: each was backed up/)).toBeTruthy();
    expect(screen.getByText('Now, by hand')).toBeTruthy();
    expect(screen.getByText('Switch high availability on.')).toBeTruthy();
    expect(screen.getByText(/In ProGet: Admin > HA./)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next: dashboard' })).toBeTruthy();
  });

  it('a rollback says which servers were restored, and leads back to review', async () => {
    const { engine, input } = await startApply();
    applyDone(engine, input, {
      status: 'rolled-back', reason: 'node2 did not report healthy within 120 s',
      nodes: [
        { id: 'node1', result: 'restored', backupPath: '/b/1', steps: [], manual: null },
        { id: 'node2', result: 'restored', backupPath: '/b/2', steps: [], manual: null },
        { id: 'node3', result: 'unchanged', backupPath: null, steps: [], manual: null },
      ],
    });
    expect(await screen.findByText(/node2 did not report healthy within 120 s\. Every server that was touched was restored/)).toBeTruthy();
    expect(screen.getByText(/restored node1, node2\./)).toBeTruthy();
    expect(screen.queryByText('Now, by hand')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Back to review' }));
    expect(wizard().step).toBe('review');
    expect(wizard().apply.status).toBe('idle');
  });

  it('a rollback that left the cluster lock behind says so under "Now, by hand", and nothing of the plan\'s own steps', async () => {
    const { engine, input } = await startApply();
    const lock = 'The cluster lock /etc/proget.env.ha-wizard-lock on node1 could not be removed (Permission denied). Delete it by hand.';
    applyDone(engine, input, {
      status: 'rolled-back', reason: 'node2: disk full',
      nodes: [
        { id: 'node1', result: 'restored', backupPath: '/b/1', steps: [], manual: null },
        { id: 'node2', result: 'untouched', backupPath: null, steps: [], manual: null },
        { id: 'node3', result: 'unchanged', backupPath: null, steps: [], manual: null },
      ],
      manualSteps: [{ title: 'Remove the cluster lock', detail: lock, url: null }],
    });
    await screen.findByText('Rolled back');
    const section = screen.getByRole('region', { name: 'Now, by hand' });
    expect(within(section).getByText('Remove the cluster lock.')).toBeTruthy();
    expect(within(section).getByText(lock)).toBeTruthy();
    expect(screen.queryByText(/does not switch high availability on itself/)).toBeNull();
  });

  it('a refusal from the engine (an unknown or forgotten plan id) is shown in words, not lost', async () => {
    const engine = installFakeEngine();
    engine.failCall = { 'apply.start': { kind: 'refused', message: 'no reviewed plan plan-reviewed-1: review the changes again' } };
    renderPage(<ApplyPage />, atApply);
    await confirmApply(engine);
    expect(await screen.findByText(/no reviewed plan plan-reviewed-1: review the changes again/)).toBeTruthy();
    expect(screen.getByText('Apply stopped')).toBeTruthy();
  });

  it('without a reviewed plan there is nothing to apply', () => {
    installFakeEngine();
    renderPage(<ApplyPage />, () => wizard().goTo('apply'));
    expect(screen.getByText(/There is no reviewed plan yet/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Apply changes…' })).toBeNull();
  });

  it('Back is disabled while Apply runs, and available again once it ended', async () => {
    const engine = installFakeEngine({ 'apply.start': () => ({ started: true }) });
    renderPage(<ApplyPage />, atApply);
    expect(screen.getByRole('button', { name: 'Back' }).getAttribute('aria-disabled')).toBeNull();
    const input = await confirmApply(engine);
    const back = screen.getByRole('button', { name: 'Back' });
    expect(back.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(back);
    expect(wizard().step).toBe('apply');
    act(() => engine.emit('apply.done', { runId: input.runId, ok: true, report: report({}) }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Back' }).getAttribute('aria-disabled')).toBeNull());
  });

  it('a double-click on "Apply changes…" opens the confirmation once, and it stays open', async () => {
    installFakeEngine({ 'apply.start': () => ({ started: true }) });
    renderPage(<ApplyPage />, atApply);
    const button = screen.getByRole('button', { name: 'Apply changes…' });
    fireEvent.click(button);
    await screen.findByText(/This changes 2 servers, one at a time/);
    // The second click lands where the button was: now the dialog's backdrop.
    const backdrop = document.querySelector('.fui-DialogSurface__backdrop');
    expect(backdrop).not.toBeNull();
    fireEvent.click(backdrop!);
    fireEvent.dblClick(backdrop!);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getAllByText(/This changes 2 servers, one at a time/)).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Apply' })).toBeTruthy();
  });

  it('after the run no cell says "Waiting": a step never started was not reached', async () => {
    const { engine, input } = await startApply();
    act(() => {
      engine.emit('apply.event', { runId: input.runId, event: { type: 'apply-step', nodeId: 'node1', step: 'backup', status: 'done', detail: '' } });
      engine.emit('apply.event', { runId: input.runId, event: { type: 'apply-step', nodeId: 'node1', step: 'write', status: 'failed', detail: 'disk full' } });
    });
    expect(screen.getAllByText('Waiting').length).toBeGreaterThan(0);
    applyDone(engine, input, { status: 'rolled-back', reason: 'node1: disk full', nodes: [
        { id: 'node1', result: 'restored', backupPath: '/b/1', steps: [], manual: null },
        { id: 'node2', result: 'untouched', backupPath: null, steps: [], manual: null },
        { id: 'node3', result: 'unchanged', backupPath: null, steps: [], manual: null },
      ] });
    await screen.findByText('Rolled back');
    expect(screen.queryByText('Waiting')).toBeNull();
    expect(within(screen.getByTestId('apply-node-node2')).getAllByText('Not reached')).toHaveLength(4);
  });

  it('a failed rollback says first what is left, where and how; the service\'s raw output is folded below', async () => {
    const { engine, input } = await startApply();
    const manual = 'On node2 (node2.lab): /etc/proget/proget.env is already back as it was before apply; only the service did not start. Find why in the service\'s log below, then restart the product\'s service (systemctl restart proget) and check http://node2.lab:8624/health.';
    applyDone(engine, input, { status: 'rollback-failed', reason: `node2: restart failed: the service did not start: ${'proget[812]: a raw log line '.repeat(12)}`, nodes: [
        { id: 'node1', result: 'restored', backupPath: '/b/1', steps: [], manual: null },
        { id: 'node2', result: 'rollback-failed', backupPath: '/b/2', steps: [], manual, log: 'the service did not start: Job for proget.service failed.\nproget[812]: Unhandled exception' },
        { id: 'node3', result: 'unchanged', backupPath: null, steps: [], manual: null },
      ] });
    const outcome = await screen.findByTestId('apply-outcome');
    expect(outcome.textContent).toMatch(/^The rollback did not finish: one thing is left for you to do/);
    expect(within(outcome).getByText(manual)).toBeTruthy();
    expect(outcome.textContent).toContain('Restored from their backups: node1.');
    // The reason's raw service output is cut in the summary, and there in full, folded.
    expect(outcome.textContent).toMatch(/Why apply stopped: node2: restart failed: the service did not start: proget\[812\]: a raw log line .{0,140}… \(in full below\)\./);
    expect(screen.queryAllByText(/a raw log line/)).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Why apply stopped, in full' }));
    expect(await screen.findByText(/^node2: restart failed: the service did not start: (proget\[812\]: a raw log line ?){12}$/)).toBeTruthy();
    // Summary before the table: what is left is read first.
    const table = screen.getByRole('table', { name: 'Progress per server' });
    expect(outcome.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // The raw output is there, folded: not shown until asked for.
    expect(screen.queryByText(/Unhandled exception/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /What node2 reported/ }));
    expect(await screen.findByText(/Unhandled exception/)).toBeTruthy();
  });
});
