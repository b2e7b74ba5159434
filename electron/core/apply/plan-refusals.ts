/**
 * What check fails for the cluster's shape, plan refuses: a plan for servers on different versions,
 * for one server listed twice (apply would restart it twice) or for a server it cannot log in to
 * would be applied half. The one list of those checks lives here.
 */
import { ALL_CHECKS } from '../checks/all-checks';
import type { ClusterContext } from '../run/cluster-context';
import { runChecks } from '../checks/runner';
import type { CheckId } from '../../shared/check-catalog';
import type { CheckResult } from '../../shared/check-types';

/**
 * The checks whose failure blocks a plan (with what they need: a server that is unreachable or whose
 * host key is not trusted cannot log in either). An id that is no check fails every plan loudly
 * (the runner's UnknownCheckError), never silently.
 */
export const PLAN_BLOCKING_CHECKS: readonly CheckId[] = ['server.login', 'servers.same-version', 'servers.hostnames-distinct', 'servers.distinct'];

export class PlanRefusedError extends Error {
  constructor(readonly failed: CheckResult[]) {
    super(`these checks fail: ${failed.map((r) => `${r.id}${r.target === 'cluster' ? '' : ` on ${r.target}`} (${r.detail})`).join('; ')}`);
  }
}

/** Runs the blocking checks on the plan's own context; throws PlanRefusedError naming every failure. */
export async function refuseWhatCheckFails(ctx: ClusterContext): Promise<void> {
  const only: string[] = [...PLAN_BLOCKING_CHECKS];
  const results = await runChecks(ALL_CHECKS, ctx, {
    nodeIds: ctx.nodes.map((n) => n.id),
    only,
    checkTimeoutMs: ctx.settings.checkTimeoutMs,
    redact: (t) => ctx.secrets.redactor.redact(t),
  });
  // The runner returns the asked-for checks and any failed need; a blocking check skipped for a need
  // that did not pass counts through that need's failure.
  const failed = results.filter((r) => r.status === 'fail');
  const skipped = results.filter((r) => r.status === 'skip' && only.includes(r.id));
  if (failed.length) throw new PlanRefusedError(failed);
  if (skipped.length) throw new PlanRefusedError(skipped);
}
