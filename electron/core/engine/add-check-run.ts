/**
 * The checks for a server about to join a running cluster: every check of that server, and the
 * cluster checks its arrival affects (storage shared with it, one key, one version, distinct servers,
 * how many). The cluster's other servers are read only where those cluster checks need them.
 */
import { ALL_CHECKS } from '../checks/all-checks';
import { DATABASE_STARTS_FIRST } from '../checks/database-checks';
import { runChecks, summarize } from '../checks/runner';
import { ClusterContext } from '../run/cluster-context';
import { CheckRunCancelledError, type CheckRunInput, type CheckRunOutput } from './check-run';
import { nodeInventory } from './inventory';
import { CHECK_CATALOG, type CheckId } from '../../shared/check-catalog';
import { nodeId, type NodeProfile } from '../../shared/profile';
import { withNode } from '../cluster-change/grown-profile';

/** The cluster checks a new server can change the answer of. */
export const CLUSTER_CHECKS_AFFECTED: readonly CheckId[] = ['servers.same-version', 'servers.node-count', 'servers.hostnames-distinct', 'servers.distinct', 'storage.shared', 'encryption.cluster-key'];

/** Every node-scope check (the new server's own) plus the affected cluster checks. */
export function addChecks(): string[] {
  return [...CHECK_CATALOG.filter((c) => c.scope === 'node').map((c) => c.id), ...CLUSTER_CHECKS_AFFECTED];
}

export async function runAddChecks(input: Omit<CheckRunInput, 'only' | 'warn'> & { node: NodeProfile }): Promise<CheckRunOutput> {
  const startedAt = new Date();
  const ctx = new ClusterContext(withNode(input.profile, input.node), input.settings, input.secrets);
  const id = nodeId(input.node);
  try {
    const results = await runChecks(ALL_CHECKS, ctx, {
      nodeIds: [id],
      only: addChecks(),
      checkTimeoutMs: input.settings.checkTimeoutMs,
      startFirst: DATABASE_STARTS_FIRST,
      redact: (t) => input.secrets.redactor.redact(t),
      ...(input.onEvent ? { onEvent: input.onEvent } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    });
    if (input.signal?.aborted) throw new CheckRunCancelledError();
    const inventory = [await nodeInventory(ctx, id)];
    return { results, summary: summarize(results), startedAt, finishedAt: new Date(), handshakes: { [id]: ctx.pool.handshakes(id) }, inventory };
  } finally {
    await ctx.close({ waitForConnects: !input.signal?.aborted });
  }
}
