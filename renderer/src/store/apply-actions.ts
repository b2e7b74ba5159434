/** Applying the reviewed plan (`apply.start`), its step events and its report folded into the store. */
import type { ApplyEvent, ApplyReport } from '../../../electron/shared/apply-schema';
import { call, errorText, newRunId, on } from '../api';
import { toProfile } from './profile-mapping';
import { markApplied } from './after-apply';
import { IDLE_APPLY, type ApplyState } from './run-types';
import { useWizard, wizard } from './wizard-store';

const MAX_LOG = 2000;

function patch(runId: string, f: (a: ApplyState) => Partial<ApplyState>): void {
  useWizard.setState((s) => (s.apply.runId === runId ? { apply: { ...s.apply, ...f(s.apply) } } : {}));
}

/** One apply event folded into a run's state (also used by the dashboard's add and remove flows, node-actions.ts). */
export function fold(a: ApplyState, e: ApplyEvent): Partial<ApplyState> {
  const at = new Date().toISOString();
  if (e.type === 'apply-log') return { log: [...a.log, { at, level: e.level, message: e.message }].slice(-MAX_LOG) };
  const key = e.nodeId ?? '';
  const line = { at, level: e.status === 'failed' ? 'error' as const : 'info' as const, message: `${e.nodeId ?? 'cluster'}: ${e.step} ${e.status}${e.detail ? ` — ${e.detail}` : ''}` };
  return {
    steps: { ...a.steps, [key]: { ...a.steps[key], [e.step]: { step: e.step, status: e.status, detail: e.detail } } },
    log: [...a.log, line].slice(-MAX_LOG),
  };
}

export function startApply(): void {
  const s = wizard();
  const { planId } = s.plan;
  if (!planId || s.apply.status === 'running') return;
  const runId = newRunId('apply');
  useWizard.setState({ apply: { ...IDLE_APPLY, status: 'running', runId } });
  const follow = followApply(runId);
  // The engine applies the plan it kept under planId (the one reviewed); the values the admin typed travel beside it.
  const { secrets } = toProfile(s.draft, s.secrets);
  call('apply.start', { runId, planId, secrets, allowLocalSecrets: s.allowedLocal, healthTimeoutSeconds: 120 }).catch((e: unknown) => {
    follow.stop();
    patch(runId, () => ({ status: 'error', error: errorText(e) }));
  });
}

type ApplyDone = { ok: true; report: ApplyReport } | { ok: false; error: string };

/** Folds the run's events and its end into the store; `held` events wait for a read-back (reattachApply). */
let following: { stop(): void } | null = null;

function followApply(runId: string, held = false) {
  // One run is followed at a time: a second follower would fold every event twice.
  following?.stop();
  let holding = held;
  const onDone = (p: ApplyDone) => {
    stop();
    patch(runId, () => (p.ok ? { status: 'done', report: p.report, error: null } : { status: 'error', report: null, error: p.error }));

    markApplied(p.ok ? p.report : null);
  };
  const offEvent = on('apply.event', (p) => {
    if (p.runId === runId && !holding) patch(runId, (a) => fold(a, p.event));
  });
  const offDone = on('apply.done', (p) => {
    if (p.runId === runId && !holding) onDone(p);
  });
  function stop() {
    offEvent();
    offDone();
  }
  following = { stop };
  const release = (events: ApplyEvent[], done: ApplyDone | null) => {
    holding = false;
    patch(runId, () => ({ steps: {}, log: [] }));
    for (const e of events) patch(runId, (a) => fold(a, e));
    if (done) onDone(done);
  };
  return { stop, release };
}

/**
 * After a reload: the apply run read back from the engine (`run.get`: every event so far and its end),
 * then followed live. Events that arrive before the answer are already in it (the transport keeps the
 * engine's order), so they are dropped.
 */
export async function reattachApply(runId: string): Promise<void> {
  useWizard.setState({ apply: { ...IDLE_APPLY, status: 'running', runId } });
  const follow = followApply(runId, true);
  try {
    const { run } = await call('run.get', { id: runId });
    if (run?.kind !== 'apply') {
      follow.stop();
      patch(runId, () => ({ status: 'error', error: 'The engine no longer has this apply run: it was dismissed or the app was restarted. Open the dashboard to see the cluster as it is now.' }));
      return;
    }
    follow.release(run.events, run.done);
  } catch (e) {
    follow.stop();
    patch(runId, () => ({ status: 'error', error: errorText(e) }));
  }
}

export function resetApply(): void {
  if (wizard().apply.status !== 'running') useWizard.setState({ apply: IDLE_APPLY });
}
