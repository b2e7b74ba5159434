/**
 * Test support for the service's unit tests: a profile, a plan and a health snapshot that match the
 * contract, a host that records what it saved, and engine functions as small fakes (no network).
 */
import type { CallInput, EventName, EventPayload, WizardApi } from '../../../shared/contract';
import type { ClusterHealthSnapshot } from '../../../shared/health-snapshot';
import { PLAN_SCHEMA_ID, type Plan } from '../../../shared/plan-schema';
import { ProfileSchema } from '../../../shared/profile';
import { DEFAULT_SETTINGS } from '../../run/engine-settings';
import { REAL_ENGINE, type EngineDeps } from '../engine-deps';
import { WizardService, type HostAdapter } from '../wizard-service';

/** A health reader as the service builds it (for tests that fake one). */
export type HealthWatcherFake = EngineDeps['healthWatcher'];

export const PROFILE = {
  version: 1, product: 'proget',
  nodes: [{ id: 'n1', host: '10.0.0.1', user: 'admin', os: 'linux', auth: { kind: 'password', password: { prompt: 'ssh:n1' } }, configPath: '/etc/proget.env' }],
  database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget', password: { prompt: 'db' } },
  storage: { path: '/var/proget/packages' }, loadBalancer: { type: 'haproxy' },
};

export function fakePlan(tag: string): Plan {
  return {
    schema: PLAN_SCHEMA_ID, tool: { name: 'ha-wizard', version: '0.1.0' }, profile: ProfileSchema.parse(PROFILE), profileHash: tag, noChange: false,
    encryptionKey: { decision: 'generate', fingerprint: null, reason: 'no node has a key' }, warnings: [], nodes: [], settings: [], loadBalancer: null, manualSteps: [],
  };
}

export const SNAPSHOT: ClusterHealthSnapshot = {
  at: '2026-11-24T23:00:00.000Z', durationMs: 96, summary: 'healthy', versionsInSync: true, versions: { '2025.14': ['n1'] }, keysInSync: true,
  nodes: [{ id: 'n1', state: 'healthy', url: 'http://10.0.0.1:8624', reachable: true, hung: false, httpStatus: 200, healthy: true, version: '2025.14', databaseStatus: 'OK', databaseDetail: null, licenseStatus: 'OK', serviceStatus: 'OK', sshOk: true, keyFingerprint: 'key:abc', keyInSync: true, error: null, elapsedMs: 10 }],
  storage: { ok: true, detail: 'n1 wrote and read /p', path: '/p', writer: 'n1', seen: ['n1'], notSeen: [], untested: [] },
  database: { reachable: true, detail: 'PostgreSQL 17', elapsedMs: 20 },
  loadBalancer: { url: null, reachable: null, healthy: null, readmitting: false, detail: 'no URL given', elapsedMs: 0 },
  problems: [],
};

export interface Recorded {
  events: { name: EventName; payload: unknown }[];
  saved: CallInput<'file.save'>[];
  /** Resolves with the first event of this name and run. */
  next<E extends EventName>(name: E, runId: string): Promise<EventPayload<E>>;
}

export function fakeHost(saved: CallInput<'file.save'>[], info: () => unknown = () => ({ version: '0.1.0', host: 'harness', secretStorage: 'memory-only', platform: 'linux' })): HostAdapter {
  const no = () => Promise.reject(new Error('not in this test'));
  return {
    info: info as HostAdapter['info'],
    saveProfile: no, listProfiles: no, openProfile: no, pickKeyFile: no, openExternal: no,
    async saveFile(input) {
      saved.push(input);
      return { saved: true, path: `/downloads/${input.suggestedName}` };
    },
  };
}

/** A service over fakes: `deps` replaces what the test needs; anything else that is called fails loudly. */
export function fakeService(deps: Partial<EngineDeps>, hostInfo?: () => unknown): { service: WizardService; rec: Recorded } {
  const waiting: { name: EventName; runId: string; resolve: (p: never) => void }[] = [];
  const rec: Recorded = {
    events: [], saved: [],
    next: (name, runId) => {
      const seen = rec.events.find((e) => e.name === name && (e.payload as { runId?: string }).runId === runId);
      if (seen) return Promise.resolve(seen.payload as never);
      return new Promise((resolve) => waiting.push({ name, runId, resolve }));
    },
  };
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => {
    rec.events.push({ name, payload });
    const runId = (payload as { runId?: string }).runId;
    for (const w of waiting.splice(0)) if (w.name === name && w.runId === runId) w.resolve(payload as never); else waiting.push(w);
  };
  const refuse = () => Promise.reject(new Error('this test gave no fake for that'));
  const engine: EngineDeps = { runChecks: refuse, createPlan: refuse, applyPlan: refuse, healthWatcher: () => ({ watch: refuse }), newPlanId: REAL_ENGINE.newPlanId, ...deps };
  const service = new WizardService(fakeHost(rec.saved, hostInfo), emit, { ...DEFAULT_SETTINGS, knownHostsPath: '' }, engine);
  return { service, rec };
}

/**
 * `window.wizard` over a real service whose engine functions are `deps` (for page tests): calls go
 * straight to the dispatcher, events straight to the page's listeners (IPC and the harness's WebSocket
 * carry the same CallResult and payloads).
 */
export function wizardApiOver(deps: Partial<EngineDeps>): { api: WizardApi; service: WizardService; saved: CallInput<'file.save'>[] } {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => listeners.get(name)?.forEach((l) => l(payload));
  const refuse = () => Promise.reject(new Error('this test gave no fake for that'));
  const engine: EngineDeps = { runChecks: refuse, createPlan: refuse, applyPlan: refuse, healthWatcher: () => ({ watch: refuse }), newPlanId: REAL_ENGINE.newPlanId, ...deps };
  const saved: CallInput<'file.save'>[] = [];
  const service = new WizardService(fakeHost(saved), emit, { ...DEFAULT_SETTINGS, knownHostsPath: '' }, engine);
  const api: WizardApi = {
    call: (name, input) => service.call(name, input),
    on: (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  return { api, service, saved };
}
