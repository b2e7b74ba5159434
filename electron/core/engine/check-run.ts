/** One full check run over a cluster: the engine's entry point for the CLI, the desktop app and the harness. */
import { ALL_CHECKS } from '../checks/all-checks';
import { DATABASE_STARTS_FIRST } from '../checks/database-checks';
import { ClusterContext } from '../run/cluster-context';
import type { EngineSettings } from '../run/engine-settings';
import { runChecks, summarize } from '../checks/runner';
import type { CheckEvent, CheckResult } from '../../shared/check-types';
import type { ClusterProfile } from '../../shared/profile';
import type { SecretResolver } from '../secrets';
import { nodeInventory, type NodeInventory } from './inventory';

export interface CheckRunInput {
  profile: ClusterProfile;
  settings: EngineSettings;
  secrets: SecretResolver;
  only?: string[];
  warn?: string[];
  onEvent?: (e: CheckEvent) => void;
  /** Cancels the run (checks.cancel, Ctrl-C): it ends at once, sessions closed and test files removed. */
  signal?: AbortSignal;
}

/** The run was cancelled: what it had left on the servers is removed and its sessions are closed. */
export class CheckRunCancelledError extends Error {
  constructor() {
    super('the check run was cancelled; its connections are closed and its test files removed');
  }
}

export interface CheckRunOutput {
  results: CheckResult[];
  summary: ReturnType<typeof summarize>;
  startedAt: Date;
  finishedAt: Date;
  /** SSH handshakes per node in this run (one is the goal). */
  handshakes: Record<string, number>;
  /** What each node is, from the same sessions and reads the checks used (with `only`: the nodes those checks reached). */
  inventory: NodeInventory[];
}

export async function runClusterChecks(input: CheckRunInput): Promise<CheckRunOutput> {
  const startedAt = new Date();
  const ctx = new ClusterContext(input.profile, input.settings, input.secrets);
  try {
    const results = await runChecks(ALL_CHECKS, ctx, {
      nodeIds: ctx.nodes.map((n) => n.id),
      checkTimeoutMs: input.settings.checkTimeoutMs,
      startFirst: DATABASE_STARTS_FIRST,
      redact: (t) => input.secrets.redactor.redact(t),
      ...(input.only ? { only: input.only } : {}),
      ...(input.warn ? { warn: input.warn } : {}),
      ...(input.onEvent ? { onEvent: input.onEvent } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    });
    if (input.signal?.aborted) throw new CheckRunCancelledError();
    // Some checks only (`--only`, a page of the app checking its step): the servers they reached, and no
    // login just to describe the others (it waited out a hung server's connect timeout).
    const described = input.only ? ctx.nodes.filter((n) => ctx.pool.started(n.id)) : ctx.nodes;
    const inventory = await Promise.all(described.map((n) => nodeInventory(ctx, n.id)));
    const handshakes = Object.fromEntries(ctx.nodes.map((n) => [n.id, ctx.pool.handshakes(n.id)]));
    return { results, summary: summarize(results), startedAt, finishedAt: new Date(), handshakes, inventory };
  } finally {
    // Cancelled: a connect still in flight (a dead link) is not waited for; it is closed if it ever succeeds.
    await ctx.close({ waitForConnects: !input.signal?.aborted });
  }
}
