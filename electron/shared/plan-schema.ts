/**
 * The plan file: everything apply will do, shown to the admin first. It holds the profile (secret
 * references only), masked diffs and the hash of every file it read; no secret, and no timestamp,
 * so the same cluster state always gives the same plan.
 */
import { z } from 'zod';
import { ProfileSchema } from './profile';

export const PLAN_SCHEMA_ID = 'ha-wizard/plan@1';

export const PlanStepSchema = z.object({
  kind: z.enum(['backup', 'write', 'restart', 'wait-healthy']),
  description: z.string(),
});

export const PlanNodeSchema = z.object({
  id: z.string(),
  host: z.string(),
  os: z.enum(['windows', 'linux']),
  configPath: z.string(),
  before: z.object({ exists: z.boolean(), sha256: z.string().nullable(), bytes: z.number().nullable() }),
  changed: z.boolean(),
  /** Unified diff of the real bytes, each line shown with its secrets masked in place; empty when unchanged. */
  diff: z.string(),
  /** The only differences are in masked values (a password or key): the diff shows the lines, masked. */
  secretChangesOnly: z.boolean(),
  steps: z.array(PlanStepSchema),
});

export const PlanSettingSchema = z.object({
  name: z.string(),
  value: z.string(),
  current: z.string().nullable(),
  how: z.enum(['api', 'manual', 'unchanged']),
  where: z.string(),
});

/** A database by its server ("host:port" or "host\\instance") and name. */
export const DatabaseRefSchema = z.object({ server: z.string(), name: z.string() });

/**
 * What a node loses, said before Apply: a node that today uses a database of its own is moved to the
 * shared one (its own data is no longer seen); a node whose own encryption key is replaced by the
 * cluster's (what it encrypted with the old key can no longer be read). Names and fingerprints only:
 * never a key, a password or a whole connection string.
 */
export const PlanWarningSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('database-moved'), nodeId: z.string(), host: z.string(),
    /** The database the node's configuration names today, and the cluster's shared one. */
    currentDatabase: DatabaseRefSchema,
    sharedDatabase: DatabaseRefSchema,
  }),
  z.object({
    kind: z.literal('key-replaced'), nodeId: z.string(), host: z.string(),
    currentFingerprint: z.string(),
    /** null when the cluster's key is generated at apply time. */
    clusterFingerprint: z.string().nullable(),
  }),
]);

export const ManualStepSchema = z.object({ title: z.string(), detail: z.string(), url: z.string().nullable() });

export const PlanSchema = z.object({
  schema: z.literal(PLAN_SCHEMA_ID),
  tool: z.object({ name: z.string(), version: z.string() }),
  profile: ProfileSchema,
  profileHash: z.string(),
  noChange: z.boolean(),
  encryptionKey: z.object({
    decision: z.enum(['keep', 'generate']),
    /** The kept key's fingerprint; null when a new key is generated at apply time. */
    fingerprint: z.string().nullable(),
    reason: z.string(),
  }),
  /** The big changes, named per node (plans made before these existed read as none). */
  warnings: z.array(PlanWarningSchema).default([]),
  nodes: z.array(PlanNodeSchema),
  settings: z.array(PlanSettingSchema),
  loadBalancer: z.object({
    type: z.string(),
    files: z.array(z.object({ name: z.string(), language: z.string(), content: z.string() })),
    notes: z.array(z.string()),
  }).nullable(),
  manualSteps: z.array(ManualStepSchema),
});

export type Plan = z.infer<typeof PlanSchema>;
export type PlanNode = z.infer<typeof PlanNodeSchema>;
export type PlanSetting = z.infer<typeof PlanSettingSchema>;
export type DatabaseRef = z.infer<typeof DatabaseRefSchema>;
export type PlanWarning = z.infer<typeof PlanWarningSchema>;
export type ManualStep = z.infer<typeof ManualStepSchema>;
