/**
 * The engine behind the contract, the same for every host: Electron's main process and the e2e
 * harness each wrap this with their transport (IPC, WebSocket) and a HostAdapter for what only they
 * can do (encrypt secrets, show dialogs, open links). One handler per call (typed from the contract);
 * the dispatcher validates every input and output, once, for every host.
 *
 * Run state lives here, by id: the plans made (applied by id), each check run's report and each health
 * watch's last snapshot (saved by id), the newest KEPT_RUNS of each, until dismissed.
 */
import fs from 'node:fs/promises';
import { DEFAULT_SETTINGS, type EngineSettings } from '../run/engine-settings';
import { loadBalancerConfig } from '../config/load-balancers';
import { loadBalancerInputFor } from '../config/load-balancers/profile-input';
import { renderReport } from '../report/report-files';
import { EVENTS, KEPT_RUNS, type CallInput, type CallName, type CallOutput, type CallParsedInput, type CallResult, type EventName, type EventPayload } from '../../shared/contract';
import type { ApplyEvent } from '../../shared/apply-schema';
import type { ClusterHealthSnapshot } from '../../shared/health-snapshot';
import { describeLocalRef, isLocalRef, localRefKey, type LocalSecretRef } from '../../shared/local-secrets';
import type { Plan } from '../../shared/plan-schema';
import { parseProfile, type ClusterProfile } from '../../shared/profile';
import { PRODUCTS } from '../../shared/products';
import { renderHealthHtml } from '../../shared/report/health-html';
import { buildReport, type CheckReport } from '../../shared/report/report-model';
import { SecretResolver, SecretUnavailableError, envFileSecretSource, type SecretSource } from '../secrets';
import { RefusedError, dispatch, dispatchAny, plain, type Handlers } from './dispatcher';
import { REAL_ENGINE, type EngineDeps } from './engine-deps';
import { RecentRecords, RunJournal } from './run-records';
import { CheckRunCancelledError } from './check-run';
import { KEPT_REPORTS, ReportsFolder } from '../reports/reports-folder';
import { renderApplyHtml } from '../../shared/report/apply-html';
import { ApplyReportSchema, type ApplyReport } from '../../shared/apply-schema';
import { redactDeep } from '../../shared/redact-deep';
import { publicKeyBeside, replaceHostKey } from './server-calls';
import { balancerCalls } from './balancer-calls';
import { clusterKey } from '../health/history/cluster-key';
import { HistoryKeeper, type NewEvent } from '../health/history/history-keeper';
import { historyCalls, memorySettings, recordApply, watchRecorder, type SettingsStore } from './history-calls';
import { afterApplied, nodeChangeCalls } from './node-change-calls';
import { upgradeCalls } from './upgrade-calls';
import type { AddFollowUp } from '../cluster-change/apply-add';
import { applySafeguards, recoverCalls } from './recover-calls';
import { currentOwner } from '../apply/cluster-lock';
import { driftCalls, driftEvents } from './drift-calls';

export interface HostAdapter {
  info(): CallOutput<'app.info'>;
  saveProfile(input: CallInput<'profile.save'>): Promise<CallOutput<'profile.save'>>;
  listProfiles(): Promise<CallOutput<'profile.list'>>;
  openProfile(id: string): Promise<CallOutput<'profile.open'>>;
  saveFile(input: CallInput<'file.save'>): Promise<CallOutput<'file.save'>>;
  pickKeyFile(): Promise<CallOutput<'dialog.pickKeyFile'>>;
  openExternal(url: string): Promise<CallOutput<'shell.openExternal'>>;
  /** The app's reports folder: every check run and apply leaves its report there (none when absent). */
  reportsDir?: string;
  /** The app's apply journals (the data folder's `journals`, shared with the CLI): every apply writes one, recover.* read it. */
  journalDir?: string;
  /** Opens a folder or file of the reports folder with the system (Electron's shell.openPath); the service names only those. */
  openPath?(target: string): Promise<{ opened: boolean }>;
  /** The health history's folder (history-calls.ts: historyDirOf); in memory only when absent. */
  historyDir?: string;
  /** Where the app's settings are kept (the notification switch); in memory when absent. */
  settings?: SettingsStore;
  /** What the host's log should hear (a history file that could not be read or written). */
  warn?(message: string): void;
}

export class ContractError extends Error {}

/**
 * What a UI may have read: `{ prompt: key }` from the values it sent (typed, or saved encrypted and
 * opened); a `{ file }` or `{ env }` reference only when the admin allowed that exact one for this call
 * (local-secrets.ts says why); never an encrypted blob (only the app that wrote it decrypts it).
 */
export function uiSecretSource(values: Record<string, string>, allowLocal: LocalSecretRef[] = []): SecretSource {
  const local = envFileSecretSource();
  const allowed = new Set(allowLocal.map(localRefKey));
  return {
    async resolve(ref, label) {
      if ('prompt' in ref) {
        const v = values[ref.prompt];
        if (v === undefined || v === '') throw new Error(`${label}: not entered yet`);
        return v;
      }
      if (isLocalRef(ref) && !allowed.has(localRefKey(ref))) {
        throw new SecretUnavailableError(label, `the profile takes it from the ${describeLocalRef(ref)} on this computer, which the wizard reads only after you allow it`);
      }
      return local.resolve(ref, label);
    },
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const fileStamp = (iso: string) => iso.replace(/[:.]/g, '-');

export class WizardService {
  private readonly stops = new Map<string, () => void>();
  private readonly plans = new RecentRecords<Plan>(KEPT_RUNS);
  private readonly checkReports = new RecentRecords<CheckReport>(KEPT_RUNS);
  private readonly healthSnapshots = new RecentRecords<{ snapshot: ClusterHealthSnapshot; product: string }>(KEPT_RUNS);
  private readonly applyReports = new RecentRecords<{ report: ApplyReport; product: string }>(KEPT_RUNS);
  private readonly checkRuns = new Map<string, AbortController>();
  private readonly reports: ReportsFolder | null;
  /** Check runs, applies and upgrades with their events, for a window that was reloaded (`run.get`). */
  private readonly journal = new RunJournal(KEPT_RUNS);
  private readonly handlers: Handlers;
  /** The clusters' health history (issue 13): fed by every watch round; other parts record their events here. */
  readonly history: HistoryKeeper;
  /** Add plans (node.planAdd) by id: applying one also takes its server into the balancer's rotation. */
  private readonly addFollowUps = new Map<string, AddFollowUp>();
  /** The journal files of the applies running in this engine (recover.status must not call them cut short). */
  private readonly applying = new Set<string>();

  constructor(
    private readonly host: HostAdapter,
    private readonly emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void,
    private readonly settings: Omit<EngineSettings, 'acceptedHostKeys'> = { ...DEFAULT_SETTINGS, knownHostsPath: '' },
    private readonly engine: EngineDeps = REAL_ENGINE,
  ) {
    this.history = new HistoryKeeper({ dir: host.historyDir ?? null, warn: (m) => host.warn?.(m) });
    this.history.onEvent((cluster, event) => this.emitChecked('health.event', { cluster, event }));
    // Before the handlers: some take the reports folder as it is when they are made.
    this.reports = host.reportsDir ? new ReportsFolder(host.reportsDir) : null;
    this.handlers = this.makeHandlers();
  }

  /** Any call by name: a typed result, never a throw. */
  call<C extends CallName>(name: C, raw: unknown): Promise<CallResult<C>> {
    return dispatch(this.handlers, name, raw);
  }

  /** The calls this service answers (a test holds it to the contract's list). */
  handledCalls(): string[] {
    return Object.keys(this.handlers);
  }

  /** A call as a transport receives it (name and input unchecked). */
  callFromWire(name: unknown, raw: unknown): Promise<CallResult<CallName>> {
    return dispatchAny(this.handlers, name, raw);
  }

  stopAll(): void {
    for (const stop of this.stops.values()) stop();
    this.stops.clear();
    for (const run of this.checkRuns.values()) run.abort();
    void this.history.flush();
  }

  /** Every event leaves through here, checked against the contract; a mismatch is an error, not a pass-through. */
  private emitChecked<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = EVENTS[name].safeParse(plain(payload));
    if (!checked.success) throw new ContractError(`${name}: the engine's event does not match the contract: ${checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    this.emit(name, payload);
  }

  private engineSettings(acceptedHostKeys: Record<string, string> = {}): EngineSettings {
    return { ...this.settings, acceptedHostKeys };
  }

  private resolver(i: { secrets: Record<string, string>; allowLocalSecrets: LocalSecretRef[] }): SecretResolver {
    return new SecretResolver(uiSecretSource(i.secrets, i.allowLocalSecrets));
  }

  private makeHandlers(): Handlers {
    return {
      'profile.validate': async (i) => {
        const r = parseProfile(i.profile);
        return r.ok ? { ok: true, problems: [] } : { ok: false, problems: r.problems };
      },
      'profile.save': (i) => this.host.saveProfile(i),
      'profile.list': () => this.host.listProfiles(),
      'profile.open': (i) => this.host.openProfile(i.id),
      'checks.run': async (i) => this.startChecks(i),
      'plan.create': async (i) => {
        const s = this.resolver(i);
        try {
          const plan = await this.engine.createPlan({ profile: i.profile, secrets: s, settings: this.engineSettings(i.acceptedHostKeys), tool: { name: 'ha-wizard', version: this.host.info().version } });
          const planId = this.engine.newPlanId();
          this.plans.set(planId, plan);
          return { planId, plan };
        } catch (e) {
          throw new Error(s.redactor.redact(messageOf(e)), { cause: e });
        }
      },
      'apply.start': async (i) => this.startApply(i),
      'health.watch': async (i) => this.startWatch(i),
      'health.stop': async (i) => {
        const stop = this.stops.get(i.runId);
        stop?.();
        this.stops.delete(i.runId);
        return { stopped: !!stop };
      },
      'loadBalancer.config': async (i) => loadBalancerConfig(i.profile.loadBalancer.type, loadBalancerInputFor(i.profile)),
      'report.save': (i) => this.saveReport(i),
      'run.dismiss': async (i) => ({ dismissed: [this.plans.delete(i.id), this.checkReports.delete(i.id), this.healthSnapshots.delete(i.id), this.applyReports.delete(i.id), this.journal.delete(i.id)].some(Boolean) }),
      'run.get': async (i) => ({ run: this.journal.get(i.id) }),
      'run.list': async () => this.journal.list(),
      'plan.get': async (i) => ({ plan: this.plans.get(i.planId) ?? null }),
      'file.save': (i) => this.host.saveFile(i),
      'dialog.pickKeyFile': () => this.host.pickKeyFile(),
      'shell.openExternal': (i) => this.host.openExternal(i.url),
      'checks.cancel': async (i) => {
        const run = this.checkRuns.get(i.runId);
        run?.abort();
        return { cancelled: !!run };
      },
      'reports.list': async () => ({ folder: this.reports?.dir ?? null, kept: KEPT_REPORTS, runs: (await this.reports?.list() ?? []).map(({ id, kind, at, summary }) => ({ id, kind, at, summary })) }),
      'reports.openFolder': async () => {
        if (!this.reports || !this.host.openPath) return { opened: false };
        await fs.mkdir(this.reports.dir, { recursive: true, mode: 0o700 });
        return this.host.openPath(this.reports.dir);
      },
      'reports.open': async (i) => {
        const file = await this.reports?.htmlOf(i.id);
        if (!file) throw new RefusedError(`no report ${i.id} in the reports folder (it may have been removed: the newest ${KEPT_REPORTS} are kept)`);
        return this.host.openPath ? this.host.openPath(file) : { opened: false };
      },
      // --- helper "servers" (issue 11, items 3 and 17) ---
      'ssh.publicKey': (i) => publicKeyBeside(i),
      'hostKey.replace': (i) => replaceHostKey(this.settings.knownHostsPath, i),
      // Issue 13: the balancer, the history, grow and shrink.
      ...balancerCalls({
        resolver: (i) => this.resolver(i), settings: (k) => this.engineSettings(k),
        onRotated: (profile, node, action, how) => void this.recordEvents(profile, [{
          kind: action, node, text: `${node} ${action === 'drain' ? 'taken out of' : 'put back into'} the load balancer's rotation (${how}).`,
        }]),
      }),
      ...historyCalls(this.history, this.host.settings ?? memorySettings()),
      ...nodeChangeCalls({ emit: (n, p) => this.emitChecked(n, p), journal: this.journal, plans: this.plans, addFollowUps: this.addFollowUps, resolver: (i) => this.resolver(i), settings: (k) => this.engineSettings(k), version: () => this.host.info().version, newPlanId: () => this.engine.newPlanId(), lock: () => this.lockOptions() }),
      ...recoverCalls(this.recoverDeps()),
      ...driftCalls({
        reportsDir: this.host.reportsDir, settings: (k) => this.engineSettings(k), resolver: (i) => this.resolver(i),
        onChange: (profile, now, before) => this.recordEvents(profile, driftEvents(now, before)),
      }),
      ...upgradeCalls({ emit: (n, p) => this.emitChecked(n, p), resolver: (i) => this.resolver(i), settings: (k) => this.engineSettings(k), reports: this.reports, version: () => this.host.info().version, lock: () => this.lockOptions(), record: (p, text) => void this.recordEvents(p, [{ kind: 'upgrade', node: null, text }]), warn: (m) => this.host.warn?.(m),
        journal: this.journal, ...(this.engine.upgrade ? { engine: this.engine.upgrade } : {}) }),
      'app.info': async () => this.host.info(),
    };
  }

  /** Records what happened to a cluster in its history; a history that cannot be written is a warning, never a failed call. */
  private recordEvents(profile: ClusterProfile, events: NewEvent[]): Promise<void> {
    return Promise.all(events.map((e) => this.history.recordEvent(clusterKey(profile), e)))
      .then(() => undefined, (e: unknown) => this.host.warn?.(`health history: ${(e as Error).message}`));
  }

  private startChecks(i: CallParsedInput<'checks.run'>): CallOutput<'checks.run'> {
    const { runId } = i;
    const s = this.resolver(i);
    const redact = (t: string) => s.redactor.redact(t);
    this.checkRuns.get(runId)?.abort();
    const abort = new AbortController();
    this.checkRuns.set(runId, abort);
    this.journal.begin({ kind: 'checks', runId });
    void this.engine.runChecks({
      signal: abort.signal,
      profile: i.profile, secrets: s, settings: this.engineSettings(i.acceptedHostKeys),
      ...(i.only ? { only: i.only } : {}),
      onEvent: (event) => {
        this.emitChecked('checks.event', { runId, event });
        this.journal.checkEvent(runId, event);
      },
    }).then((output) => {
      // The report is built now, with this run's redactor, so no secret has to be kept for it.
      const report = buildReport({ profile: i.profile, results: output.results, startedAt: output.startedAt, finishedAt: output.finishedAt, tool: { name: 'HA Wizard', version: this.host.info().version }, audience: { surface: 'ui' }, redact });
      this.checkReports.set(runId, report);
      return this.keep(() => this.reports?.writeChecks(report)).then(() => {
        const done = { ok: true as const, output: { ...output, startedAt: output.startedAt.toISOString(), finishedAt: output.finishedAt.toISOString() } };
        this.journal.checksDone(runId, done);
        this.emitChecked('checks.done', { runId, ...done });
      });
    }).catch((e: unknown) => {
      const done = { ok: false as const, error: redact(messageOf(e)), ...(e instanceof CheckRunCancelledError ? { cancelled: true as const } : {}) };
      this.journal.checksDone(runId, done);
      this.emitChecked('checks.done', { runId, ...done });
    }).finally(() => { if (this.checkRuns.get(runId) === abort) this.checkRuns.delete(runId); });
    return { started: true };
  }

  /** What the recover calls need of the service (recover-calls.ts): its settings, plans, run journal and events. */
  private recoverDeps(): Parameters<typeof recoverCalls>[0] {
    return {
      journalDir: this.host.journalDir ?? null, settings: (keys) => this.engineSettings(keys), resolver: (i) => this.resolver(i), plan: (id) => this.plans.get(id),
      lock: () => this.lockOptions(), applying: this.applying, ...(this.engine.openContext ? { openContext: this.engine.openContext } : {}),
      begin: (runId, planId) => this.journal.begin({ kind: 'apply', runId, planId }),
      event: (runId, event) => {
        this.emitChecked('apply.event', { runId, event });
        this.journal.applyEvent(runId, event);
      },
      done: (runId, done) => {
        this.journal.applyDone(runId, done);
        this.emitChecked('apply.done', { runId, ...done });
      },
    };
  }

  /** The cluster lock every app apply and recovery holds, in the app's name (another wizard sees who). */
  private lockOptions() {
    return { owner: currentOwner(`HA Wizard ${this.host.info().version}`) };
  }

  private async startApply(i: CallParsedInput<'apply.start'>): Promise<CallOutput<'apply.start'>> {
    const { runId } = i;
    const plan = this.plans.get(i.planId);
    if (!plan) throw new RefusedError(`no plan ${i.planId} here: make the plan again and review it`);
    const guard = await applySafeguards(this.host.journalDir ?? null, plan.profile, this.lockOptions());
    const journalFile = guard.journal?.file;
    if (journalFile) this.applying.add(journalFile);
    const s = this.resolver(i);
    this.journal.begin({ kind: 'apply', runId, planId: i.planId });
    const onEvent = (event: ApplyEvent) => {
      this.emitChecked('apply.event', { runId, event });
      this.journal.applyEvent(runId, event);
    };
    void this.engine.applyPlan({ plan, secrets: s, settings: this.engineSettings(), healthTimeoutMs: i.healthTimeoutSeconds * 1000, onEvent, ...guard, ...(this.engine.openContext ? { openContext: this.engine.openContext } : {}) })
      .then((applied) => afterApplied(this.addFollowUps.get(i.planId), applied, { secrets: s, settings: this.engineSettings(), onEvent }))
      .then(async (report) => {
        const product = PRODUCTS[plan.profile.product].name;
        // Apply masks its texts where it writes them; every string passes the run's redactor again as a net.
        const kept = ApplyReportSchema.parse(redactDeep(report, (t) => s.redactor.redact(t)));
        this.applyReports.set(runId, { report: kept, product });
        recordApply(this.history, plan.profile, kept, (m) => this.host.warn?.(m));
        await this.keep(() => this.reports?.writeApply(kept, { product, toolVersion: this.host.info().version }));
        // The drift check's applied state (issue 13): read back from the servers now that they hold it.
        // Never fails the apply: without it the drift check compares with the profile, and says so.
        if (kept.status === 'applied' || kept.status === 'nothing-to-do') await this.engine.keepAppliedState?.({ plan, secrets: s, settings: this.engineSettings(), reportsDir: this.host.reportsDir, appliedAt: kept.finishedAt });
        // The window and a reloaded one get the report as kept: masked by the same net.
        this.journal.applyDone(runId, { ok: true, report: kept });
        this.emitChecked('apply.done', { runId, ok: true, report: kept });
      })
      .catch((e: unknown) => {
        const done = { ok: false as const, error: s.redactor.redact(messageOf(e)) };
        this.journal.applyDone(runId, done);
        this.emitChecked('apply.done', { runId, ...done });
      })
      .finally(() => {
        if (journalFile) this.applying.delete(journalFile);
      });
    return { started: true };
  }

  private startWatch(i: CallParsedInput<'health.watch'>): CallOutput<'health.watch'> {
    const { runId } = i;
    this.stops.get(runId)?.();
    const s = this.resolver(i);
    const watcher = this.engine.healthWatcher({ profile: i.profile, secrets: s, knownHostsPath: this.settings.knownHostsPath, timeoutMs: this.settings.connectTimeoutMs });
    const abort = new AbortController();
    const product = PRODUCTS[i.profile.product].name;
    const kept = watchRecorder(this.history, i.profile, (m) => this.host.warn?.(m));
    kept.started();
    void watcher.watch(i.intervalSeconds * 1000, (snapshot) => {
      kept.round(snapshot);
      this.healthSnapshots.set(runId, { snapshot, product });
      this.emitChecked('health.snapshot', { runId, ok: true, snapshot });
    }, abort.signal).catch((e: unknown) => this.emitChecked('health.snapshot', { runId, ok: false, error: s.redactor.redact(messageOf(e)) })).finally(kept.stopped);
    this.stops.set(runId, () => {
      abort.abort();
      kept.stopped();
    });
    return { started: true };
  }

  /** Writes a report to the reports folder; a folder that cannot be written never fails the run itself. */
  private async keep(write: () => Promise<unknown> | undefined): Promise<void> {
    try {
      await write();
    } catch (e) {
      this.reportsFolderError = messageOf(e);
    }
  }

  /** The last reason the reports folder could not be written (for a host's log), or null. */
  reportsFolderError: string | null = null;

  /** Renders what was kept, with the same code the CLI uses, and saves it through the host's dialog. */
  private async saveReport(i: CallParsedInput<'report.save'>): Promise<CallOutput<'report.save'>> {
    const missing = (what: string, id: string) => new RefusedError(`no ${what} ${id} here (dismissed, or older than the last ${KEPT_RUNS}): run it again`);
    if (i.of === 'plan') {
      const plan = this.plans.get(i.planId);
      if (!plan) throw missing('plan', i.planId);
      return this.host.saveFile({ suggestedName: 'ha-wizard-plan.json', content: `${JSON.stringify(plan, null, 2)}\n`, kind: 'json' });
    }
    if (i.of === 'apply') {
      const kept = this.applyReports.get(i.runId);
      if (!kept) throw missing('apply run', i.runId);
      const content = i.format === 'json' ? `${JSON.stringify(kept.report, null, 2)}\n` : renderApplyHtml(kept.report, { product: kept.product, toolVersion: this.host.info().version });
      return this.host.saveFile({ suggestedName: `ha-wizard-apply-${fileStamp(kept.report.finishedAt)}.${i.format}`, content, kind: i.format });
    }
    if (i.of === 'checks') {
      const report = this.checkReports.get(i.runId);
      if (!report) throw missing('check run', i.runId);
      return this.host.saveFile({ suggestedName: `ha-wizard-report.${i.format}`, content: renderReport(report, i.format), kind: i.format });
    }
    const kept = this.healthSnapshots.get(i.runId);
    if (!kept) throw missing('health snapshot for', i.runId);
    const { snapshot, product } = kept;
    const content = i.format === 'json' ? `${JSON.stringify(snapshot, null, 2)}\n` : renderHealthHtml(snapshot, { product, toolVersion: this.host.info().version });
    return this.host.saveFile({ suggestedName: `ha-wizard-health-${fileStamp(snapshot.at)}.${i.format}`, content, kind: i.format });
  }
}

