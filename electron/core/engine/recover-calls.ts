/**
 * The desktop app's side of an apply cut short (issue 15, helper "recover-desktop"): recover.status reads
 * the cluster's journal in the app's data folder; recover.start finishes or rolls back with the same code
 * as `ha-wizard recover` (apply/recover.ts), its steps as apply.event and its outcome as apply.done.
 * Also what every app apply takes: the journal (write-ahead) and the cluster lock; an apply while an
 * earlier one is unfinished is refused.
 */
import { FileJournal, readOpenJournal } from '../apply/journal';
import { journalState } from '../apply/journal-state';
import { recoverFinish, recoverRollback, type RecoverInput, type RecoverReport } from '../apply/recover';
import type { AcquireOptions } from '../apply/cluster-lock';
import type { ClusterContext } from '../run/cluster-context';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import type { ClusterProfile } from '../../shared/profile';
import type { Plan } from '../../shared/plan-schema';
import { ApplyReportSchema, type ApplyEvent, type ApplyReport } from '../../shared/apply-schema';
import type { CallParsedInput } from '../../shared/contract';
import { redactDeep } from '../../shared/redact-deep';
import { RefusedError, type Handlers } from './dispatcher';
import { recoverStatusOf } from './recover-words';

export interface RecoverDeps {
  /** The app's journal folder (the data folder's `journals`, as the CLI's); null: this host keeps none. */
  journalDir: string | null;
  settings(acceptedHostKeys: Record<string, string>): EngineSettings;
  resolver(i: CallParsedInput<'recover.start'>): SecretResolver;
  plan(planId: string): Plan | undefined;
  lock(): AcquireOptions;
  openContext?: (profile: ClusterProfile, settings: EngineSettings, secrets: SecretResolver) => ClusterContext;
  /** The journal files of the applies this engine is running now: theirs is open because they run, not because they were cut short. */
  applying?: ReadonlySet<string>;
  begin(runId: string, planId: string): void;
  event(runId: string, event: ApplyEvent): void;
  done(runId: string, done: { ok: true; report: ApplyReport } | { ok: false; error: string }): void;
}

export const CUT_SHORT_REFUSAL = 'An earlier apply to this cluster was cut short and is not finished. Finish it or roll it back first (the wizard offers both when you open this profile).';

/** What an app apply writes through and holds; refused while an earlier apply to the cluster is open. */
export async function applySafeguards(journalDir: string | null, profile: ClusterProfile, lock: AcquireOptions): Promise<{ journal?: FileJournal; lock: AcquireOptions }> {
  if (!journalDir) return { lock };
  if (await readOpenJournal(journalDir, profile)) throw new RefusedError(CUT_SHORT_REFUSAL);
  return { journal: FileJournal.for(journalDir, profile), lock };
}

export const ROLLED_BACK_REASON = 'The apply that was cut short was rolled back';

/** A recovery's report as an apply report, so the apply page shows it as it shows an apply's. */
export function recoverAsApplyReport(r: RecoverReport, backups: Map<string, string | null>, startedAt: Date): ApplyReport {
  const result = { restored: 'restored', restarted: 'changed', untouched: 'untouched', failed: 'rollback-failed' } as const;
  return {
    status: r.status === 'recovered' ? 'rolled-back' : r.status === 'refused' ? 'refused' : 'rollback-failed',
    // A stale lock is said without the CLI's flag: the app offers its own button to break it. Recovered, the
    // reason says what happened (the outcome read "A step failed." for a rollback nobody's step had failed).
    reason: r.staleLock ?? r.reason ?? (r.status === 'recovered' ? ROLLED_BACK_REASON : null),
    ...(r.staleLock ? { staleLock: r.staleLock } : {}),
    nodes: r.nodes.map((n) => ({ id: n.id, result: result[n.result], backupPath: backups.get(n.id) ?? null, steps: [], manual: n.result === 'failed' ? n.detail : null, ...(n.result === 'failed' ? {} : { log: n.detail }) })),
    // A setting not set back shows once, as a setting left (its line is also in `manual`).
    settings: r.settings.map((s) => ({ name: s.name, status: s.result === 'set-back' ? 'restored' : 'restore-failed', detail: s.detail })),
    manualSteps: r.manual.filter((m) => !r.settings.some((s) => s.detail === m)).map((m) => ({ title: 'Check by hand', detail: m, url: null })),
    startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(),
  };
}

export function recoverCalls(d: RecoverDeps): Pick<Handlers, 'recover.status' | 'recover.start'> {
  const running = new Set<string>();
  return {
    'recover.status': async (i) => {
      if (!d.journalDir) return null;
      const file = FileJournal.for(d.journalDir, i.profile).file;
      if (d.applying?.has(file) || running.has(file)) return null;
      const open = await readOpenJournal(d.journalDir, i.profile);
      return open ? recoverStatusOf(journalState(open.records)) : null;
    },
    'recover.start': async (i) => {
      const dir = d.journalDir;
      const open = dir ? await readOpenJournal(dir, i.profile) : null;
      if (!dir || !open || d.applying?.has(FileJournal.for(dir, i.profile).file)) throw new RefusedError('No apply to this cluster was cut short: there is nothing to finish or roll back.');
      const plan = i.planId ? d.plan(i.planId) : undefined;
      if (i.action === 'finish' && !plan) throw new RefusedError('Finishing needs the new plan you reviewed: make the plan again.');
      const journal = FileJournal.for(dir, i.profile);
      if (running.has(journal.file)) throw new RefusedError('This cluster is already being recovered.');
      running.add(journal.file);
      const s = d.resolver(i);
      const state = journalState(open.records);
      const startedAt = new Date();
      d.begin(i.runId, i.planId ?? 'rollback');
      const input: RecoverInput = {
        profile: i.profile, settings: d.settings(i.acceptedHostKeys), secrets: s, state, journal, healthTimeoutMs: i.healthTimeoutSeconds * 1000,
        lock: i.breakLock ? { ...d.lock(), breakLock: true } : d.lock(), onEvent: (e) => d.event(i.runId, e), ...(d.openContext ? { openContext: d.openContext } : {}),
      };
      const run = async (): Promise<ApplyReport> => {
        if (i.action === 'rollback') return recoverAsApplyReport(await recoverRollback(input), new Map(state.nodes.map((n) => [n.id, n.backupPath])), startedAt);
        const r = await recoverFinish({ ...input, plan: plan! });
        return r.apply && r.halfDone.status === 'recovered' ? r.apply : recoverAsApplyReport(r.halfDone, new Map(), startedAt);
      };
      void run()
        // Recovery masks its texts where it writes them; every string passes the run's redactor again as a net.
        .then((report) => d.done(i.runId, { ok: true, report: ApplyReportSchema.parse(redactDeep(report, (t) => s.redactor.redact(t))) }))
        .catch((e: unknown) => d.done(i.runId, { ok: false, error: s.redactor.redact(e instanceof Error ? e.message : String(e)) }))
        .finally(() => running.delete(journal.file));
      return { started: true };
    },
  };
}
