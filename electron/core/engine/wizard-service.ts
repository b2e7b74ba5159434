/**
 * The engine behind the contract, the same for every host: Electron's main process and the e2e
 * harness each wrap this with their transport (IPC, WebSocket) and a HostAdapter for what only they
 * can do (encrypt secrets, show dialogs, open links). Every input and output is checked against the
 * contract's schemas here, once, for every host.
 */
import { applyPlan } from '../apply/apply';
import { createPlan } from '../apply/plan';
import { PlanSchema } from '../../shared/plan-schema';
import { DEFAULT_SETTINGS, type EngineSettings } from '../run/engine-settings';
import { loadBalancerConfig } from '../config/load-balancers';
import { loadBalancerInputFor } from '../config/load-balancers/profile-input';
import { CALLS, EVENTS, type CallInput, type CallName, type CallOutput, type EventName, type EventPayload } from '../../shared/contract';
import { parseProfile, type ClusterProfile } from '../../shared/profile';
import { describeLocalRef, isLocalRef, localRefKey, type LocalSecretRef } from '../../shared/local-secrets';
import { SecretResolver, SecretUnavailableError, envFileSecretSource, type SecretSource } from '../secrets';
import { ClusterHealthMonitor } from '../health/cluster-health';
import { runClusterChecks } from './check-run';

/** What crosses to the UI is plain JSON, whatever the transport (IPC keeps Dates, WebSocket does not). */
function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export interface HostAdapter {
  info(): CallOutput<'app.info'>;
  saveProfile(input: CallInput<'profile.save'>): Promise<CallOutput<'profile.save'>>;
  listProfiles(): Promise<CallOutput<'profile.list'>>;
  openProfile(id: string): Promise<CallOutput<'profile.open'>>;
  saveFile(input: CallInput<'file.save'>): Promise<CallOutput<'file.save'>>;
  pickKeyFile(): Promise<CallOutput<'dialog.pickKeyFile'>>;
  openExternal(url: string): Promise<CallOutput<'shell.openExternal'>>;
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

export class WizardService {
  private readonly stops = new Map<string, () => void>();

  constructor(
    private readonly host: HostAdapter,
    private readonly emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void,
    private readonly settings: Omit<EngineSettings, 'acceptedHostKeys'> = { ...DEFAULT_SETTINGS, knownHostsPath: '' },
  ) {}

  /** Validates, runs and validates again: what goes out matches the contract or is an error. */
  async call<C extends CallName>(name: C, raw: unknown): Promise<CallOutput<C>> {
    const spec = CALLS[name];
    if (!spec) throw new ContractError(`unknown call ${String(name)}`);
    const parsed = spec.input.safeParse(raw);
    if (!parsed.success) throw new ContractError(`${name}: invalid input: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    const out = await this.run(name, parsed.data as CallInput<C>);
    return spec.output.parse(plain(out)) as CallOutput<C>;
  }

  private emitChecked<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.emit(name, EVENTS[name].parse(plain(payload)) as EventPayload<E>);
  }

  private engineSettings(acceptedHostKeys: Record<string, string> = {}): EngineSettings {
    return { ...this.settings, acceptedHostKeys };
  }

  private async run<C extends CallName>(name: C, input: CallInput<C>): Promise<unknown> {
    const i = input as Record<string, unknown>;
    const secrets = () => new SecretResolver(uiSecretSource((i.secrets as Record<string, string>) ?? {}, (i.allowLocalSecrets as LocalSecretRef[]) ?? []));
    switch (name) {
      case 'profile.validate': {
        const r = parseProfile(i.profile);
        return r.ok ? { ok: true, problems: [] } : { ok: false, problems: r.problems };
      }
      case 'profile.save': return this.host.saveProfile(input as CallInput<'profile.save'>);
      case 'profile.list': return this.host.listProfiles();
      case 'profile.open': return this.host.openProfile(i.id as string);
      case 'checks.run': {
        const runId = i.runId as string;
        const s = secrets();
        void runClusterChecks({
          profile: i.profile as ClusterProfile, secrets: s, settings: this.engineSettings(i.acceptedHostKeys as Record<string, string>),
          ...(i.only ? { only: i.only as string[] } : {}),
          onEvent: (event) => this.emitChecked('checks.event', { runId, event }),
        }).then(
          (output) => this.emitChecked('checks.done', { runId, ok: true, error: null, output }),
          (e: unknown) => this.emitChecked('checks.done', { runId, ok: false, error: s.redactor.redact((e as Error).message), output: null }),
        );
        return { started: true };
      }
      case 'plan.create': {
        const s = secrets();
        try {
          return await createPlan({ profile: i.profile as ClusterProfile, secrets: s, settings: this.engineSettings(i.acceptedHostKeys as Record<string, string>), tool: { name: 'ha-wizard', version: this.host.info().version } });
        } catch (e) {
          throw new Error(s.redactor.redact((e as Error).message), { cause: e });
        }
      }
      case 'apply.start': {
        const runId = i.runId as string;
        const plan = PlanSchema.parse(i.plan);
        const s = secrets();
        void applyPlan({ plan, secrets: s, settings: this.engineSettings(), healthTimeoutMs: (i.healthTimeoutSeconds as number) * 1000, onEvent: (event) => this.emitChecked('apply.event', { runId, event }) })
          .then((report) => this.emitChecked('apply.done', { runId, report, error: null }), (e: unknown) => this.emitChecked('apply.done', { runId, report: null, error: s.redactor.redact((e as Error).message) }));
        return { started: true };
      }
      case 'health.watch': {
        const runId = i.runId as string;
        this.stops.get(runId)?.();
        const s = secrets();
        const monitor = new ClusterHealthMonitor({ profile: i.profile as ClusterProfile, secrets: s, knownHostsPath: this.settings.knownHostsPath, timeoutMs: this.settings.connectTimeoutMs });
        const abort = new AbortController();
        void monitor.watch((i.intervalSeconds as number) * 1000, (snapshot) => this.emitChecked('health.snapshot', { runId, snapshot }), abort.signal)
          .catch((e: unknown) => this.emitChecked('health.snapshot', { runId, snapshot: { error: s.redactor.redact((e as Error).message) } }));
        this.stops.set(runId, () => abort.abort());
        return { started: true };
      }
      case 'health.stop': {
        const stop = this.stops.get(i.runId as string);
        stop?.();
        this.stops.delete(i.runId as string);
        return { stopped: !!stop };
      }
      case 'loadBalancer.config': {
        const p = i.profile as ClusterProfile;
        return loadBalancerConfig(p.loadBalancer.type, loadBalancerInputFor(p));
      }
      case 'file.save': return this.host.saveFile(input as CallInput<'file.save'>);
      case 'dialog.pickKeyFile': return this.host.pickKeyFile();
      case 'shell.openExternal': return this.host.openExternal(i.url as string);
      case 'app.info': return this.host.info();
      default: throw new ContractError(`unknown call ${String(name)}`);
    }
  }

  stopAll(): void {
    for (const stop of this.stops.values()) stop();
    this.stops.clear();
  }
}
