/**
 * The one contract between the UI and the engine: every call and every event, with zod schemas for
 * input and output. The preload exposes exactly these calls; main and the e2e harness validate every
 * payload against the same schemas; the renderer gets its types from here.
 *
 * Secrets: the profile the UI builds references each secret as `{ prompt: "<key>" }`; the values the
 * admin typed travel beside it in `secrets` (key -> value), are used for that call only, and are
 * masked in everything that comes back. A `{ file }` or `{ env }` reference (from an opened profile)
 * is read only when the call lists it in `allowLocalSecrets`: the admin said yes to it for this run.
 *
 * Results: every call answers a `CallResult` over every transport (IPC, WebSocket): `{ ok: true, value }`
 * or `{ ok: false, error: { kind, message } }`; events that can end in failure are unions on `ok` too.
 *
 * Run state stays in the engine, by id: `plan.create` keeps the plan it made (under `planId`) and
 * `apply.start` applies exactly that one; a check run keeps its report (under its `runId`) and a health
 * watch its last snapshot, for `report.save`. The engine keeps the last 20 of each kind (older ones are
 * forgotten) or until the admin dismisses one (`run.dismiss`).
 */
import { z } from 'zod';
import { ApplyEventSchema, ApplyReportSchema } from './apply-schema';
import { AppSettingsSchema } from './app-settings';
import { CheckEventSchema, CheckRunSummarySchema, JsonValueSchema } from './check-run-schema';
import { DriftReportSchema } from './drift';
import { ClusterEventSchema, HealthHistorySchema } from './health-history';
import { ClusterHealthSnapshotSchema } from './health-snapshot';
import { LocalSecretRefSchema } from './local-secrets';
import { ManualStepSchema, PlanSchema } from './plan-schema';
import { NodeSchema, ProfileSchema } from './profile';
import { KeptRunSchema, RunSummarySchema } from './run-record-schema';
import { RecoverStatusSchema } from './recover-status';
import { ProductVersionSchema, UpgradeEventSchema, UpgradeModeSchema, UpgradePlanSchema, UpgradeReportSchema } from './upgrade-schema';

const Secrets = z.record(z.string().max(200), z.string().max(10_000)).default({});
const RunId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const Fingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/);
const HostKeys = z.record(z.string(), Fingerprint).default({});
const PlanId = z.string().regex(/^plan-[A-Za-z0-9-]{1,64}$/);
const UpgradePlanId = z.string().regex(/^upgrade-[A-Za-z0-9-]{1,64}$/);
/** One preflight item of an upgrade: pass, or why not and what to do. */
export const UpgradePreflightItemSchema = z.object({ id: z.string(), status: z.enum(['pass', 'warn', 'fail']), title: z.string(), detail: z.string(), nodeId: z.string().nullable() });
export type UpgradePreflightItem = z.infer<typeof UpgradePreflightItemSchema>;
/** A profile as the admin gave it, not yet validated: any JSON; validating it is the point of `profile.validate`. */
const UntypedProfileJson = JsonValueSchema;
/** How many plans, check reports and health watches the engine keeps (the oldest is forgotten first). */
export const KEPT_RUNS = 20;
/** A kept report's name in the reports folder: its time and kind (reports-folder.ts). */
const ReportId = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-(checks|apply|upgrade)(-\d+)?$/);
const KeptReportSchema = z.object({ id: ReportId, kind: z.enum(['checks', 'apply', 'upgrade']), at: z.string(), summary: z.string() });
export type KeptReportInfo = z.infer<typeof KeptReportSchema>;
const Saved = z.object({ saved: z.boolean(), path: z.string().nullable() });
/** The file and env references the admin allowed to be read for this call (local-secrets.ts). */
const AllowLocal = z.array(LocalSecretRefSchema).max(64).default([]);
/** What a call that reaches the servers takes besides the profile: typed secrets, allowed local ones, accepted host keys. */
const Reach = { secrets: Secrets, allowLocalSecrets: AllowLocal, acceptedHostKeys: HostKeys };
/** One server as the load balancer sees it (electron/core/balancer/balancer-control.ts). */
const BalancerMemberSchema = z.object({ node: z.string(), state: z.enum(['ready', 'drain', 'maint', 'down', 'unknown']), activeSessions: z.number().int().nullable(), detail: z.string() });
/** What the balancer said or, when the wizard cannot drive it, what the admin runs there (`manual`; then nothing was changed). */
const BalancerAnswerSchema = z.object({ driven: z.boolean(), how: z.string(), members: z.array(BalancerMemberSchema), manual: z.array(ManualStepSchema) });
export type BalancerAnswer = z.infer<typeof BalancerAnswerSchema>;

export const CALLS = {
  /** Validates a profile; every problem with its JSON path. */
  'profile.validate': { input: z.object({ profile: UntypedProfileJson }), output: z.object({ ok: z.boolean(), problems: z.array(z.object({ path: z.string(), message: z.string() })) }) },
  /** Saves a profile under a name, its secrets encrypted by the host (Electron safeStorage). */
  'profile.save': { input: z.object({ name: z.string().min(1).max(100), profile: ProfileSchema, secrets: Secrets }), output: z.object({ id: z.string(), secretsStored: z.enum(['encrypted', 'memory-only']) }) },
  'profile.list': { input: z.object({}), output: z.array(z.object({ id: z.string(), name: z.string(), savedAt: z.string() })) },
  'profile.open': { input: z.object({ id: z.string() }), output: z.object({ name: z.string(), profile: ProfileSchema, secrets: z.record(z.string(), z.string()) }) },
  /** Starts a check run; results stream as `checks.event`, then one `checks.done`. */
  'checks.run': { input: z.object({ runId: RunId, profile: ProfileSchema, secrets: Secrets, allowLocalSecrets: AllowLocal, only: z.array(z.string()).optional(), acceptedHostKeys: HostKeys }), output: z.object({ started: z.literal(true) }) },
  /** Makes a plan (reads the servers, changes nothing) and keeps it under `planId`; `plan` is for display. */
  'plan.create': { input: z.object({ profile: ProfileSchema, secrets: Secrets, allowLocalSecrets: AllowLocal, acceptedHostKeys: HostKeys }), output: z.object({ planId: PlanId, plan: PlanSchema }) },
  /** Starts applying the kept plan the admin reviewed; steps stream as `apply.event`, then one `apply.done`. Refused for an unknown `planId`. */
  'apply.start': { input: z.object({ runId: RunId, planId: PlanId, secrets: Secrets, allowLocalSecrets: AllowLocal, healthTimeoutSeconds: z.number().int().min(5).max(3600).default(120) }), output: z.object({ started: z.literal(true) }) },
  /** Starts (or restarts) polling the cluster's health every `intervalSeconds`: `health.snapshot` events. */
  'health.watch': { input: z.object({ runId: RunId, profile: ProfileSchema, secrets: Secrets, allowLocalSecrets: AllowLocal, intervalSeconds: z.number().int().min(1).max(3600) }), output: z.object({ started: z.literal(true) }) },
  'health.stop': { input: z.object({ runId: RunId }), output: z.object({ stopped: z.boolean() }) },
  /** The load balancer's generated configuration, from the profile alone (no connection). */
  'loadBalancer.config': { input: z.object({ profile: ProfileSchema }), output: z.object({ files: z.array(z.object({ name: z.string(), language: z.string(), content: z.string() })), notes: z.array(z.string()) }) },
  /**
   * Renders what the engine kept and saves it where the admin chooses (the host's save dialog): a check
   * run's report (HTML, or the CLI's JSON), a health watch's last snapshot (HTML, PDF or JSON), a plan (JSON).
   * Refused for an id the engine does not keep (unknown, dismissed, or older than the last 20).
   */
  'report.save': {
    input: z.discriminatedUnion('of', [
      z.object({ of: z.literal('checks'), runId: RunId, format: z.enum(['html', 'json']) }),
      z.object({ of: z.literal('health'), runId: RunId, format: z.enum(['html', 'pdf', 'json']) }),
      z.object({ of: z.literal('plan'), planId: PlanId }),
      z.object({ of: z.literal('apply'), runId: RunId, format: z.enum(['html', 'json']) }),
    ]),
    output: Saved,
  },
  /** Forgets a kept plan, check run (its report and events), apply run or health snapshot (the admin dismissed it). */
  'run.dismiss': { input: z.object({ id: z.union([RunId, PlanId]) }), output: z.object({ dismissed: z.boolean() }) },
  /** Saves text (a config, a profile) where the admin chooses. */
  'file.save': { input: z.object({ suggestedName: z.string().max(200), content: z.string(), kind: z.enum(['html', 'json', 'text', 'pdf', 'profile']) }), output: Saved },
  /** Lets the admin pick a private key file; returns its path only. */
  'dialog.pickKeyFile': { input: z.object({}), output: z.object({ path: z.string().nullable() }) },
  /** Opens an http(s) link in the system browser. */
  'shell.openExternal': { input: z.object({ url: z.url({ protocol: /^https?$/ }) }), output: z.object({ opened: z.boolean() }) },
  // Helper "reports" (issue 11, items 13 and 14): cancelling a check run, and the reports folder.
  /** Stops a running check run at once: its sessions are closed and its test files removed; `checks.done` then says cancelled. */
  'checks.cancel': { input: z.object({ runId: RunId }), output: z.object({ cancelled: z.boolean() }) },
  /** The reports every check run and apply left in the app's reports folder (the newest first, the last 100 kept). */
  'reports.list': { input: z.object({}), output: z.object({ folder: z.string().nullable(), kept: z.number().int(), runs: z.array(KeptReportSchema) }) },
  /** Opens the reports folder in the system's file manager (that folder only). */
  'reports.openFolder': { input: z.object({}), output: z.object({ opened: z.boolean() }) },
  /** Opens one kept report (its HTML) with the system's browser; refused for an id not in the folder. */
  'reports.open': { input: z.object({ id: ReportId }), output: z.object({ opened: z.boolean() }) },
  // helper "session" (issue 11 item 5): a reloaded window reads its runs back, then keeps listening to their events.
  /** A kept check run, apply or upgrade: every event it sent so far, in order, and its outcome (null while it runs); null when not kept. */
  'run.get': { input: z.object({ id: RunId }), output: z.object({ run: KeptRunSchema.nullable() }) },
  /** The runs the engine keeps (until dismissed), oldest first. */
  'run.list': { input: z.object({}), output: z.array(RunSummarySchema) },
  /** A kept plan (what Review showed), null when not kept. */
  'plan.get': { input: z.object({ planId: PlanId }), output: z.object({ plan: PlanSchema.nullable() }) },
  // --- helper "servers" (issue 11, items 3 and 17) ---
  /** The public key beside a private key file (`<file>.pub`), for the "Prepare a Windows server" script; null with the reason when there is none. */
  'ssh.publicKey': { input: z.object({ keyPath: z.string().min(1).max(4096) }), output: z.object({ publicKey: z.string().nullable(), path: z.string(), reason: z.string().nullable() }) },
  /** Trusts a changed host key after the admin compared it and typed its last 6 characters (`confirm`); the known hosts entry is replaced. */
  'hostKey.replace': {
    input: z.object({ host: z.string().min(1).max(253), port: z.number().int().min(1).max(65535), expected: Fingerprint, presented: Fingerprint, keyType: z.string().max(64).optional(), confirm: z.string().max(64) }),
    output: z.object({ replaced: z.literal(true), fingerprint: Fingerprint }),
  },
  // --- issue 13: grow, shrink and drain (helpers "grow-shrink" and "drain" implement; the dashboard's actions call them) ---
  /** Each server's state at the load balancer, read from the balancer itself; `driven: false` when the profile gives no access to it. */
  'balancer.members': { input: z.object({ profile: ProfileSchema, ...Reach }), output: BalancerAnswerSchema },
  /** Takes one server out of the balancer's rotation (the others untouched), or says what to run there. */
  'node.drain': { input: z.object({ profile: ProfileSchema, node: z.string().min(1), ...Reach }), output: BalancerAnswerSchema },
  /** Puts one server back into the balancer's rotation, or says what to run there. */
  'node.resume': { input: z.object({ profile: ProfileSchema, node: z.string().min(1), ...Reach }), output: BalancerAnswerSchema },
  /** Checks a server to be added to the running cluster: its own checks and the cluster checks it affects; `checks.event`, then `checks.done`. */
  'node.checkAdd': { input: z.object({ runId: RunId, profile: ProfileSchema, node: NodeSchema, ...Reach }), output: z.object({ started: z.literal(true) }) },
  /**
   * Plans adding one server (`profile` is the cluster as it runs, without it): its config gets the cluster's
   * database, key and storage; the balancer gains it once its /health is OK. Kept under `planId` for `apply.start`.
   * `refused` says why it cannot be added (its own data, unless `leaveDataBehind`); `licenceNote` from the sixth server.
   */
  'node.planAdd': {
    input: z.object({ profile: ProfileSchema, node: NodeSchema, leaveDataBehind: z.boolean().default(false), ...Reach }),
    output: z.object({ planId: PlanId.nullable(), plan: PlanSchema.nullable(), refused: z.string().nullable(), licenceNote: z.string().nullable() }),
  },
  /**
   * Removes one server: drained at the balancer, waited on until it serves nothing (or `drainTimeoutSeconds`),
   * its service stopped, taken out of the balancer's config, its config kept as a backup. Refused for the last
   * healthy server. Steps stream as `apply.event`, then one `apply.done`, under `runId`. `drainTimeoutSeconds: 0` says the balancer is already handled (no balancer step; without access, the only way to remove).
   */
  'node.remove': { input: z.object({ runId: RunId, profile: ProfileSchema, node: z.string().min(1), drainTimeoutSeconds: z.number().int().min(0).max(3600).default(300), ...Reach }), output: z.object({ started: z.literal(true) }) },
  // --- issue 13: the dashboard's history (helper "history" implements, helper "charts" draws) ---
  /** The cluster's last `hours` of health (kept by the engine's watcher, on disk across restarts), in buckets, with its events. */
  'health.history': { input: z.object({ profile: ProfileSchema, hours: z.number().min(0.25).max(24).default(24) }), output: HealthHistorySchema },
  // --- issue 13, helper "history": the app's settings (the desktop notification switch), kept by the host ---
  /** The app's settings as kept now (defaults where never set). */
  'settings.get': { input: z.object({}), output: AppSettingsSchema },
  /** Changes the settings given, keeps them, and answers all of them as now kept. */
  'settings.set': { input: AppSettingsSchema.partial(), output: AppSettingsSchema },
  // --- issue 15: an apply cut short, recovered from the desktop app (helper "recover-desktop") ---
  /** Whether an apply to this cluster was cut short (its journal in the app's data folder): what, where, when, and what each choice would do; null when none. */
  'recover.status': { input: z.object({ profile: ProfileSchema }), output: RecoverStatusSchema.nullable() },
  /**
   * Finishes (restarts half-done servers, then applies `planId`, a plan made by `plan.create` and shown) or rolls
   * back (every changed server from the backups the journal names, restarted, health-gated) an apply cut short.
   * Steps stream as `apply.event`, then one `apply.done`, under `runId`. `breakLock`: the admin's word to break a
   * stale cluster lock (one a refused report named as `staleLock`), as the CLI's --break-lock.
   */
  'recover.start': {
    input: z.object({ runId: RunId, profile: ProfileSchema, action: z.enum(['finish', 'rollback']), planId: PlanId.optional(), healthTimeoutSeconds: z.number().int().min(5).max(3600).default(120), breakLock: z.boolean().default(false), ...Reach }),
    output: z.object({ started: z.literal(true) }),
  },
  // --- issue 13: drift (helper "drift") ---
  /** Compares every server and the balancer's members with the state the last apply saved (or the profile); it only reads. */
  'drift.check': { input: z.object({ profile: ProfileSchema, ...Reach }), output: DriftReportSchema },
  // --- issue 14: upgrade the whole cluster to a new product version ---
  /**
   * Preflight (every server healthy and on one version, the path allowed by the rule table, the schema may
   * change, room for the backups, the installer reachable) and, when it passes, the plan to review, kept under
   * `planId`. Nothing is changed. `backupDir`: where the database backup goes (a path the database server, or
   * for PostgreSQL the first server, can write); configs and extensions are backed up beside each server's config.
   */
  'upgrade.plan': {
    input: z.object({ profile: ProfileSchema, to: ProductVersionSchema, mode: UpgradeModeSchema.default('coordinated'), backupDir: z.string().min(1).max(1000), ...Reach }),
    output: z.object({ preflight: z.array(UpgradePreflightItemSchema), planId: UpgradePlanId.nullable(), plan: UpgradePlanSchema.nullable() }),
  },
  /** Runs exactly the plan `planId`; steps stream as `upgrade.event`, then one `upgrade.done`, under `runId`. */
  'upgrade.start': {
    input: z.object({ runId: RunId, planId: UpgradePlanId, healthTimeoutSeconds: z.number().int().min(5).max(3600).default(300), ...Reach }),
    output: z.object({ started: z.literal(true) }),
  },
  'app.info': { input: z.object({}), output: z.object({ version: z.string(), host: z.enum(['electron', 'harness']), secretStorage: z.enum(['encrypted', 'memory-only']), platform: z.string() }) },
} as const;

/** A run that ended in failure: why, in words, secrets masked. */
const Failed = z.object({ runId: RunId, ok: z.literal(false), error: z.string() });

export const EVENTS = {
  'checks.event': z.object({ runId: RunId, event: CheckEventSchema }),
  /** A cancelled run ends `ok: false` with `cancelled: true` (checks.cancel). */
  'checks.done': z.discriminatedUnion('ok', [z.object({ runId: RunId, ok: z.literal(true), output: CheckRunSummarySchema }), Failed.extend({ cancelled: z.literal(true).optional() })]),
  'apply.event': z.object({ runId: RunId, event: ApplyEventSchema }),
  'apply.done': z.discriminatedUnion('ok', [z.object({ runId: RunId, ok: z.literal(true), report: ApplyReportSchema }), Failed]),
  /** One poll round, or why watching failed (then no more snapshots come for this runId). */
  'health.snapshot': z.discriminatedUnion('ok', [z.object({ runId: RunId, ok: z.literal(true), snapshot: ClusterHealthSnapshotSchema }), Failed]),
  /** Something happened to a watched cluster (a server went down or came back, drift, an apply, a drain), as it happens. */
  'health.event': z.object({ cluster: z.string(), event: ClusterEventSchema }),
  'upgrade.event': z.object({ runId: RunId, event: UpgradeEventSchema }),
  /** The report (also written to the reports folder as HTML and JSON), or why the run could not start. */
  'upgrade.done': z.discriminatedUnion('ok', [z.object({ runId: RunId, ok: z.literal(true), report: UpgradeReportSchema, reportPath: z.string().nullable() }), Failed]),
  'theme.changed': z.object({ dark: z.boolean(), highContrast: z.boolean() }),
  /** The admin opened a .hawizard file (double-click, or the app's command line): a profile without secrets. */
  'profile.opened': z.object({ name: z.string(), profile: ProfileSchema }),
} as const;

export type CallName = keyof typeof CALLS;
export type EventName = keyof typeof EVENTS;
/** What a caller sends (defaults may be left out). */
export type CallInput<C extends CallName> = z.input<(typeof CALLS)[C]['input']>;
/** What a handler gets: the input after validation, defaults filled in. */
export type CallParsedInput<C extends CallName> = z.output<(typeof CALLS)[C]['input']>;
export type CallOutput<C extends CallName> = z.output<(typeof CALLS)[C]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

/**
 * Why a call failed. invalid-input: the input does not match the contract; unknown-call: no such call;
 * refused: the engine will not do it (an unknown plan id, a foreign window); failed: it was tried and
 * failed; invalid-output: the engine's answer broke the contract (a bug, never passed through);
 * disconnected: the transport to the engine is gone.
 */
export const CALL_ERROR_KINDS = ['invalid-input', 'unknown-call', 'refused', 'failed', 'invalid-output', 'disconnected'] as const;
export const CallErrorSchema = z.object({ kind: z.enum(CALL_ERROR_KINDS), message: z.string() });
export type CallErrorInfo = z.infer<typeof CallErrorSchema>;
export type CallResult<C extends CallName> = { ok: true; value: CallOutput<C> } | { ok: false; error: CallErrorInfo };

/** The schema of a call's result, for a transport that wants to check what it carries. */
export function callResultSchema<C extends CallName>(name: C) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value: CALLS[name].output }), z.object({ ok: z.literal(false), error: CallErrorSchema })]);
}

export const CALL_NAMES = Object.keys(CALLS) as CallName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** What the renderer sees as `window.wizard`: exactly the contract. */
export interface WizardApi {
  call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallResult<C>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}
