/**
 * The one contract between the UI and the engine: every call and every event, with zod schemas for
 * input and output. The preload exposes exactly these calls; main and the e2e harness validate every
 * payload against the same schemas; the renderer gets its types from here.
 *
 * Secrets: the profile the UI builds references each secret as `{ prompt: "<key>" }`; the values the
 * admin typed travel beside it in `secrets` (key -> value), are used for that call only, and are
 * masked in everything that comes back. A `{ file }` or `{ env }` reference (from an opened profile)
 * is read only when the call lists it in `allowLocalSecrets`: the admin said yes to it for this run.
 */
import { z } from 'zod';
import { LocalSecretRefSchema } from './local-secrets';
import { ProfileSchema } from './profile';

const Secrets = z.record(z.string().max(200), z.string().max(10_000)).default({});
const RunId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const HostKeys = z.record(z.string(), z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/)).default({});
const Json = z.unknown();
/** The file and env references the admin allowed to be read for this call (local-secrets.ts). */
const AllowLocal = z.array(LocalSecretRefSchema).max(64).default([]);

export const CALLS = {
  /** Validates a profile; every problem with its JSON path. */
  'profile.validate': { input: z.object({ profile: Json }), output: z.object({ ok: z.boolean(), problems: z.array(z.object({ path: z.string(), message: z.string() })) }) },
  /** Saves a profile under a name, its secrets encrypted by the host (Electron safeStorage). */
  'profile.save': { input: z.object({ name: z.string().min(1).max(100), profile: ProfileSchema, secrets: Secrets }), output: z.object({ id: z.string(), secretsStored: z.enum(['encrypted', 'memory-only']) }) },
  'profile.list': { input: z.object({}), output: z.array(z.object({ id: z.string(), name: z.string(), savedAt: z.string() })) },
  'profile.open': { input: z.object({ id: z.string() }), output: z.object({ name: z.string(), profile: ProfileSchema, secrets: z.record(z.string(), z.string()) }) },
  /** Starts a check run; results stream as `checks.event`, then one `checks.done`. */
  'checks.run': { input: z.object({ runId: RunId, profile: ProfileSchema, secrets: Secrets, allowLocalSecrets: AllowLocal, only: z.array(z.string()).optional(), acceptedHostKeys: HostKeys }), output: z.object({ started: z.literal(true) }) },
  /** Makes a plan (reads the servers, changes nothing). */
  'plan.create': { input: z.object({ profile: ProfileSchema, secrets: Secrets, allowLocalSecrets: AllowLocal, acceptedHostKeys: HostKeys }), output: Json },
  /** Starts applying a plan; steps stream as `apply.event`, then one `apply.done`. */
  'apply.start': { input: z.object({ runId: RunId, plan: Json, secrets: Secrets, allowLocalSecrets: AllowLocal, healthTimeoutSeconds: z.number().int().min(5).max(3600).default(120) }), output: z.object({ started: z.literal(true) }) },
  /** Starts (or restarts) polling the cluster's health every `intervalSeconds`: `health.snapshot` events. */
  'health.watch': { input: z.object({ runId: RunId, profile: ProfileSchema, secrets: Secrets, allowLocalSecrets: AllowLocal, intervalSeconds: z.number().int().min(1).max(3600) }), output: z.object({ started: z.literal(true) }) },
  'health.stop': { input: z.object({ runId: RunId }), output: z.object({ stopped: z.boolean() }) },
  /** The load balancer's generated configuration, from the profile alone (no connection). */
  'loadBalancer.config': { input: z.object({ profile: ProfileSchema }), output: z.object({ files: z.array(z.object({ name: z.string(), language: z.string(), content: z.string() })), notes: z.array(z.string()) }) },
  /** Saves text (a report, a plan, a config) where the admin chooses. */
  'file.save': { input: z.object({ suggestedName: z.string().max(200), content: z.string(), kind: z.enum(['html', 'json', 'text', 'pdf', 'profile']) }), output: z.object({ saved: z.boolean(), path: z.string().nullable() }) },
  /** Lets the admin pick a private key file; returns its path only. */
  'dialog.pickKeyFile': { input: z.object({}), output: z.object({ path: z.string().nullable() }) },
  /** Opens an http(s) link in the system browser. */
  'shell.openExternal': { input: z.object({ url: z.url({ protocol: /^https?$/ }) }), output: z.object({ opened: z.boolean() }) },
  'app.info': { input: z.object({}), output: z.object({ version: z.string(), host: z.enum(['electron', 'harness']), secretStorage: z.enum(['encrypted', 'memory-only']), platform: z.string() }) },
} as const;

export const EVENTS = {
  'checks.event': z.object({ runId: RunId, event: Json }),
  'checks.done': z.object({ runId: RunId, ok: z.boolean(), error: z.string().nullable(), output: Json }),
  'apply.event': z.object({ runId: RunId, event: Json }),
  'apply.done': z.object({ runId: RunId, report: Json, error: z.string().nullable() }),
  'health.snapshot': z.object({ runId: RunId, snapshot: Json }),
  'theme.changed': z.object({ dark: z.boolean(), highContrast: z.boolean() }),
  /** The admin opened a .hawizard file (double-click, or the app's command line): a profile without secrets. */
  'profile.opened': z.object({ name: z.string(), profile: ProfileSchema }),
} as const;

export type CallName = keyof typeof CALLS;
export type EventName = keyof typeof EVENTS;
export type CallInput<C extends CallName> = z.input<(typeof CALLS)[C]['input']>;
export type CallOutput<C extends CallName> = z.output<(typeof CALLS)[C]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

export const CALL_NAMES = Object.keys(CALLS) as CallName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** What the renderer sees as `window.wizard`: exactly the contract. */
export interface WizardApi {
  call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallOutput<C>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}
