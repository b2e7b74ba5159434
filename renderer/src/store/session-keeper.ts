/**
 * Keeping the session across a reload (session-persist.ts says what is kept and why no secret is):
 * `restoreSession` puts the kept draft and page back before the first render, `reattachRuns` reads the
 * runs it was following back from the engine and goes on following them, `keepSession` writes the
 * session on every change that matters.
 */
import { create } from 'zustand';
import { call } from '../api';
import { hashOf } from './input-hash';
import { reattachApply } from './apply-actions';
import { reattachChecks } from './check-actions';
import { IDLE_PLAN, type CheckRunState, type RunScope } from './run-types';
import { readSession, sessionOf, writeSession, type SavedSession } from './session-persist';
import { useWizard, wizard } from './wizard-store';

/** The secret keys the admin had typed before the reload (never their values): the wizard asks for them again. */
export const useRetype = create<{ keys: string[]; dismiss(): void }>()((set) => ({ keys: [], dismiss: () => set({ keys: [] }) }));

let restored: SavedSession | null = null;

export function restoreSession(storage: Storage): boolean {
  const kept = readSession(storage);
  if (!kept) return false;
  restored = kept;
  const runs: Partial<Record<RunScope, CheckRunState>> = {};
  for (const [scope, r] of Object.entries(kept.runs) as [RunScope, SavedSession['runs'][RunScope]][]) {
    if (r) runs[scope] = { ...r, status: 'running', started: 0, results: [], inventory: null, error: null, finishedAt: null };
  }
  useWizard.setState({
    draft: kept.draft, step: kept.step, furthest: kept.furthest, acceptedHostKeys: kept.acceptedHostKeys, allowedLocal: kept.allowedLocal,
    secrets: {}, runs, baseline: kept.baseline,
    plan: kept.plan ? { status: 'loading', planId: kept.plan.planId, plan: null, inputKey: kept.plan.inputKey, error: null } : IDLE_PLAN,
  });
  useRetype.setState({ keys: kept.retype });
  return true;
}

/** Reads back every run the restored session followed (call once the engine is there). */
export function reattachRuns(): Promise<unknown> {
  const kept = restored;
  restored = null;
  if (!kept) return Promise.resolve();
  const work: Promise<unknown>[] = [];
  for (const [scope, r] of Object.entries(kept.runs) as [RunScope, SavedSession['runs'][RunScope]][]) if (r) work.push(reattachChecks(scope, r.runId));
  if (kept.applyRunId) work.push(reattachApply(kept.applyRunId));
  if (kept.plan) {
    const { planId, inputKey } = kept.plan;
    work.push(call('plan.get', { planId }).then(({ plan }) => {
      if (wizard().plan.planId !== planId) return;
      useWizard.setState({ plan: plan ? { status: 'ready', planId, plan, inputKey, error: null } : IDLE_PLAN });
    }, () => useWizard.setState({ plan: IDLE_PLAN })));
  }
  return Promise.all(work);
}

/** Writes the session whenever what it keeps changes; returns the unsubscribe. */
export function keepSession(storage: Storage): () => void {
  let last = '';
  return useWizard.subscribe((s, prev) => {
    if (s.draft === prev.draft && s.secrets === prev.secrets && s.step === prev.step && s.runs === prev.runs && s.plan === prev.plan
      && s.apply.runId === prev.apply.runId && s.acceptedHostKeys === prev.acceptedHostKeys && s.allowedLocal === prev.allowedLocal && s.baseline === prev.baseline) return;
    const session = sessionOf(s, s.baseline);
    const key = hashOf(session);
    if (key === last) return;
    last = key;
    writeSession(storage, session);
  });
}
