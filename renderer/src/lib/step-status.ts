/**
 * What a step's mark in the step list means: whether the page was checked and how that went, never
 * merely that its fields are filled in. A page's state comes from its own last check run (stale when
 * its input changed since); Apply's from the apply run; the dashboard's from the last health snapshot.
 */
import type { RunScope } from '../store/run-types';
import { scopeInputKey } from '../store/scope-input';
import type { StepId } from '../store/steps';
import type { WizardState } from '../store/wizard-store';

export type StepStatus = 'none' | 'untested' | 'running' | 'passed' | 'warnings' | 'failed' | 'stale';

const SCOPED: Partial<Record<StepId, RunScope>> = {
  servers: 'servers', database: 'database', storage: 'storage', encryption: 'encryption', 'load-balancer': 'load-balancer', review: 'review',
};

type Needs = Pick<WizardState, 'draft' | 'secrets' | 'acceptedHostKeys' | 'runs' | 'apply' | 'health'>;

export function stepStatus(step: StepId, s: Needs): StepStatus {
  const scope = SCOPED[step];
  if (scope) {
    const run = s.runs[scope];
    if (!run) return 'untested';
    if (run.status === 'running') return 'running';
    if (run.inputKey !== scopeInputKey(scope, s)) return 'stale';
    if (run.status === 'error' || run.results.some((r) => r.status === 'fail')) return 'failed';
    return run.results.some((r) => r.status === 'warn') ? 'warnings' : 'passed';
  }
  if (step === 'apply') {
    const a = s.apply;
    if (a.status === 'idle') return 'untested';
    if (a.status === 'running') return 'running';
    const st = a.report?.status;
    return st === 'applied' || st === 'nothing-to-do' ? 'passed' : 'failed';
  }
  if (step === 'dashboard') {
    const snap = s.health.snapshot;
    if (!snap) return 'untested';
    return snap.summary === 'healthy' ? 'passed' : snap.summary === 'degraded' ? 'warnings' : 'failed';
  }
  return 'none';
}

/** The words for each state (screen readers read them; sighted admins see the icon and a tooltip-free label). */
export const STATUS_WORDS: Record<StepStatus, string> = {
  none: 'nothing to check',
  untested: 'not checked yet',
  running: 'checking now',
  passed: 'checked and passed',
  warnings: 'passed with warnings',
  failed: 'check failed',
  stale: 'changed since the last check',
};

const APPLY_WORDS: Partial<Record<StepStatus, string>> = { untested: 'not applied yet', running: 'applying now', passed: 'applied', failed: 'apply did not succeed' };
const DASHBOARD_WORDS: Partial<Record<StepStatus, string>> = { untested: 'not watched yet', passed: 'cluster healthy', warnings: 'cluster degraded', failed: 'cluster has problems' };

/** Apply and the dashboard say it in their own words. */
export function statusWords(step: StepId, status: StepStatus): string {
  const own = step === 'apply' ? APPLY_WORDS : step === 'dashboard' ? DASHBOARD_WORDS : {};
  return own[status] ?? STATUS_WORDS[status];
}
