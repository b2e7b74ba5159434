/**
 * A cluster's health over time (issue 13): what the engine's watcher keeps for the last 24 hours, in
 * memory and in a small file per cluster in the app's data folder, and what the dashboard draws and
 * `ha-wizard health --history` prints. Plain values only; secrets never appear (fingerprints at most).
 */
import { z } from 'zod';
import { NodeStateSchema } from './health-snapshot';

/** How long the history reaches back. */
export const HISTORY_HOURS = 24;

/** A server's state over one bucket of time: the worst state seen in it, and its median /health time. */
export const HistoryBucketSchema = z.object({
  /** Start of the bucket (ISO time). */
  at: z.string(),
  /** 'unknown': nobody watched during this bucket (the app was closed, the watch paused). */
  state: z.union([NodeStateSchema, z.literal('unknown')]),
  elapsedMs: z.number().nullable(),
});
export type HistoryBucket = z.infer<typeof HistoryBucketSchema>;

export const CLUSTER_EVENT_KINDS = [
  'node-down', 'node-back', 'drift-found', 'drift-cleared', 'apply', 'drain', 'resume', 'node-added', 'node-removed', 'watch-started', 'watch-stopped', 'upgrade',
] as const;
export const ClusterEventSchema = z.object({
  at: z.string(),
  kind: z.enum(CLUSTER_EVENT_KINDS),
  /** The server it is about, or null for the whole cluster. */
  node: z.string().nullable(),
  /** One sentence an admin reads: "node2 stopped answering /health (service stopped)". */
  text: z.string(),
});
export type ClusterEvent = z.infer<typeof ClusterEventSchema>;

export const HealthHistorySchema = z.object({
  /** Which cluster: a stable key from the profile (its product and nodes), never a secret. */
  cluster: z.string(),
  from: z.string(),
  to: z.string(),
  bucketSeconds: z.number().int().positive(),
  nodes: z.array(z.object({ id: z.string(), buckets: z.array(HistoryBucketSchema) })),
  /** Oldest first. */
  events: z.array(ClusterEventSchema),
});
export type HealthHistory = z.infer<typeof HealthHistorySchema>;
