/** What the engine told us, kept in memory: check runs, the plan, the apply run and health. */
import type { ApplyEvent, ApplyReport, ApplyStepName } from '../../../electron/shared/apply-schema';
import type { CheckResult, NodeInventory } from '../../../electron/shared/check-run-schema';
import type { ClusterHealthSnapshot } from '../../../electron/shared/health-snapshot';
import type { Plan } from '../../../electron/shared/plan-schema';

export type { ApplyEvent, ApplyReport, ApplyStepName, CheckResult, ClusterHealthSnapshot, NodeInventory, Plan };

/** Each page keeps its own last run, so Back and Next show what was found. */
export type RunScope = 'servers' | 'database' | 'storage' | 'encryption' | 'load-balancer' | 'review';

export interface CheckRunState {
  runId: string;
  status: 'running' | 'done' | 'error';
  /** What the run was given (profile section + secrets), to tell when results no longer match the form. */
  inputKey: string;
  /** (id, target) pairs started and finished so far, for the progress bar. */
  started: number;
  results: CheckResult[];
  /** How many results this run will report, when known. */
  expected: number;
  inventory: NodeInventory[] | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** The admin cancelled it (checks.cancel): its results are partial. */
  cancelled?: boolean;
  /** The checks it was asked for, when not all (the admin's selection). */
  only?: string[];
}

export interface PlanState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** The engine keeps the plan under this id; Apply applies exactly that one. */
  planId: string | null;
  plan: Plan | null;
  inputKey: string;
  error: string | null;
}

export interface StepProgress {
  step: ApplyStepName;
  status: 'started' | 'done' | 'failed';
  detail: string;
}

export interface ApplyState {
  status: 'idle' | 'running' | 'done' | 'error';
  runId: string | null;
  /** Latest state of each step per node id ('' for cluster-wide steps such as settings). */
  steps: Record<string, Partial<Record<ApplyStepName, StepProgress>>>;
  log: { at: string; level: 'info' | 'warn' | 'error'; message: string }[];
  report: ApplyReport | null;
  error: string | null;
}

export interface HealthState {
  runId: string | null;
  watching: boolean;
  snapshot: ClusterHealthSnapshot | null;
  /** The watch that took `snapshot` (the engine keeps it under this id for its report). */
  snapshotRunId: string | null;
  /** Why watching failed or stopped, in words. */
  error: string | null;
}

export const IDLE_APPLY: ApplyState = { status: 'idle', runId: null, steps: {}, log: [], report: null, error: null };
export const IDLE_PLAN: PlanState = { status: 'idle', planId: null, plan: null, inputKey: '', error: null };
export const IDLE_HEALTH: HealthState = { runId: null, watching: false, snapshot: null, snapshotRunId: null, error: null };
