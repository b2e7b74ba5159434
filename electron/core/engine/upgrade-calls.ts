/**
 * The engine's upgrade calls (issue 14): `upgrade.plan` (preflight, and the plan kept by id when nothing
 * fails) and `upgrade.start` (runs exactly that plan; `upgrade.event` per step, then `upgrade.done` with the
 * report, which is also written to the reports folder and marked in the cluster's history). The run is kept
 * in the run journal with every event and its outcome (run.get / run.list), so a reloaded window comes back to it.
 */
import crypto from 'node:crypto';
import type { EventName, EventPayload } from '../../shared/contract';
import type { LocalSecretRef } from '../../shared/local-secrets';
import type { ClusterProfile } from '../../shared/profile';
import type { UpgradePlan } from '../../shared/upgrade-schema';
import { upgradeHistoryText } from '../upgrade/upgrade-summary';
import type { AcquireOptions } from '../apply/cluster-lock';
import type { ReportsFolder } from '../reports/reports-folder';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import { REAL_UPGRADE_ENGINE, planUpgrade, startUpgrade, type UpgradeEngine } from '../upgrade/upgrade-engine';
import { RefusedError, type Handlers } from './dispatcher';
import { RecentRecords, type RunJournal } from './run-records';
import { KEPT_RUNS } from '../../shared/contract';

/** A plan kept between the calls, with what it was made from (the secrets come again with upgrade.start). */
export interface KeptUpgradePlan { plan: UpgradePlan; profile: ClusterProfile; backupDir: string }

export interface UpgradeHost {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  resolver(i: { secrets: Record<string, string>; allowLocalSecrets: LocalSecretRef[] }): SecretResolver;
  settings(acceptedHostKeys: Record<string, string>): EngineSettings;
  reports: ReportsFolder | null;
  version(): string;
  /** The cluster lock every run holds, in the app's name. */
  lock(): AcquireOptions;
  /** Marks the run in the cluster's history, in one sentence (never throws). */
  record(profile: ClusterProfile, text: string): void;
  warn?(message: string): void;
  engine?: Partial<UpgradeEngine>;
  plans?: RecentRecords<KeptUpgradePlan>;
  /** Where the service keeps its runs for a reloaded window (run.get, run.list, run.dismiss). */
  journal?: RunJournal;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function upgradeCalls(host: UpgradeHost): Pick<Handlers, 'upgrade.plan' | 'upgrade.start'> {
  const engine: UpgradeEngine = { ...REAL_UPGRADE_ENGINE, ...host.engine };
  const plans = host.plans ?? new RecentRecords<KeptUpgradePlan>(KEPT_RUNS);
  const running = new Set<string>();
  return {
    'upgrade.plan': async (i) => {
      const s = host.resolver(i);
      try {
        const r = await planUpgrade(engine, { profile: i.profile, to: i.to, mode: i.mode, backupDir: i.backupDir, settings: host.settings(i.acceptedHostKeys), secrets: s });
        if (!r.plan) return { preflight: r.preflight, planId: null, plan: null };
        const planId = `upgrade-${crypto.randomUUID()}`;
        plans.set(planId, { plan: r.plan, profile: i.profile, backupDir: i.backupDir });
        return { preflight: r.preflight, planId, plan: r.plan };
      } catch (e) {
        throw new Error(s.redactor.redact(messageOf(e)), { cause: e });
      }
    },
    'upgrade.start': async (i) => {
      const kept = plans.get(i.planId);
      if (!kept) throw new RefusedError(`no upgrade plan ${i.planId}: make the plan again (only the newest ${KEPT_RUNS} are kept)`);
      if (running.has(i.planId)) throw new RefusedError('this upgrade plan is already running');
      running.add(i.planId);
      const { runId } = i;
      const s = host.resolver(i);
      // Kept with the events and the outcome the window gets, as it gets them (same order, same masking).
      host.journal?.begin({ kind: 'upgrade', runId, planId: i.planId, plan: kept.plan });
      void startUpgrade(engine, {
        plan: kept.plan, profile: kept.profile, backupDir: kept.backupDir, settings: host.settings(i.acceptedHostKeys), secrets: s,
        healthTimeoutMs: i.healthTimeoutSeconds * 1000, lock: host.lock(),
        emit: (event) => {
          host.journal?.upgradeEvent(runId, event);
          host.emit('upgrade.event', { runId, event });
        },
      }).then(async (report) => {
        // A report that cannot be written is a warning: the run itself is over and its outcome still goes out.
        const written = await host.reports?.writeUpgrade(report, { toolVersion: host.version() }).catch((e: unknown) => {
          host.warn?.(`the upgrade report could not be written: ${messageOf(e)}`);
          return null;
        });
        host.record(kept.profile, upgradeHistoryText(report));
        const reportPath = written?.html ?? null;
        host.journal?.upgradeDone(runId, { ok: true, report, reportPath });
        host.emit('upgrade.done', { runId, ok: true, report, reportPath });
      }).catch((e: unknown) => {
        const error = s.redactor.redact(messageOf(e));
        host.journal?.upgradeDone(runId, { ok: false, error });
        host.emit('upgrade.done', { runId, ok: false, error });
      }).finally(() => running.delete(i.planId));
      return { started: true as const };
    },
  };
}
