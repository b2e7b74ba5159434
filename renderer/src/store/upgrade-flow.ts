/**
 * The dashboard's upgrade flow (issue 14): the admin's choices, the engine's preflight and plan
 * (`upgrade.plan`), and the run (`upgrade.start`, then `upgrade.event`s and one `upgrade.done`). Its own
 * store, outside any component: a running upgrade survives the dialog being closed, hidden or re-rendered,
 * and the dialog opens again on it; after a reload of the window, upgrade-reattach.ts reads it back.
 */
import { create } from 'zustand';
import type { CallOutput } from '../../../electron/shared/contract';
import type { UpgradeEvent, UpgradeMode, UpgradeReport } from '../../../electron/shared/upgrade-schema';
import { call, errorText, newRunId, on } from '../api';
import { toProfile } from './profile-mapping';
import { wizard } from './wizard-store';

export type UpgradeStage = 'choose' | 'preflight' | 'review' | 'run';
export type StepStatus = 'started' | 'done' | 'failed' | 'skipped';

export interface StepProgress { status: StepStatus; detail: string }

export interface UpgradeRun {
  status: 'idle' | 'running' | 'done' | 'error';
  runId: string | null;
  /** The plan's steps as the events said, by step id. */
  steps: Record<string, StepProgress>;
  /** The rollback's steps (undoing a step), in the order they came. */
  undo: { stepId: string; status: StepStatus; detail: string }[];
  /** The engine's warnings and errors along the way. */
  log: { level: 'info' | 'warn' | 'error'; message: string }[];
  report: UpgradeReport | null;
  reportPath: string | null;
  error: string | null;
}

export interface UpgradeFlow {
  open: boolean;
  stage: UpgradeStage;
  to: string;
  mode: UpgradeMode;
  backupDir: string;
  plan: { status: 'idle' | 'loading' | 'ready' | 'error'; answer: CallOutput<'upgrade.plan'> | null; error: string | null };
  /** The admin said they read the outage (or mixed-version) sentence. */
  confirmed: boolean;
  /** The admin asked to close while the upgrade runs: the dialog asks first. */
  askingToClose: boolean;
  run: UpgradeRun;
}

export const IDLE_RUN: UpgradeRun = { status: 'idle', runId: null, steps: {}, undo: [], log: [], report: null, reportPath: null, error: null };
const initial = (): UpgradeFlow => ({
  open: false, stage: 'choose', to: '', mode: 'coordinated', backupDir: '',
  plan: { status: 'idle', answer: null, error: null }, confirmed: false, askingToClose: false, run: IDLE_RUN,
});

export const useUpgrade = create<UpgradeFlow>()(() => initial());
const state = () => useUpgrade.getState();
const set = (patch: Partial<UpgradeFlow>) => useUpgrade.setState(patch);

export function resetUpgrade(): void {
  following?.stop();
  dismissedRuns.clear();
  useUpgrade.setState(initial());
}

export const isRunning = (f: UpgradeFlow = state()) => f.run.status === 'running';
/** Whether an upgrade is under way: the dashboard's other actions wait for it (upgrade-busy-note.tsx says why). */
export const useUpgradeRunning = () => useUpgrade((f) => f.run.status === 'running');

/** Runs the admin put away (their outcome closed): the engine was told to forget them, and they are not shown again. */
export const dismissedRuns = new Set<string>();

export function openUpgrade(): void {
  // A run that is going on, or ended and not yet looked at, is shown again as it is.
  if (state().run.status !== 'idle') return set({ open: true });
  set({ ...initial(), open: true, to: state().to, backupDir: state().backupDir, mode: state().mode });
}

/** Escape, the close button or "Back to the dashboard": while the upgrade runs, asks first. */
export function requestClose(): void {
  if (isRunning()) return set({ askingToClose: true });
  closeUpgrade();
}

export function keepWatching(): void {
  set({ askingToClose: false });
}

/**
 * Closes the dialog; a running upgrade goes on and "Upgrade…" shows it again. An ended run is put away,
 * and the engine forgets it too (`run.dismiss`): a reload no longer comes back to it.
 */
export function closeUpgrade(): void {
  const { run } = state();
  const ended = run.status === 'done' || run.status === 'error';
  if (ended && run.runId) {
    dismissedRuns.add(run.runId);
    // Best effort: a run the engine never kept (refused at start) or already forgot answers false.
    void call('run.dismiss', { id: run.runId }).catch(() => undefined);
  }
  set(ended ? { ...initial(), to: '', backupDir: state().backupDir } : { open: false, askingToClose: false });
}

export function setChoice(patch: Partial<Pick<UpgradeFlow, 'to' | 'mode' | 'backupDir'>>): void {
  // A plan is of the choices it was made for: changing one forgets it.
  set({ ...patch, plan: { status: 'idle', answer: null, error: null }, confirmed: false });
}

export function setConfirmed(confirmed: boolean): void {
  set({ confirmed });
}

export function goToStage(stage: Exclude<UpgradeStage, 'run'>): void {
  if (!isRunning()) set({ stage });
}

/** What every call that reaches the servers carries: the cluster as it runs, the typed secrets, allowed files, accepted keys. */
function reach() {
  const s = wizard();
  const { profile, secrets } = toProfile(s.draft, s.secrets);
  return { profile, secrets, allowLocalSecrets: s.allowedLocal, acceptedHostKeys: s.acceptedHostKeys };
}

/** Preflight and, when it passes, the plan: nothing is changed on any server. */
export async function checkAndPlan(): Promise<void> {
  const { to, mode, backupDir } = state();
  set({ stage: 'preflight', confirmed: false, plan: { status: 'loading', answer: null, error: null } });
  try {
    const answer = await call('upgrade.plan', { ...reach(), to, mode, backupDir: backupDir.trim() });
    // The admin may have changed a choice meanwhile: that answer is of other choices.
    if (state().to !== to || state().mode !== mode || state().backupDir !== backupDir) return;
    set({ plan: { status: 'ready', answer, error: null } });
  } catch (e) {
    set({ plan: { status: 'error', answer: null, error: errorText(e) } });
  }
}

function fold(run: UpgradeRun, e: UpgradeEvent): Partial<UpgradeRun> {
  switch (e.type) {
    case 'upgrade-step': return { steps: { ...run.steps, [e.stepId]: { status: e.status, detail: e.detail } } };
    case 'upgrade-undo': {
      const i = run.undo.findIndex((u) => u.stepId === e.stepId);
      const row = { stepId: e.stepId, status: e.status, detail: e.detail };
      return { undo: i < 0 ? [...run.undo, row] : run.undo.map((u, j) => (j === i ? row : u)) };
    }
    case 'upgrade-log': return e.level === 'info' ? {} : { log: [...run.log, { level: e.level, message: e.message }] };
  }
}

type UpgradeDone = { ok: true; report: UpgradeReport; reportPath: string | null } | { ok: false; error: string };

/** The run followed now: one at a time, or every event would be folded twice. */
let following: { stop(): void } | null = null;

/**
 * Folds a run's events and its end into the store. `held`: events wait until a read-back (`run.get`,
 * upgrade-reattach.ts) is folded by `release`; those that came meanwhile are already in it (the transport
 * keeps the engine's order), so they are dropped.
 */
export function followUpgrade(runId: string, held = false): { stop(): void; release(events: UpgradeEvent[], done: UpgradeDone | null): void } {
  following?.stop();
  let holding = held;
  const patch = (g: (r: UpgradeRun) => Partial<UpgradeRun>) =>
    useUpgrade.setState((s) => (s.run.runId === runId ? { run: { ...s.run, ...g(s.run) } } : {}));
  const onDone = (p: UpgradeDone) => {
    stop();
    patch(() => (p.ok ? { status: 'done', report: p.report, reportPath: p.reportPath, error: null } : { status: 'error', error: p.error }));
    // Nothing left to ask about once it ended.
    set({ askingToClose: false });
  };
  const offEvent = on('upgrade.event', (p) => {
    if (p.runId === runId && !holding) patch((r) => fold(r, p.event));
  });
  const offDone = on('upgrade.done', (p) => {
    if (p.runId === runId && !holding) onDone(p);
  });
  function stop() {
    offEvent();
    offDone();
    if (following === handle) following = null;
  }
  const handle = {
    stop,
    release(events: UpgradeEvent[], done: UpgradeDone | null) {
      holding = false;
      patch(() => ({ steps: {}, undo: [], log: [] }));
      for (const e of events) patch((r) => fold(r, e));
      if (done) onDone(done);
    },
  };
  following = handle;
  return handle;
}

/** Runs exactly the reviewed plan; resolves when the engine took it (the events follow). */
export async function startUpgrade(): Promise<void> {
  const f = state();
  const planId = f.plan.answer?.planId;
  if (!planId || !f.confirmed || isRunning()) return;
  const runId = newRunId('upgrade');
  set({ stage: 'run', run: { ...IDLE_RUN, status: 'running', runId } });
  const follow = followUpgrade(runId);
  const { secrets, allowLocalSecrets, acceptedHostKeys } = reach();
  try {
    await call('upgrade.start', { runId, planId, secrets, allowLocalSecrets, acceptedHostKeys });
  } catch (e) {
    follow.stop();
    useUpgrade.setState((s) => (s.run.runId === runId ? { run: { ...s.run, status: 'error', error: errorText(e) } } : {}));
  }
}
