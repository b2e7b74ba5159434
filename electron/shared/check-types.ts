/** Checks are data: an id, a title, a scope, what they need, and a run function returning an outcome. */
import type { CheckArea, CheckStatus } from './check-kinds';
import type { JsonValue } from './check-run-schema';
import type { Remedy } from './remedy';

export { CHECK_AREAS, CHECK_STATUSES, type CheckArea, type CheckStatus } from './check-kinds';

/** 'cluster' for cluster-wide checks, else the node's id. */
export type CheckTarget = string;
export const CLUSTER: CheckTarget = 'cluster';

export interface CheckOutcome {
  status: CheckStatus;
  /** What was found, in plain words. */
  detail: string;
  /** What to do about it, in one or two sentences (for warn and fail); places to act on are references (remedy.ts). */
  remedy?: Remedy;
  /** Facts for the UI (e.g. which node sees which sentinel); never secrets. */
  data?: Record<string, JsonValue>;
}

// A result and the run's events are what the contract carries: their schemas are in check-run-schema.ts.
export type { CheckEvent, CheckResult } from './check-run-schema';

export interface CheckDefinition<Ctx> {
  id: string;
  title: string;
  area: CheckArea;
  scope: 'node' | 'cluster';
  /**
   * Checks that must pass (or warn) first. A node check's node-scoped needs are read on the same node.
   * A cluster check with a node-scoped need runs when that need passed on at least one node, and
   * itself looks at which nodes are usable.
   */
  needs?: string[];
  /** A reason to skip this check for this profile (e.g. "no load balancer URL given"), or null to run it. */
  skipReason?(ctx: Ctx, nodeId?: string): string | null;
  /** Longer than the default for checks that do slow work (e.g. cross-node storage). */
  timeoutMs?: number;
  run(ctx: Ctx, nodeId?: string): Promise<CheckOutcome>;
}
