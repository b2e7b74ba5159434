/** Starting a check run for a page, and folding its streamed events into the store. */
import { call, errorText, newRunId, on } from '../api';
import { expectedResults } from '../../../electron/shared/check-catalog';
import type { CheckEvent, CheckRunSummary } from '../../../electron/shared/check-run-schema';
import { toProfile } from './profile-mapping';
import type { CheckRunState, RunScope } from './run-types';
import { readBeforeApply } from './after-apply';
import { SCOPE_CHECKS, scopeInputKey } from './scope-input';
import { useWizard, wizard } from './wizard-store';

function patchRun(scope: RunScope, runId: string, patch: (r: CheckRunState) => Partial<CheckRunState>): void {
  useWizard.setState((s) => {
    const r = s.runs[scope];
    if (!r || r.runId !== runId) return {};
    return { runs: { ...s.runs, [scope]: { ...r, ...patch(r) } } };
  });
}

/** Starts `scope`'s checks; resolves when the run is done (its results are in the store). */
export function runChecks(scope: RunScope, only: string[] | undefined = SCOPE_CHECKS[scope]): Promise<void> {
  const s = wizard();
  const { profile, secrets } = toProfile(s.draft, s.secrets);
  const runId = newRunId(scope.replace(/[^a-z]/g, ''));
  const run: CheckRunState = {
    runId, status: 'running', inputKey: scopeInputKey(scope, s), started: 0, results: [],
    expected: expectedResults(profile.nodes.length, only), inventory: null, error: null, startedAt: new Date().toISOString(), finishedAt: null,
    ...(only && scope === 'review' ? { only } : {}),
  };
  useWizard.setState((st) => ({ runs: { ...st.runs, [scope]: run } }));

  return new Promise<void>((resolve) => {
    const follow = followChecks(scope, runId, resolve);
    call('checks.run', { runId, profile, secrets, allowLocalSecrets: s.allowedLocal, acceptedHostKeys: s.acceptedHostKeys, ...(only ? { only } : {}) })
      .catch((e: unknown) => follow.finish({ status: 'error', error: errorText(e) }));
  });
}

/**
 * Folds a run's events and its end into the store. Subscribed before the run starts (or before it is
 * read back), so no event is missed; `held` events wait until a read-back has been folded (see reattach).
 */
const following: Partial<Record<RunScope, { finish(patch: Partial<CheckRunState>): void }>> = {};

function followChecks(scope: RunScope, runId: string, resolve: () => void, held = false) {
  // One run per page is followed: a run replaced by a newer one is let go (its own patches no longer match).
  following[scope]?.finish({});
  let holding = held;
  const onEvent = (e: CheckEvent) => {
    if (e.type === 'check-started') patchRun(scope, runId, (r) => ({ started: r.started + 1 }));
    else patchRun(scope, runId, (r) => ({ results: [...r.results.filter((x) => !(x.id === e.result.id && x.target === e.result.target)), e.result] }));
  };
  const onDone = (p: ChecksDone) => {
    if (!p.ok) return finish(p.cancelled ? { status: 'error', cancelled: true, error: 'You cancelled these checks before they finished: their connections are closed and their test files removed.' } : { status: 'error', error: p.error });
    const out = p.output;
    useWizard.setState((st) => ({ inventory: { ...st.inventory, ...Object.fromEntries(out.inventory.map((i) => [i.nodeId, i])) } }));
    finish({ status: 'done', results: out.results, inventory: out.inventory });
  };
  const offEvent = on('checks.event', (p) => {
    if (p.runId === runId && !holding) onEvent(p.event);
  });
  const offDone = on('checks.done', (p) => {
    if (p.runId === runId && !holding) onDone(p);
  });
  function finish(patch: Partial<CheckRunState>) {
    if (following[scope]?.finish === finish) delete following[scope];
    offEvent();
    offDone();
    patchRun(scope, runId, () => ({ ...patch, finishedAt: new Date().toISOString() }));
    resolve();
  }
  following[scope] = { finish };
  /** Folds what the engine kept, then lets live events through. */
  const release = (events: CheckEvent[], done: ChecksDone | null) => {
    holding = false;
    patchRun(scope, runId, () => ({ started: 0, results: [] }));
    for (const e of events) onEvent(e);
    if (done) onDone(done);
  };
  return { finish, release };
}

type ChecksDone = { ok: true; output: CheckRunSummary } | { ok: false; error: string; cancelled?: true };

/**
 * After a reload: the page's run, read back from the engine (`run.get`) and followed to its end. The
 * transport delivers events and answers in the order the engine sent them, so an event that arrives
 * before the answer is already in it: such events are held and dropped, and only later ones are folded.
 */
export async function reattachChecks(scope: RunScope, runId: string): Promise<void> {
  await new Promise<void>((resolve) => {
    const follow = followChecks(scope, runId, resolve, true);
    call('run.get', { id: runId }).then(({ run }) => {
      if (run?.kind !== 'checks') {
        // The engine no longer keeps it: the page simply has no run.
        follow.finish({});
        useWizard.setState((st) => (st.runs[scope]?.runId === runId ? { runs: Object.fromEntries(Object.entries(st.runs).filter(([k]) => k !== scope)) } : {}));
        return;
      }
      follow.release(run.events, run.done);
    }, (e: unknown) => follow.finish({ status: 'error', error: errorText(e) }));
  });
}

/** The page's last run and whether it still matches the form and the servers (an apply since makes it stale). */
export function runView(scope: RunScope) {
  const s = wizard();
  const run = s.runs[scope] ?? null;
  return { run, stale: !!run && (run.inputKey !== scopeInputKey(scope, s) || readBeforeApply(run, s.appliedAt)) };
}

/** Runs `scope` unless a run with the same input is under way or done (page entry; StrictMode mounts twice). */
export function ensureRun(scope: RunScope): void {
  const { run, stale } = runView(scope);
  if (run && !stale && run.status !== 'error') return;
  void runChecks(scope);
}

/** Cancels `scope`'s running check run (the engine closes its sessions and removes its test files). */
export async function cancelChecks(scope: RunScope): Promise<void> {
  const r = wizard().runs[scope];
  if (r?.status === 'running') await call('checks.cancel', { runId: r.runId });
}
