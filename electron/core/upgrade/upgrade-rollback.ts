/**
 * Undoing a failed upgrade (issue 14, item 6), in reverse: every server the run touched is stopped, given
 * the old version again through the same installer, and its files put back byte for byte; the database is
 * restored from its backup when the schema may have changed and the old version cannot read it; then each
 * server is started and health-gated at the old version, and the balancer reopened. Every undo step is an
 * `upgrade-undo` event. What cannot be undone is said exactly, per server, as manual steps.
 */
import { errorMessage } from '../../shared/error-text';
import type { RunState } from './upgrade-run-state';
import { databaseManualStep, nodeManualText } from './upgrade-manual';
import { manualRotationStep } from '../balancer/drain-manual';
import { maskedTail } from './upgrade-output';
import { DEFAULT_UPGRADE_HEALTH_TIMEOUT_MS, withStepLimit, type UpgradeLimitKind } from './upgrade-timeouts';
import type { StepOptions } from './upgrade-ports';
import { memberOf } from '../balancer/node-rotation';

/** True when everything was put back; false when something is left (st.manual and the nodes say what). */
export async function rollbackUpgrade(st: RunState): Promise<boolean> {
  const { plan } = st;
  const from = plan.from;
  const timeoutMs = st.deps.healthTimeoutMs ?? DEFAULT_UPGRADE_HEALTH_TIMEOUT_MS;
  const touched = plan.nodes.map((n) => n.id).filter((id) => st.stopped.has(id) || st.installed.has(id) || st.started.has(id));
  const needDb = st.schemaTouched && plan.path.allowed && plan.path.restoreDatabaseOnRollback;
  // The database is restored with every service stopped: servers the run did not stop are stopped too.
  const toStop = needDb ? plan.nodes.map((n) => n.id) : touched;
  const failedNodes = new Map<string, string>();
  const stillRunning = new Set<string>();
  // Each undo step within its limit too (upgrade-timeouts.ts): a hung one is abandoned and said, not waited for.
  const undo = async (nodeId: string | null, stepId: string, detail: string, limit: [UpgradeLimitKind, string | null] | null, fn: (o: StepOptions) => Promise<string>) => {
    try {
      await st.step('upgrade-undo', stepId, detail, () => (limit ? withStepLimit(limit[0], limit[1], st.deps, (signal) => fn({ signal })) : fn({})));
      return true;
    } catch (e) {
      if (nodeId && !failedNodes.has(nodeId)) failedNodes.set(nodeId, errorMessage(e));
      return false;
    }
  };

  for (const id of [...toStop].reverse()) {
    const up = st.upgrader(id);
    if (!(await undo(id, st.started.has(id) ? `start:${id}` : `stop:${id}`, `stop ${id}`, ['stop', id], async (o) => {
      await up.stop(o);
      return 'stopped, and proven stopped';
    }))) {
      stillRunning.add(id);
      continue;
    }
    if (st.installed.has(id)) {
      const ok = await undo(id, `install:${id}`, `install ${from} again with ${describe(st, id)}`, ['install', id], async (o) => {
        const r = await up.install(from, o);
        if (r.exitCode !== 0) throw new Error(`the installer exited with ${r.exitCode} putting back ${from}: ${maskedTail(r.output, (t) => st.redact(t), { lines: 2, max: 300 })}`);
        return `${from} installed again`;
      });
      if (!ok) continue;
    }
    const backups = st.fileBackups.get(id);
    if (backups?.length && touched.includes(id)) {
      await undo(id, `backup-config:${id}`, `put back ${backups.map((b) => b.source).join(', ')} byte for byte`, ['restore-files', id], async (o) => {
        await up.restoreFiles(backups, o);
        return `restored from ${backups.map((b) => b.path).join(', ')}`;
      });
    }
  }

  let dbOk = true;
  if (needDb) {
    const schemaStep = plan.steps.find((s) => s.kind === 'upgrade-schema')?.id ?? 'backup-database';
    dbOk = await undo(null, schemaStep, `restore the database from its backup (${from} cannot read the ${plan.to} schema)`, ['restore-database', null], async (o) => {
      if (!st.dbBackup) throw new Error('there is no database backup to restore');
      if (stillRunning.size) throw new Error(`${[...stillRunning].join(', ')} could not be stopped, so the database is not restored under a running service`);
      await st.deps.database.restore(st.dbBackup, o);
      st.dbRestored = true;
      return `restored from ${st.dbBackup.path}`;
    });
    if (!dbOk) st.manual.push(databaseManualStep(st));
  }

  // Started again only on a database the old version can read, and only where the old version is back.
  for (const id of toStop) {
    if (!dbOk || failedNodes.has(id)) continue;
    // Two limits, one after the other: the start's, then the health wait's.
    await undo(id, `stop:${id}`, `start ${id} at ${from} and wait for /health`, null, async () => {
      await withStepLimit('start', id, st.deps, (signal) => st.upgrader(id).start({ signal }));
      return withStepLimit('wait-healthy', id, st.deps, () => st.deps.health.waitAt(id, from, timeoutMs));
    });
  }

  let balancerOk = true;
  const leftOut: string[] = [];
  if (st.guard) {
    for (const id of [...st.guard.drained]) {
      const stepId = plan.steps.some((s) => s.id === `drain:${id}`) ? `drain:${id}` : 'balancer-maintenance';
      // A server that is not back healthy stays out of rotation: the balancer must not send it requests.
      if (failedNodes.has(id) || !dbOk) {
        leftOut.push(id);
        continue;
      }
      balancerOk = (await undo(null, stepId, `put ${id} back into rotation`, ['resume', id], async () => {
        await st.guard!.afterHealthy(id, (_i, _n, _d, fn) => fn());
        return `back in rotation (${st.guard!.control.how})`;
      })) && balancerOk;
    }
    if (!balancerOk) leftOut.splice(0, leftOut.length, ...st.guard.drained);
  } else if (st.manualMaintenance) {
    for (const n of plan.nodes) st.manual.push(manualRotationStep(st.deps.profile, memberOf(st.deps.profile, n.id).member, n.host, 'resume'));
  }
  // The outage ends when users are served again: not while every server is left stopped or out of rotation.
  const serving = dbOk && plan.nodes.some((n) => !failedNodes.has(n.id) && !leftOut.includes(n.id));
  if (serving && balancerOk) st.reopenedAt ??= st.now().getTime();

  const left = [...failedNodes].concat(dbOk ? [] : toStop.filter((id) => !failedNodes.has(id)).map((id) => [id, 'the database could not be restored, so it was left stopped'] as [string, string]));
  for (const [id, why] of left) {
    const detail = await nodeManualText(st, id, why);
    st.nodeManual.set(id, detail);
    st.manual.push({ title: `Finish putting back ${id}`, detail, url: null });
  }
  // Once finished by hand, a server left out of rotation must be put back in: said after the steps that finish it.
  st.manual.push(...leftOut.map((id) => manualRotationStep(st.deps.profile, memberOf(st.deps.profile, id).member, id, 'resume')));
  st.failedNodes = failedNodes;
  st.leftStopped = !dbOk ? new Set(toStop) : new Set(failedNodes.keys());
  return failedNodes.size === 0 && dbOk && balancerOk;
}

function describe(st: RunState, id: string): string {
  return st.plan.nodes.find((n) => n.id === id)?.installer ?? st.upgrader(id).describe();
}
