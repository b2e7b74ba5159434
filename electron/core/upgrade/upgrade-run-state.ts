/**
 * What an upgrade run shares between its forward steps (upgrade-run.ts) and its undo (upgrade-rollback.ts):
 * the dependencies it was given, what each step touched, the backups it made, and the report's records.
 */
import type { ManualStep } from '../../shared/plan-schema';
import type { ClusterProfile } from '../../shared/profile';
import type { UpgradeEvent, UpgradePlan, UpgradeReport } from '../../shared/upgrade-schema';
import type { BalancerGuard } from '../apply/balancer-guard';
import type { BalancerControl } from '../balancer/balancer-control';
import type { DatabaseBackupFile, DatabaseUpgradeOps, FileBackup, NodeUpgrader } from './upgrade-ports';
import { errorMessage } from '../../shared/error-text';
import type { UpgradeLimitKind } from './upgrade-timeouts';

/** The health gate and the sync check, over each server's /health (upgrade-health.ts) or a fake. */
export interface UpgradeHealth {
  /** Until the server answers /health OK at `version`; throws with the last answer after `timeoutMs`. Returns a detail. */
  waitAt(nodeId: string, version: string, timeoutMs: number): Promise<string>;
  /** Every server's /health at `version` and their encryption keys' fingerprints in sync; throws saying which not. */
  inSync(version: string): Promise<string>;
  /** One look for the report: healthy, and the version /health names (null when it does not answer). */
  probe(nodeId: string): Promise<{ healthy: boolean; version: string | null }>;
}

export interface UpgradeRunDeps {
  profile: ClusterProfile;
  upgraders: ReadonlyMap<string, NodeUpgrader>;
  database: DatabaseUpgradeOps;
  /** The balancer the wizard may drive, or null: then every balancer step is a manual step in the report. */
  balancer: BalancerControl | null;
  health: UpgradeHealth;
  /** Where the database backup goes (upgrade.plan's backupDir). */
  backupDir: string;
  emit(e: UpgradeEvent): void | Promise<void>;
  now?: () => Date;
  healthTimeoutMs?: number;
  /** Takes the cluster lock for the whole run (cluster-lock.ts); a run refused when it cannot. */
  lock?: () => Promise<{ broke: string | null; stop(): Promise<unknown> }>;
  /** Balancer waits (drain, confirm, ready), as apply's guard takes them. */
  drain?: { drainTimeoutMs?: number; confirmTimeoutMs?: number; readyTimeoutMs?: number; pollMs?: number };
  /** Masks this run's secrets in any text leaving it. */
  redact?: (t: string) => string;
  /** Per kind of step, how long it may take (upgrade-timeouts.ts has the defaults; tests make them tiny). */
  stepLimitsMs?: Partial<Record<UpgradeLimitKind, number>>;
}


type StepRecord = UpgradeReport['steps'][number];

export class RunState {
  readonly fileBackups = new Map<string, FileBackup[]>();
  dbBackup: DatabaseBackupFile | null = null;
  /** Backups written and verified: nothing may stop before. */
  verified = false;
  /** Servers whose stop, install or start began (each is put back on rollback). */
  readonly stopped = new Set<string>();
  readonly installed = new Set<string>();
  readonly started = new Set<string>();
  /** The schema may have changed: `upgradedb` ran or a new version started against the database. */
  schemaTouched = false;
  schemaExitCode: number | null = null;
  dbRestored = false;
  /** The balancer was put in maintenance by hand (no access): reopening is a manual step too. */
  manualMaintenance = false;
  firstStopAt: number | null = null;
  reopenedAt: number | null = null;
  readonly steps: StepRecord[] = [];
  readonly manual: ManualStep[] = [];
  guard: BalancerGuard | null = null;
  /** After a rollback: the servers it could not put back, and why; the servers left stopped. */
  failedNodes = new Map<string, string>();
  leftStopped = new Set<string>();
  /** Per server the rollback could not finish: exactly what is left to do by hand. */
  readonly nodeManual = new Map<string, string>();

  constructor(readonly plan: UpgradePlan, readonly deps: UpgradeRunDeps) {}

  now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  redact(t: string): string {
    return this.deps.redact ? this.deps.redact(t) : t;
  }

  upgrader(nodeId: string): NodeUpgrader {
    const u = this.deps.upgraders.get(nodeId);
    if (!u) throw new Error(`no installer access to ${nodeId}`);
    return u;
  }

  async emit(e: UpgradeEvent): Promise<void> {
    await this.deps.emit(e);
  }

  /**
   * Runs one step (forward or undo) with its started/done/failed events and its record in the report.
   * `fn` answers the done detail, or `{ skipped }` when it was turned into a manual step.
   */
  async step(type: 'upgrade-step' | 'upgrade-undo', stepId: string, detail: string, fn: () => Promise<string | { skipped: string }>): Promise<void> {
    const rec: StepRecord = { stepId: type === 'upgrade-undo' ? `undo ${stepId}` : stepId, status: 'started', detail: this.redact(detail), startedAt: this.now().toISOString(), finishedAt: null };
    this.steps.push(rec);
    await this.emit({ type, stepId, status: 'started', detail: rec.detail });
    try {
      const r = await fn();
      const skipped = typeof r === 'object';
      rec.status = skipped ? 'skipped' : 'done';
      rec.detail = this.redact(skipped ? r.skipped : r);
      rec.finishedAt = this.now().toISOString();
      await this.emit({ type, stepId, status: rec.status, detail: rec.detail });
    } catch (e) {
      rec.status = 'failed';
      rec.detail = this.redact(errorMessage(e));
      rec.finishedAt = this.now().toISOString();
      await this.emit({ type, stepId, status: 'failed', detail: rec.detail });
      throw new StepFailed(stepId, rec.detail, e);
    }
  }
}

/** A step failed: which, and why (already masked). */
export class StepFailed extends Error {
  constructor(readonly stepId: string, why: string, cause: unknown) {
    super(why, { cause });
  }
}
