/** Applying the reviewed plan (`apply.start`), its step events and its report folded into the store. */
import type { ApplyEvent } from '../../../electron/shared/apply-schema';
import { call, errorText, newRunId, on } from '../api';
import { toProfile } from './profile-mapping';
import { markApplied } from './after-apply';
import { IDLE_APPLY, type ApplyState } from './run-types';
import { useWizard, wizard } from './wizard-store';

const MAX_LOG = 2000;

function patch(runId: string, f: (a: ApplyState) => Partial<ApplyState>): void {
  useWizard.setState((s) => (s.apply.runId === runId ? { apply: { ...s.apply, ...f(s.apply) } } : {}));
}

function fold(a: ApplyState, e: ApplyEvent): Partial<ApplyState> {
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
  const offEvent = on('apply.event', (p) => {
    if (p.runId === runId) patch(runId, (a) => fold(a, p.event));
  });
  const offDone = on('apply.done', (p) => {
    if (p.runId !== runId) return;
    offEvent();
    offDone();
    patch(runId, () => (p.ok ? { status: 'done', report: p.report, error: null } : { status: 'error', report: null, error: p.error }));
    markApplied(p.ok ? p.report : null);
  });
  // The engine applies the plan it kept under planId (the one reviewed); the values the admin typed travel beside it.
  const { secrets } = toProfile(s.draft, s.secrets);
  call('apply.start', { runId, planId, secrets, allowLocalSecrets: s.allowedLocal, healthTimeoutSeconds: 120 }).catch((e: unknown) => {
    offEvent();
    offDone();
    patch(runId, () => ({ status: 'error', error: errorText(e) }));
  });
}

export function resetApply(): void {
  if (wizard().apply.status !== 'running') useWizard.setState({ apply: IDLE_APPLY });
}
