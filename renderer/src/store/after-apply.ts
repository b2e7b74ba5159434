/**
 * What a page read from the servers (keys, databases, versions) is out of date once an apply has
 * changed them: a check run that started before the last apply ended describes the servers as they
 * were. `runView` (check-actions) counts such a run as stale, so entering a page or pressing Next reads
 * again; a page that shows what servers hold says it is re-reading instead of the old answer.
 */
import type { ApplyReport, CheckRunState, RunScope } from './run-types';
import { useWizard } from './wizard-store';

/** Applied: `report` is the engine's outcome, or null when the apply failed in the engine (it may have changed something). */
export function markApplied(report: ApplyReport | null): void {
  if (report && (report.status === 'nothing-to-do' || report.status === 'refused')) return;
  // The renderer's own clock, the one runs' startedAt is taken with.
  useWizard.setState({ appliedAt: new Date().toISOString() });
}

export function readBeforeApply(run: CheckRunState | null | undefined, appliedAt: string | null): boolean {
  return !!run && !!appliedAt && run.startedAt < appliedAt;
}

/** The page's last run is from before the last apply; or, running, it is the re-read after one. */
export function useApplyFreshness(scope: RunScope): { appliedAt: string | null; readBefore: boolean } {
  const appliedAt = useWizard((s) => s.appliedAt);
  const readBefore = useWizard((s) => readBeforeApply(s.runs[scope], s.appliedAt));
  return { appliedAt, readBefore };
}
