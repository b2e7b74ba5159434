/**
 * Runs an upgrade plan (issue 14): exactly its steps, in its order, under the cluster lock, each with
 * started/done/failed events. Nothing stops before every backup is written and verified; any failure
 * undoes the run (upgrade-rollback.ts). The report says what each server ended on and what is left.
 */
import { BalancerGuard } from '../apply/balancer-guard';
import { manualRotationStep } from '../balancer/drain-manual';
import { memberOf } from '../balancer/node-rotation';
import { errorMessage } from '../../shared/error-text';
import type { UpgradePlan, UpgradeReport, UpgradeStep } from '../../shared/upgrade-schema';
import { UpgradeStepError } from './upgrade-ports';
import { RunState, StepFailed, type UpgradeRunDeps } from './upgrade-run-state';
import { rollbackUpgrade } from './upgrade-rollback';
import { buildUpgradeReport } from './upgrade-report';
import { sameVersion } from './upgrade-health';
import { maskedTail } from './upgrade-output';
import { DEFAULT_UPGRADE_HEALTH_TIMEOUT_MS, withStepLimit } from './upgrade-timeouts';
import { lockLeftStep } from '../apply/cluster-lock';

export type { UpgradeHealth, UpgradeRunDeps } from './upgrade-run-state';

/** Steps that change a server or what it serves: each needs the backups verified first. */
const CHANGES = new Set<UpgradeStep['kind']>(['balancer-maintenance', 'drain', 'stop', 'install', 'upgrade-schema', 'start']);

/** Why this plan must not run at all, or null. Checked before anything (even the lock) is touched. */
export function refusalOf(plan: UpgradePlan, deps: Pick<UpgradeRunDeps, 'upgraders'>): string | null {
  if (!plan.path.allowed) return `the upgrade from ${plan.from} to ${plan.to} is not allowed: ${plan.path.reason}`;
  if (plan.mode === 'rolling' && !plan.path.rolling) return `${plan.from} and ${plan.to} cannot serve side by side, so a rolling upgrade is refused; use the coordinated mode`;
  const ids = new Set<string>();
  for (const s of plan.steps) {
    if (ids.has(s.id)) return `the plan names the step ${s.id} twice`;
    ids.add(s.id);
    if (s.nodeId && !deps.upgraders.has(s.nodeId)) return `the plan has a step on ${s.nodeId}, which has no installer access`;
  }
  const verify = plan.steps.findIndex((s) => s.kind === 'verify-backups');
  const firstChange = plan.steps.findIndex((s) => CHANGES.has(s.kind));
  if (firstChange >= 0 && (verify < 0 || verify > firstChange)) return 'the plan changes a server before its backups are verified';
  return null;
}

export async function runUpgrade(plan: UpgradePlan, deps: UpgradeRunDeps): Promise<UpgradeReport> {
  const st = new RunState(plan, deps);
  const startedAt = st.now();
  const report = (o: Outcome) => buildUpgradeReport(st, { ...o, startedAt, probe: true });
  const why = refusalOf(plan, deps);
  if (why) return report(refusedFor(st, why));

  const lock = deps.lock ? await deps.lock().catch((e: unknown) => new Error(errorMessage(e))) : null;
  if (lock instanceof Error) return report(refusedFor(st, lock.message));
  if (lock?.broke) await st.emit({ type: 'upgrade-log', level: 'warn', message: st.redact(lock.broke) });
  let outcome: Outcome;
  try {
    outcome = await underLock(st);
  } finally {
    // Released before the report is built, so a lock that could not be removed is in it (as apply's is).
    const left = await lock?.stop();
    if (typeof left === 'string') st.manual.push(lockLeftStep(st.redact(left)));
  }
  return report(outcome);
}

type Outcome = { status: UpgradeReport['status']; reason: string | null };

const refusedFor = (st: RunState, reason: string): Outcome => ({ status: 'refused', reason: st.redact(reason) });

/** The run while the cluster lock is held: refused, upgraded, or undone. */
async function underLock(st: RunState): Promise<Outcome> {
  const { plan, deps } = st;
  // The plan was made for the versions the servers had then: a server changed since refuses it.
  const changed = await versionsChanged(plan, deps);
  if (changed) return refusedFor(st, changed);
  if (deps.balancer) {
    // The balancer must know every server before anything changes (apply's guard, its drains and waits).
    st.guard = new BalancerGuard(deps.balancer, deps.profile, { ...deps.drain, redact: (t) => st.redact(t) });
    try {
      await st.guard.preflight(plan.nodes.map((n) => n.id));
    } catch (e) {
      return refusedFor(st, `the load balancer cannot be read before the upgrade: ${errorMessage(e)}`);
    }
  }
  try {
    // Each step within its limit (upgrade-timeouts.ts): past it, the step fails and the run is undone.
    for (const s of plan.steps) await st.step('upgrade-step', s.id, s.text, () => withStepLimit(s.kind, s.nodeId, deps, (signal) => runStep(st, s, signal)));
  } catch (e) {
    const failed = e instanceof StepFailed ? e : new StepFailed('(run)', st.redact(errorMessage(e)), e);
    await st.emit({ type: 'upgrade-log', level: 'error', message: `${failed.stepId} failed: ${failed.message}. Undoing the run.` });
    const ok = await rollbackUpgrade(st);
    return { status: ok ? 'rolled-back' : 'rollback-failed', reason: `${failed.stepId} failed: ${failed.message}` };
  }
  return { status: 'upgraded', reason: null };
}

async function versionsChanged(plan: UpgradePlan, deps: UpgradeRunDeps): Promise<string | null> {
  const off: string[] = [];
  for (const n of plan.nodes) {
    const v = await deps.upgraders.get(n.id)!.installedVersion().catch((e: unknown) => `unreadable (${errorMessage(e)})`);
    if (!sameVersion(v, plan.from)) off.push(`${n.id} is on ${v ?? 'no version it can tell'}`);
  }
  return off.length ? `the plan was made for servers on ${plan.from}, but ${off.join(', ')}: make a new plan` : null;
}

/** Runs one forward step; its done detail, or `{ skipped }` for a balancer step that is left to the admin. */
async function runStep(st: RunState, s: UpgradeStep, signal: AbortSignal): Promise<string | { skipped: string }> {
  const { plan, deps } = st;
  const o = { signal };
  if (CHANGES.has(s.kind) && !st.verified) throw new Error('the backups are not verified yet: nothing is stopped before they are');
  const node = s.nodeId;
  const up = () => st.upgrader(need(node, s));
  switch (s.kind) {
    case 'backup-database': {
      st.dbBackup = await deps.database.backup(deps.backupDir, o);
      return `${st.dbBackup.path} (${st.dbBackup.bytes} bytes)`;
    }
    case 'backup-config':
    case 'backup-extensions': {
      const id = need(node, s);
      let kept = st.fileBackups.get(id);
      // One call copies the config file and the extensions folder; the second step finds them made.
      if (!kept) {
        kept = await up().backupFiles(fileBackupDir(plan, id, deps.backupDir), o);
        st.fileBackups.set(id, kept);
      }
      const what = s.kind === 'backup-config' ? 'config' : 'extensions';
      const mine = kept.filter((b) => b.what === what);
      // A server without an extensions folder has none to copy; a config is always there to copy.
      if (!mine.length && what === 'extensions') return 'no extensions folder on this server: nothing to copy';
      if (!mine.length) throw new UpgradeStepError(`${id}: no ${what} backup was written`);
      return mine.map((b) => `${b.source} -> ${b.path} (${b.bytes} bytes)`).join('; ');
    }
    case 'verify-backups': {
      const done: string[] = [];
      for (const [id, backups] of st.fileBackups) {
        for (const b of backups) await st.upgrader(id).verifyBackup(b, o);
        done.push(`${id}: ${backups.length}`);
      }
      if (st.dbBackup) await deps.database.verify(st.dbBackup, o);
      // Every server the plan stops must have its files copied aside.
      const missing = plan.steps.filter((x) => x.kind === 'stop' && x.nodeId && !st.fileBackups.has(x.nodeId)).map((x) => x.nodeId);
      if (missing.length) throw new UpgradeStepError(`no backup of ${missing.join(', ')} was made before it is stopped`);
      st.verified = true;
      return `every backup is whole (${done.join(', ') || 'no file backups'}${st.dbBackup ? `; the database's ${st.dbBackup.path}` : ''})`;
    }
    case 'balancer-maintenance': {
      if (!st.guard) {
        st.manualMaintenance = true;
        for (const n of plan.nodes) st.manual.push(manualRotationStep(deps.profile, memberOf(deps.profile, n.id).member, n.host, 'drain'));
        return { skipped: 'no access to the load balancer: take every server out of rotation by hand (the report lists how); the stopped servers fail its health checks meanwhile' };
      }
      for (const n of plan.nodes) await st.guard.beforeRestart(n.id, (_id, _name, _d, fn) => fn());
      return `every server is out of rotation (${st.guard.control.how})`;
    }
    case 'drain': {
      const id = need(node, s);
      if (!st.guard) return manualRotation(st, id, 'drain');
      await st.guard.beforeRestart(id, (_id, _name, _d, fn) => fn());
      return `out of rotation (${st.guard.control.how})`;
    }
    case 'stop': {
      st.firstStopAt ??= st.now().getTime();
      st.stopped.add(need(node, s));
      await up().stop(o);
      return 'stopped, and proven stopped';
    }
    case 'install': {
      st.installed.add(need(node, s));
      const r = await up().install(plan.to, o);
      if (r.exitCode !== 0) throw new UpgradeStepError(`the installer exited with ${r.exitCode}: ${maskedTail(r.output, (t) => st.redact(t))}`, st.redact(r.output), r.exitCode);
      return `installed ${plan.to}`;
    }
    case 'upgrade-schema': {
      st.schemaTouched = true;
      const r = await up().upgradeSchema(plan.to, o);
      st.schemaExitCode = r.exitCode;
      if (r.exitCode !== 0) throw new UpgradeStepError(`the schema upgrade exited with ${r.exitCode}: ${maskedTail(r.output, (t) => st.redact(t))}`, st.redact(r.output), r.exitCode);
      return `schema upgraded (exit code ${r.exitCode})`;
    }
    case 'start': {
      st.started.add(need(node, s));
      // 2025 and later upgrade the schema when the service starts.
      if (plan.path.allowed && plan.path.schemaChanges) st.schemaTouched = true;
      await up().start(o);
      return 'started';
    }
    case 'wait-healthy':
      return deps.health.waitAt(need(node, s), plan.to, deps.healthTimeoutMs ?? DEFAULT_UPGRADE_HEALTH_TIMEOUT_MS);
    case 'resume': {
      const id = need(node, s);
      if (!st.guard) return manualRotation(st, id, 'resume');
      await st.guard.afterHealthy(id, (_id, _name, _d, fn) => fn());
      return `back in rotation (${st.guard.control.how})`;
    }
    case 'check-sync':
      return deps.health.inSync(plan.to);
    case 'balancer-reopen': {
      if (!st.guard) {
        st.reopenedAt = st.now().getTime();
        for (const n of plan.nodes) st.manual.push(manualRotationStep(deps.profile, memberOf(deps.profile, n.id).member, n.host, 'resume'));
        return { skipped: 'no access to the load balancer: put every server back into rotation by hand (the report lists how)' };
      }
      for (const id of [...st.guard.drained]) await st.guard.afterHealthy(id, (_id, _name, _d, fn) => fn());
      st.reopenedAt = st.now().getTime();
      return `every server is back in rotation (${st.guard.control.how})`;
    }
  }
}

function manualRotation(st: RunState, id: string, action: 'drain' | 'resume'): { skipped: string } {
  const n = st.plan.nodes.find((x) => x.id === id);
  const step = manualRotationStep(st.deps.profile, memberOf(st.deps.profile, id).member, n?.host ?? id, action);
  st.manual.push(step);
  return { skipped: `no access to the load balancer: ${step.title} by hand (${step.detail})` };
}

/** Where a server's config and extensions are copied: the plan's path for them, or the backup folder. */
export function fileBackupDir(plan: UpgradePlan, nodeId: string, fallback: string): string {
  return plan.backups.find((b) => b.nodeId === nodeId && b.what === 'config')?.path ?? fallback;
}

function need(nodeId: string | null, s: UpgradeStep): string {
  if (!nodeId) throw new Error(`the step ${s.id} names no server`);
  return nodeId;
}

