/**
 * An apply cut short (issue 15, helper "recover-desktop"): what the engine says about the opened cluster
 * (recover.status), whether the admin put the question off ("Not now": the bar shows it instead), and the
 * recovery run: the new plan for "Finish", then progress and outcome from apply.event / apply.done.
 */
import { create } from 'zustand';
import type { ApplyReport } from '../../../electron/shared/apply-schema';
import type { Plan } from '../../../electron/shared/plan-schema';
import type { RecoverStatus } from '../../../electron/shared/recover-status';
import { call, errorText, newRunId, on } from '../api';
import { toProfile } from './profile-mapping';
import { wizard } from './wizard-store';

export type RecoverStage = 'ask' | 'planning' | 'plan' | 'running' | 'done';

export interface RecoverState {
  status: RecoverStatus | null;
  /** The dialog is open (false after "Not now": the Dashboard and Apply show the bar). */
  open: boolean;
  stage: RecoverStage;
  action: 'finish' | 'rollback' | null;
  plan: { planId: string; plan: Plan } | null;
  lines: string[];
  report: ApplyReport | null;
  error: string | null;
}

const IDLE: RecoverState = { status: null, open: false, stage: 'ask', action: null, plan: null, lines: [], report: null, error: null };
export const useRecover = create<RecoverState>()(() => IDLE);
const set = (p: Partial<RecoverState>) => useRecover.setState(p);

function currentProfile() {
  const s = wizard();
  return { ...toProfile(s.draft, s.secrets), allowLocalSecrets: s.allowedLocal, acceptedHostKeys: s.acceptedHostKeys };
}

/** Asks the engine whether an apply to the opened cluster was cut short; opens the dialog when it was. */
export async function checkRecover(): Promise<void> {
  try {
    const status = await call('recover.status', { profile: currentProfile().profile });
    useRecover.setState(status ? { ...IDLE, status, open: true } : IDLE);
  } catch {
    // An incomplete or invalid profile: nothing can be said about its cluster yet.
    useRecover.setState(IDLE);
  }
}

export const putOff = () => set({ open: false });
/**
 * From the bar: the dialog again. Finish goes on to its new plan (nothing is applied before "Apply this plan");
 * Roll back opens at the question, rolled back by the dialog's own button: started straight from the bar, the
 * reopened dialog got aria-hidden="true" from tabster on the Dashboard once its outcome showed, its buttons gone
 * for screen readers (e2e/wizard/app-killed.lab.test.ts), and one click on the bar changed every server.
 */
export function reopen(action: 'finish' | 'rollback'): void {
  set({ open: true, stage: 'ask', action: null, plan: null, lines: [], report: null, error: null });
  if (action === 'finish') void planFinish();
}

/** Finish, first: a new plan from the profile, shown before anything is applied. */
export async function planFinish(): Promise<void> {
  set({ stage: 'planning', action: 'finish', error: null });
  const p = currentProfile();
  try {
    const { planId, plan } = await call('plan.create', p);
    set({ stage: 'plan', plan: { planId, plan } });
  } catch (e) {
    set({ stage: 'ask', error: `No plan could be made: ${errorText(e)}` });
  }
}

/** `breakLock`: the admin's word, after a refusal that named a stale cluster lock (the report's staleLock). */
export async function startRecover(action: 'finish' | 'rollback', o: { breakLock?: boolean } = {}): Promise<void> {
  const runId = newRunId('recover');
  const planId = useRecover.getState().plan?.planId;
  set({ stage: 'running', action, lines: [], report: null, error: null });
  const offEvent = on('apply.event', ({ runId: id, event: e }) => {
    if (id !== runId) return;
    const line = e.type === 'apply-log' ? e.message : `${e.nodeId ?? 'cluster'}: ${e.step} ${e.status}${e.status === 'failed' ? ` — ${e.detail}` : ''}`;
    set({ lines: [...useRecover.getState().lines, line] });
  });
  const offDone = on('apply.done', (d) => {
    if (d.runId !== runId) return;
    offEvent();
    offDone();
    set({ stage: 'done', report: d.ok ? d.report : null, error: d.ok ? null : d.error });
  });
  try {
    await call('recover.start', { runId, action, ...currentProfile(), ...(action === 'finish' && planId ? { planId } : {}), ...(o.breakLock ? { breakLock: true } : {}) });
  } catch (e) {
    offEvent();
    offDone();
    set({ stage: 'done', error: errorText(e) });
  }
}

/** Closing the dialog after a run: the engine is asked again (a finished recovery leaves nothing open). */
export async function closeRecover(): Promise<void> {
  const still = useRecover.getState().stage === 'done';
  set({ open: false });
  if (still) await checkRecover();
  if (useRecover.getState().status) set({ open: false });
}
