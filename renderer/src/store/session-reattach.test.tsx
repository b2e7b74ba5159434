/**
 * A reload mid-run: the Apply page (and a page's check run) is rebuilt from what the engine kept
 * (`run.get`: every event so far, then the outcome) and goes on with the live events; an event that
 * reached the window before the read-back is not folded twice. The pages, store and session code are
 * the real ones; the engine is the fake (its events and answers in the order a transport keeps).
 */
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../../electron/shared/apply-schema';
import { PLAN_SCHEMA_ID, type Plan } from '../../../electron/shared/plan-schema';
import { ProfileSchema } from '../../../electron/shared/profile';
import type { KeptRun } from '../../../electron/shared/run-record-schema';
import ApplyPage from '../pages/apply-page';
import { installFakeEngine, renderPage, result } from '../testing/fake-engine';
import { emptyNode } from './draft-types';
import { IDLE_APPLY } from './run-types';
import { keepSession, reattachRuns, restoreSession } from './session-keeper';
import { useWizard, wizard } from './wizard-store';

const PROFILE = ProfileSchema.parse({
  version: 1, product: 'proget',
  nodes: ['node1', 'node2'].map((id) => ({ id, host: `${id}.lab`, user: 'admin', os: 'linux', auth: { kind: 'password', password: { prompt: `ssh:${id}` } }, configPath: '/etc/proget/proget.env' })),
  database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget', password: { prompt: 'db' } },
  storage: { path: '/var/proget/packages' }, loadBalancer: { type: 'haproxy' },
});
const plannedNode = (id: string) => ({
  id, host: `${id}.lab`, os: 'linux' as const, configPath: '/etc/proget/proget.env', before: { exists: true, sha256: 'a'.repeat(64), bytes: 10 },
  changed: true, diff: '-old\n+new', secretChangesOnly: false, steps: [],
});
const PLAN: Plan = {
  schema: PLAN_SCHEMA_ID, tool: { name: 'ha-wizard', version: '0.1.0' }, profile: PROFILE, profileHash: 'h', noChange: false,
  encryptionKey: { decision: 'keep', fingerprint: 'key:abc', reason: 'node1 has it' }, nodes: [plannedNode('node1'), plannedNode('node2')], settings: [], loadBalancer: null, manualSteps: [], warnings: [],
};
const EARLY: ApplyEvent[] = [
  { type: 'apply-step', nodeId: 'node1', step: 'backup', status: 'done', detail: 'to /b/1' },
  { type: 'apply-log', level: 'info', message: 'node1 written' },
];

let stop: () => void = () => undefined;
beforeEach(() => sessionStorage.clear());
afterEach(() => {
  stop();
  cleanup();
});

/** The window before the reload: at Apply, with an apply under way, its session kept. */
function beforeReload(): void {
  wizard().reset();
  stop = keepSession(sessionStorage);
  wizard().setDraft({ nodes: ['node1', 'node2'].map((h) => ({ ...emptyNode('linux'), host: `${h}.lab`, user: 'admin' })) });
  useWizard.setState({ plan: { status: 'ready', planId: 'plan-reviewed-1', plan: PLAN, inputKey: 'k', error: null } });
  wizard().goTo('apply');
  useWizard.setState({ apply: { ...IDLE_APPLY, status: 'running', runId: 'apply-run-1' } });
  stop();
}

describe('after a reload', () => {
  it('the Apply page comes back with its progress, then follows the run to its outcome; nothing is folded twice', async () => {
    beforeReload();
    const engine = installFakeEngine({
      'plan.get': () => ({ plan: PLAN }),
      'run.get': () => {
        // An event the engine sent just before it answered: already in the answer, and it reaches the window first.
        engine.emit('apply.event', { runId: 'apply-run-1', event: EARLY[1]! });
        const run: KeptRun = { kind: 'apply', runId: 'apply-run-1', planId: 'plan-reviewed-1', startedAt: '2026-11-30T10:00:00Z', events: EARLY, done: null };
        return { run };
      },
    });
    // The reload: a fresh store, then what was kept, then the runs read back.
    renderPage(<ApplyPage />, () => expect(restoreSession(sessionStorage)).toBe(true));
    expect(wizard().step).toBe('apply');
    await act(async () => { await reattachRuns(); });
    expect(engine.calls.filter((c) => c.name === 'run.get').map((c) => c.input)).toEqual([{ id: 'apply-run-1' }]);
    expect(await screen.findByText(/node1: backup done — to \/b\/1/)).toBeTruthy();
    expect(wizard().apply.status).toBe('running');
    expect(wizard().apply.log.filter((l) => l.message === 'node1 written')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Applying…' })).toBeTruthy();

    act(() => {
      engine.emit('apply.event', { runId: 'apply-run-1', event: { type: 'apply-step', nodeId: 'node2', step: 'backup', status: 'done', detail: 'to /b/2' } });
      engine.emit('apply.done', {
        runId: 'apply-run-1', ok: true,
        report: {
          status: 'applied', reason: null, settings: [], manualSteps: [], startedAt: '2026-11-30T10:00:00.000Z', finishedAt: '2026-11-30T10:01:00.000Z',
          nodes: [{ id: 'node1', result: 'changed', backupPath: '/b/1', steps: [], manual: null }, { id: 'node2', result: 'changed', backupPath: '/b/2', steps: [], manual: null }],
        },
      });
    });
    expect(await screen.findByText(/node2: backup done — to \/b\/2/)).toBeTruthy();
    expect(await screen.findByText(/Configured node1, node2/)).toBeTruthy();
    expect(wizard().apply.status).toBe('done');
  });

  it('an apply the engine no longer keeps says so instead of spinning for ever', async () => {
    beforeReload();
    installFakeEngine({ 'plan.get': () => ({ plan: null }), 'run.get': () => ({ run: null }) });
    wizard().reset();
    restoreSession(sessionStorage);
    await reattachRuns();
    expect(wizard().apply).toMatchObject({ status: 'error', error: expect.stringMatching(/no longer has this apply run/) });
    expect(wizard().plan.status).toBe('idle');
  });

  it("a page's check run comes back with its results, and a finished one with its outcome", async () => {
    wizard().reset();
    stop = keepSession(sessionStorage);
    wizard().setDraft({ storagePath: '/mnt/proget' });
    useWizard.setState({
      runs: { storage: { runId: 'storage-1', status: 'running', inputKey: 'k', started: 1, results: [], expected: 2, inventory: null, error: null, startedAt: '2026-11-30T10:00:00Z', finishedAt: null } },
    });
    stop();
    const results = [result('storage.writable', 'pass', { area: 'storage' }), result('storage.same-share', 'warn', { area: 'storage' })];
    installFakeEngine({
      'run.get': () => ({
        run: {
          kind: 'checks', runId: 'storage-1', startedAt: '2026-11-30T10:00:00Z',
          events: [{ type: 'check-started', id: 'storage.writable', target: 'cluster' }, { type: 'check-finished', result: results[0]! }],
          done: { ok: true, output: { results, summary: { pass: 1, warn: 1, fail: 0, skip: 0 }, startedAt: '2026-11-30T10:00:00Z', finishedAt: '2026-11-30T10:00:02Z', handshakes: {}, inventory: [] } },
        },
      }),
    });
    wizard().reset();
    restoreSession(sessionStorage);
    expect(wizard().runs.storage?.status).toBe('running');
    await reattachRuns();
    await waitFor(() => expect(wizard().runs.storage?.status).toBe('done'));
    expect(wizard().runs.storage).toMatchObject({ runId: 'storage-1', started: 1, results, inputKey: 'k' });
  });
});
