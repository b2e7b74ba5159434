/**
 * "Test, then Next", the same on every page that checks something: Next runs the page's checks unless
 * a finished run still matches the form, then moves on only if none failed. A failure stays on the
 * page (its results say why) and blocks Next until the form changes or a new run passes.
 */
import { useCallback, useState } from 'react';
import { runChecks, runView } from './check-actions';
import { useRun, type RunInfo } from './hooks';
import type { RunScope } from './run-types';
import { wizard } from './wizard-store';

export interface StepTest extends RunInfo {
  /** Next was pressed and its run is under way. */
  advancing: boolean;
  /** The page's primary button is off: advancing, running, or a current run failed. */
  primaryDisabled: boolean;
  /** Tests when needed, then goes to the next page when nothing failed. */
  testThenNext: () => Promise<void>;
}

export function useStepTest(scope: RunScope): StepTest {
  const info = useRun(scope);
  const [advancing, setAdvancing] = useState(false);
  const testThenNext = useCallback(async () => {
    setAdvancing(true);
    try {
      const { run, stale } = runView(scope);
      if (!run || stale || run.status !== 'done') await runChecks(scope);
      const after = wizard().runs[scope];
      if (after?.status === 'done' && !after.results.some((r) => r.status === 'fail')) wizard().next();
    } finally {
      setAdvancing(false);
    }
  }, [scope]);
  return { ...info, advancing, primaryDisabled: advancing || info.running || info.failures.length > 0, testThenNext };
}
