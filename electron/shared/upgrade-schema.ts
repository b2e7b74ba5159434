/**
 * Upgrading a whole cluster to a new product version (issue 14): the plan shown before anything changes,
 * the events of a run and its report, as zod schemas. The engine (electron/core/upgrade) makes and runs
 * them; the CLI prints them; the dashboard's upgrade flow shows them. No secret is ever in any of them.
 */
import { z } from 'zod';
import { ManualStepSchema } from './plan-schema';
import { UPGRADE_MODES, type UpgradeMode } from './upgrade-modes';

export const UPGRADE_SCHEMA_ID = 'ha-wizard/upgrade-plan@1';

/**
 * coordinated (the default): every server stopped, the first upgraded with its schema, then the others, all
 * behind a balancer in maintenance. rolling: one server at a time, drained, upgraded, health-gated, resumed;
 * only where the two versions may run side by side (upgrade-paths.ts).
 */
export { UPGRADE_MODES, type UpgradeMode };
export const UpgradeModeSchema = z.enum(UPGRADE_MODES);

/** A product version as the products write it: "2025.14", "2026.1". */
export const ProductVersionSchema = z.string().regex(/^\d{4}\.\d{1,4}$/, 'a product version like 2025.14');

/** What the rule table (upgrade-paths.ts) says about going from one version to another. */
export const UpgradePathSchema = z.discriminatedUnion('allowed', [
  z.object({
    allowed: z.literal(true),
    /** The two versions may serve side by side (maintenance releases): rolling mode is possible. */
    rolling: z.boolean(),
    /** The database schema changes: the first server upgrades it, the others must wait. */
    schemaChanges: z.boolean(),
    /** Going back to `from` needs the database restored from the backup (the old version cannot read the new schema). */
    restoreDatabaseOnRollback: z.boolean(),
    /** One sentence for the admin: why this path is allowed and what it implies. */
    note: z.string(),
  }),
  z.object({
    allowed: z.literal(false),
    /** Why not, in the admin's words, and the way that is allowed (e.g. through an intermediate version). */
    reason: z.string(),
    /** The version to upgrade to first, when the table knows one. */
    via: ProductVersionSchema.nullable(),
  }),
]);
export type UpgradePath = z.infer<typeof UpgradePathSchema>;

export const UPGRADE_STEP_KINDS = [
  'backup-database', 'backup-config', 'backup-extensions', 'verify-backups',
  'balancer-maintenance', 'drain', 'stop', 'install', 'upgrade-schema', 'start', 'wait-healthy', 'resume',
  'check-sync', 'balancer-reopen',
] as const;
export const UpgradeStepKindSchema = z.enum(UPGRADE_STEP_KINDS);
export type UpgradeStepKind = z.infer<typeof UpgradeStepKindSchema>;

export const UpgradeStepSchema = z.object({
  /** Unique in the plan, stable: "<kind>" or "<kind>:<nodeId>". Events name steps by it. */
  id: z.string(),
  kind: UpgradeStepKindSchema,
  /** The server the step runs on; null for the database, the balancer or the cluster as a whole. */
  nodeId: z.string().nullable(),
  /** What the step does, in one sentence (the command it runs, where it applies). */
  text: z.string(),
  /** How the step is undone if the run fails after it; null when there is nothing to undo. */
  undo: z.string().nullable(),
});
export type UpgradeStep = z.infer<typeof UpgradeStepSchema>;

export const UpgradeBackupSchema = z.object({
  what: z.enum(['database', 'config', 'extensions']),
  nodeId: z.string().nullable(),
  /** Where the backup will be written (a path on that server, or on the database server). */
  path: z.string(),
});
export type UpgradeBackup = z.infer<typeof UpgradeBackupSchema>;

export const UpgradePlanSchema = z.object({
  $schema: z.literal(UPGRADE_SCHEMA_ID),
  product: z.string(),
  /** The version every server runs now (preflight refuses a cluster on mixed versions). */
  from: ProductVersionSchema,
  to: ProductVersionSchema,
  mode: UpgradeModeSchema,
  path: UpgradePathSchema,
  nodes: z.array(z.object({ id: z.string(), host: z.string(), os: z.enum(['windows', 'linux']), installer: z.string() })),
  steps: z.array(UpgradeStepSchema),
  backups: z.array(UpgradeBackupSchema),
  /** Coordinated: the outage users will see; rolling: how long two versions serve side by side. One sentence. */
  expected: z.string(),
  warnings: z.array(z.string()),
});
export type UpgradePlan = z.infer<typeof UpgradePlanSchema>;

const StepStatus = z.enum(['started', 'done', 'failed', 'skipped']);

export const UpgradeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('upgrade-step'), stepId: z.string(), status: StepStatus, detail: z.string() }),
  /** The rollback's own steps (undoing `stepId`). */
  z.object({ type: z.literal('upgrade-undo'), stepId: z.string(), status: StepStatus, detail: z.string() }),
  z.object({ type: z.literal('upgrade-log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
]);
export type UpgradeEvent = z.infer<typeof UpgradeEventSchema>;

export const UpgradeNodeOutcomeSchema = z.object({
  id: z.string(),
  versionBefore: z.string().nullable(),
  versionAfter: z.string().nullable(),
  /** upgraded: on `to` and healthy; restored: back on `from`, config byte-identical; untouched; rollback-failed: see manual. */
  result: z.enum(['upgraded', 'restored', 'untouched', 'rollback-failed']),
  healthy: z.boolean(),
  manual: z.string().nullable(),
});
export type UpgradeNodeOutcome = z.infer<typeof UpgradeNodeOutcomeSchema>;

export const UpgradeReportSchema = z.object({
  $schema: z.literal('ha-wizard/upgrade-report@1'),
  status: z.enum(['upgraded', 'refused', 'rolled-back', 'rollback-failed']),
  /** Why it was refused or rolled back; null when upgraded. */
  reason: z.string().nullable(),
  product: z.string(),
  from: z.string(),
  to: z.string(),
  mode: UpgradeModeSchema,
  nodes: z.array(UpgradeNodeOutcomeSchema),
  database: z.object({ backup: z.string().nullable(), restored: z.boolean(), schemaUpgradeExitCode: z.number().int().nullable() }),
  steps: z.array(z.object({ stepId: z.string(), status: StepStatus, detail: z.string(), startedAt: z.string(), finishedAt: z.string().nullable() })),
  /** Coordinated: from the first service stopped to the balancer reopened (ms); null for rolling or when never reopened. */
  outageMs: z.number().nullable(),
  manualSteps: z.array(ManualStepSchema),
  startedAt: z.string(),
  finishedAt: z.string(),
});
export type UpgradeReport = z.infer<typeof UpgradeReportSchema>;
