/**
 * The engine functions the service drives, as one injectable set: the real ones by default, small
 * fakes in the service's unit tests (no network needed to test the dispatcher and the run state).
 */
import crypto from 'node:crypto';
import { applyPlan, type ApplyInput } from '../apply/apply';
import type { ApplyReport } from '../apply/apply-steps';
import { createPlan, type PlanInput } from '../apply/plan';
import { ClusterHealthMonitor, type ClusterHealthSnapshot, type HealthMonitorOptions } from '../health/cluster-health';
import type { Plan } from '../../shared/plan-schema';
import { keepAppliedState } from './drift-calls';
import { runClusterChecks, type CheckRunInput, type CheckRunOutput } from './check-run';
import type { UpgradeEngine } from '../upgrade/upgrade-engine';

export interface HealthWatcher {
  watch(intervalMs: number, onSnapshot: (s: ClusterHealthSnapshot) => void | Promise<void>, signal: AbortSignal): Promise<void>;
}

export interface EngineDeps {
  runChecks(input: CheckRunInput): Promise<CheckRunOutput>;
  createPlan(input: PlanInput): Promise<Plan>;
  applyPlan(input: ApplyInput): Promise<ApplyReport>;
  healthWatcher(o: HealthMonitorOptions): HealthWatcher;
  /** After a successful apply: saves the applied state for the drift check (drift-calls.ts); gives why not, or null. */
  keepAppliedState?: typeof keepAppliedState;
  /** A fresh plan id (the contract's `plan-…`), unguessable so a stale page cannot name another's plan by chance. */
  newPlanId(): string;
  /** How apply and recovery open a cluster (tests: a fake cluster); the real engine leaves it unset. */
  openContext?: ApplyInput['openContext'];
  /** The upgrade's parts a test replaces (an in-memory cluster); the real engine leaves it unset. */
  upgrade?: Partial<UpgradeEngine>;
}

export const REAL_ENGINE: EngineDeps = {
  runChecks: runClusterChecks,
  createPlan,
  applyPlan,
  healthWatcher: (o) => new ClusterHealthMonitor(o),
  newPlanId: () => `plan-${crypto.randomUUID()}`,
  keepAppliedState,
};
