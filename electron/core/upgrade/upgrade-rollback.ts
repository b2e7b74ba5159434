/**
 * Undoing a failed upgrade (issue 14, item 6), in reverse: every server the run touched is stopped, given
 * the old version again through the same installer, and its files put back byte for byte; the database is
 * restored from its backup when the schema may have changed and the old version cannot read it; then each
 * server is started and health-gated at the old version, and the balancer reopened. Every undo step is an
 * `upgrade-undo` event. What cannot be undone is said exactly, per server, as manual steps.
 */
import { errorMessage } from '../../shared/error-text';
import { DEFAULT_UPGRADE_HEALTH_TIMEOUT_MS, type RunState } from './upgrade-run-state';
import { databaseManualStep, nodeManualText } from './upgrade-manual';
import { manualRotationStep } from '../balancer/drain-manual';
import { maskedTail } from './upgrade-output';
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
  const undo = async (nodeId: string | null, stepId: string, detail: string, fn: () => Promise<string>) => {
    try {
      await st.step('upgrade-undo', stepId, detail, fn);
      return true;
    } catch (e) {
      if (nodeId && !failedNodes.has(nodeId)) failedNodes.set(nodeId, errorMessage(e));
      return false;
    }
  };

  for (const id of [...toStop].reverse()) {
    const up = st.upgrader(id);
    if (!(await undo(id, st.started.has(id) ? `start:${id}` : `stop:${id}`, `stop ${id}`, async () => {
      await up.stop();
      return 'stopped, and proven stopped';
    }))) {
      stillRunning.add(id);
      continue;
    }
    if (st.installed.has(id)) {
      const ok = await undo(id, `install:${id}`, `install ${from} again with ${describe(st, id)}`, async () => {
        const r = await up.install(from);
        if (r.exitCode !== 0) throw new Error(`the installer exited with ${r.exitCode} putting back ${from}: ${maskedTail(r.output, (t) => st.redact(t), { lines: 2, max: 300 })}`);
        return `${from} installed again`;
      });
      if (!ok) continue;
    }
    const backups = st.fileBackups.get(id);
    if (backups?.length && touched.includes(id)) {
      await undo(id, `backup-config:${id}`, `put back ${backups.map((b) => b.source).join(', ')} byte for byte`, async () => {
        await up.restoreFiles(backups);
        return `restored from ${backups.map((b) => b.path).join(', ')}`;
      });
    }
  }

  let dbOk = true;
  if (needDb) {
    const schemaStep = plan.steps.find((s) => s.kind === 'upgrade-schema')?.id ?? 'backup-database';
    dbOk = await undo(null, schemaStep, `restore the database from its backup (${from} cannot read the ${plan.to} schema)`, async () => {
      if (!st.dbBackup) throw new Error('there is no database backup to restore');
      if (stillRunning.size) throw new Error(`${[...stillRunning].join(', ')} could not be stopped, so the database is not restored under a running service`);
      await st.deps.database.restore(st.dbBackup);
      st.dbRestored = true;
      return `restored from ${st.dbBackup.path}`;
    });
    if (!dbOk) st.manual.push(databaseManualStep(st));
  }

  // Started again only on a database the old version can read, and only where the old version is back.
  for (const id of toStop) {
    if (!dbOk || failedNodes.has(id)) continue;
    await undo(id, `stop:${id}`, `start ${id} at ${from} and wait for /health`, async () => {
      await st.upgrader(id).start();
      return st.deps.health.waitAt(id, from, timeoutMs);
    });
  }

  let balancerOk = true;
  if (st.guard) {
    for (const id of [...st.guard.drained]) {
      const stepId = plan.steps.some((s) => s.id === `drain:${id}`) ? `drain:${id}` : 'balancer-maintenance';
      // A server that is not back healthy stays out of rotation: the balancer must not send it requests.
      if (failedNodes.has(id) || !dbOk) continue;
      balancerOk = (await undo(null, stepId, `put ${id} back into rotation`, async () => {
        await st.guard!.afterHealthy(id, (_i, _n, _d, fn) => fn());
        return `back in rotation (${st.guard!.control.how})`;
      })) && balancerOk;
    }
    if (!balancerOk) st.manual.push(...[...st.guard.drained].map((id) => manualRotationStep(st.deps.profile, memberOf(st.deps.profile, id).member, id, 'resume')));
  } else if (st.manualMaintenance) {
    for (const n of plan.nodes) st.manual.push(manualRotationStep(st.deps.profile, memberOf(st.deps.profile, n.id).member, n.host, 'resume'));
  }
  st.reopenedAt ??= st.now().getTime();

  const left = [...failedNodes].concat(dbOk ? [] : toStop.filter((id) => !failedNodes.has(id)).map((id) => [id, 'the database could not be restored, so it was left stopped'] as [string, string]));
  for (const [id, why] of left) {
    const detail = await nodeManualText(st, id, why);
    st.nodeManual.set(id, detail);
    st.manual.push({ title: `Finish putting back ${id}`, detail, url: null });
  }
  st.failedNodes = failedNodes;
  st.leftStopped = !dbOk ? new Set(toStop) : new Set(failedNodes.keys());
  return failedNodes.size === 0 && dbOk && balancerOk;
}

function describe(st: RunState, id: string): string {
  return st.plan.nodes.find((n) => n.id === id)?.installer ?? st.upgrader(id).describe();
}
