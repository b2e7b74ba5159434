/**
 * One poll round of the cluster's health (the dashboard's data) as zod schemas: plain, serializable
 * values only, key fingerprints (never keys), messages already passed through the run's redactor.
 * The engine's types (electron/core/health) are `z.infer` of these; its verdict logic stays there.
 */
import { z } from 'zod';

export const HealthStatusSchema = z.enum(['OK', 'Error']);

/**
 * What an admin should read for a server, decided once in the engine: `service-stopped` is a server that
 * answers over SSH but refuses the product's port; `not-answering` gave no answer in time (a dead link);
 * `unreachable` refused or failed without SSH to tell more.
 */
export const NodeStateSchema = z.enum(['healthy', 'unhealthy', 'service-stopped', 'not-answering', 'unreachable']);
export type NodeState = z.infer<typeof NodeStateSchema>;

export const NodeHealthSchema = z.object({
  id: z.string(),
  state: NodeStateSchema,
  /** The node's own web address (its /health is read there, not through the load balancer). */
  url: z.string(),
  /** /health answered at all (any HTTP status). */
  reachable: z.boolean(),
  /** Something on this node (HTTP or SSH) gave no answer within the timeout, rather than failing. */
  hung: z.boolean(),
  httpStatus: z.number().nullable(),
  healthy: z.boolean(),
  /** releaseNumber (e.g. 2025.14), else versionNumber, from /health. */
  version: z.string().nullable(),
  databaseStatus: HealthStatusSchema.nullable(),
  databaseDetail: z.string().nullable(),
  licenseStatus: HealthStatusSchema.nullable(),
  serviceStatus: HealthStatusSchema.nullable(),
  /** Read over SSH: the SSH session worked and the configuration was read this round. */
  sshOk: z.boolean(),
  keyFingerprint: z.string().nullable(),
  /** null when the configuration could not be read this round. */
  keyInSync: z.boolean().nullable(),
  error: z.string().nullable(),
  elapsedMs: z.number(),
});
export type NodeHealth = z.infer<typeof NodeHealthSchema>;

export const StorageHealthSchema = z.object({
  ok: z.boolean(),
  detail: z.string(),
  path: z.string(),
  /** The node that wrote this round's file, and the nodes that read it back (the writer included). */
  writer: z.string().nullable(),
  seen: z.array(z.string()),
  notSeen: z.array(z.string()),
  /** Nodes that could not be asked this round (no SSH). */
  untested: z.array(z.string()),
});
export type StorageHealth = z.infer<typeof StorageHealthSchema>;

export const DatabaseHealthSchema = z.object({
  /** Probed from this computer: logged in to the product's database. */
  reachable: z.boolean(),
  detail: z.string(),
  elapsedMs: z.number(),
});
export type DatabaseHealth = z.infer<typeof DatabaseHealthSchema>;

export const LoadBalancerHealthSchema = z.object({
  url: z.string().nullable(),
  /** null when the profile names no load balancer URL. */
  reachable: z.boolean().nullable(),
  healthy: z.boolean().nullable(),
  /**
   * The balancer answers with an error page of its own while servers answer healthy directly, and has
   * done so only for a short while: it is re-admitting servers it saw restart (HAProxy: 503 until its
   * health checks pass again), not down.
   */
  readmitting: z.boolean(),
  detail: z.string(),
  elapsedMs: z.number(),
});
export type LoadBalancerHealth = z.infer<typeof LoadBalancerHealthSchema>;

export const ClusterSummarySchema = z.enum(['healthy', 'degraded', 'down']);
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>;

export const ClusterHealthSnapshotSchema = z.object({
  at: z.iso.datetime(),
  durationMs: z.number(),
  nodes: z.array(NodeHealthSchema),
  /** False when two nodes report different versions; null (unknown) when they agree but a node was not read. */
  versionsInSync: z.boolean().nullable(),
  versions: z.record(z.string(), z.array(z.string())),
  /** False when a node read has another key or none; null (unknown) when those read agree but a node was not read. */
  keysInSync: z.boolean().nullable(),
  storage: StorageHealthSchema,
  database: DatabaseHealthSchema,
  loadBalancer: LoadBalancerHealthSchema,
  summary: ClusterSummarySchema,
  /** Why the summary is not healthy, one sentence each. */
  problems: z.array(z.string()),
});
export type ClusterHealthSnapshot = z.infer<typeof ClusterHealthSnapshotSchema>;
