/**
 * An upgrade run's report (issue 14, item 7): the outcome, each server before and after (the version its
 * /health names at the end, or the installer's record when it does not answer), the database's backup and
 * whether it was restored, the schema upgrade's exit code, every step with its times, the outage, and what
 * is left to do by hand. Built masked: nothing in it carries a secret.
 */
import { UpgradeReportSchema, type UpgradeReport } from '../../shared/upgrade-schema';
import { redactDeep } from '../../shared/redact-deep';
import type { RunState } from './upgrade-run-state';

export async function buildUpgradeReport(st: RunState, o: { status: UpgradeReport['status']; reason: string | null; startedAt: Date; probe: boolean }): Promise<UpgradeReport> {
  const { plan, deps } = st;
  const nodes = await Promise.all(plan.nodes.map(async (n): Promise<UpgradeReport['nodes'][number]> => {
    const seen = o.probe ? await deps.health.probe(n.id).catch(() => ({ healthy: false, version: null })) : null;
    const installed = o.probe && !seen?.version ? await deps.upgraders.get(n.id)?.installedVersion().catch(() => null) : null;
    const touched = st.stopped.has(n.id) || st.installed.has(n.id) || st.started.has(n.id) || st.leftStopped.has(n.id);
    const result: UpgradeReport['nodes'][number]['result'] = o.status === 'upgraded' ? 'upgraded'
      : st.failedNodes.has(n.id) || st.nodeManual.has(n.id) ? 'rollback-failed'
      : touched && o.status !== 'refused' ? 'restored' : 'untouched';
    return {
      id: n.id, versionBefore: plan.from, versionAfter: seen?.version ?? installed ?? (o.probe ? null : plan.from),
      result, healthy: seen?.healthy ?? false, manual: st.nodeManual.get(n.id) ?? null,
    };
  }));
  const outageMs = plan.mode === 'coordinated' && st.firstStopAt !== null && st.reopenedAt !== null ? Math.max(0, st.reopenedAt - st.firstStopAt) : null;
  const report: UpgradeReport = {
    $schema: 'ha-wizard/upgrade-report@1',
    status: o.status, reason: o.reason, product: plan.product, from: plan.from, to: plan.to, mode: plan.mode, nodes,
    database: { backup: st.dbBackup?.path ?? null, restored: st.dbRestored, schemaUpgradeExitCode: st.schemaExitCode },
    steps: st.steps, outageMs, manualSteps: st.manual,
    startedAt: o.startedAt.toISOString(), finishedAt: st.now().toISOString(),
  };
  return UpgradeReportSchema.parse(redactDeep(report, (t) => st.redact(t)));
}
