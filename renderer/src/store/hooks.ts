/** Store reads pages share: a page's last check run, and whether it still matches the form. */
import type { CheckResult, RunScope } from './run-types';
import { scopeInputKey } from './scope-input';
import { useWizard } from './wizard-store';

export interface RunInfo {
  run: ReturnType<typeof useWizard.getState>['runs'][RunScope] | null;
  running: boolean;
  /** The form changed since the run: its results describe something else. */
  stale: boolean;
  results: CheckResult[];
  /** Failures of a current, finished run: these block Next. */
  failures: CheckResult[];
}

export function useRun(scope: RunScope): RunInfo {
  const run = useWizard((s) => s.runs[scope] ?? null);
  const key = useWizard((s) => scopeInputKey(scope, s));
  const stale = !!run && run.inputKey !== key;
  const results = run?.results ?? [];
  const failures = run && run.status === 'done' && !stale ? results.filter((r) => r.status === 'fail') : [];
  return { run, running: run?.status === 'running', stale, results, failures };
}
