/**
 * What a check run sends out, as zod schemas: each result, the streamed events, each node's inventory
 * and the run's output. The engine's types are `z.infer` of these (one source); the contract carries
 * them to the UI, which validates nothing itself but gets the same types.
 */
import { z } from 'zod';
import { CHECK_AREAS, CHECK_STATUSES } from './check-kinds';
import { RemedySchema } from './remedy';

/** Any JSON value (what survives a trip over IPC or a WebSocket). */
export const JsonValueSchema = z.json();
export type JsonValue = z.infer<typeof JsonValueSchema>;

/** A JSON object of facts for the UI (e.g. which node sees which sentinel); never secrets. */
export const CheckDataSchema = z.record(z.string(), JsonValueSchema);

export const CheckResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  area: z.enum(CHECK_AREAS),
  /** 'cluster' for cluster-wide checks, else the node's id. */
  target: z.string(),
  status: z.enum(CHECK_STATUSES),
  detail: z.string(),
  /** Words and references; each surface renders it (remedy.ts remedyText). */
  remedy: RemedySchema.nullable(),
  durationMs: z.number().nonnegative(),
  /** Set when --warn turned a failure into a warning. */
  downgraded: z.boolean().optional(),
  data: CheckDataSchema.optional(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const CheckEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('check-started'), id: z.string(), target: z.string() }),
  z.object({ type: z.literal('check-finished'), result: CheckResultSchema }),
]);
export type CheckEvent = z.infer<typeof CheckEventSchema>;

/** How a node's configuration reads, masked: the connection string without its password, the key as a fingerprint. */
export const ConfigViewSchema = z.object({
  format: z.enum(['xml', 'env']),
  databaseKind: z.enum(['sqlserver', 'postgres', 'both']).nullable(),
  connectionStringMasked: z.string().nullable(),
  encryptionKeyFingerprint: z.string().nullable(),
  encryptionKeyWellFormed: z.boolean().nullable(),
  urls: z.array(z.string()),
});
export type ConfigView = z.infer<typeof ConfigViewSchema>;

/** What each node is, for the Servers page and `ha-wizard check --json`. Never a secret. */
export const NodeInventorySchema = z.object({
  nodeId: z.string(),
  reachable: z.boolean(),
  error: z.string().nullable(),
  hostname: z.string().nullable(),
  os: z.string().nullable(),
  productInstalled: z.boolean().nullable(),
  version: z.string().nullable(),
  serviceState: z.string().nullable(),
  config: ConfigViewSchema.nullable(),
  configError: z.string().nullable(),
  freeBytes: z.number().nullable(),
  clockOffsetMs: z.number().nullable(),
  hostKeyFingerprint: z.string().nullable(),
});
export type NodeInventory = z.infer<typeof NodeInventorySchema>;

const count = z.number().int().nonnegative();
export const StatusCountsSchema = z.object({ pass: count, warn: count, fail: count, skip: count });

/** One run's output as it crosses to the UI (dates as ISO strings: JSON has no Date). */
export const CheckRunSummarySchema = z.object({
  results: z.array(CheckResultSchema),
  summary: StatusCountsSchema,
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  /** SSH handshakes per node in this run (one is the goal). */
  handshakes: z.record(z.string(), z.number()),
  inventory: z.array(NodeInventorySchema),
});
export type CheckRunSummary = z.infer<typeof CheckRunSummarySchema>;
