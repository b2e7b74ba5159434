/**
 * What each node is, for the Servers page and `ha-wizard check --json`: OS, hostname, product,
 * version, service state, configuration (connection string masked, key as a fingerprint), free disk,
 * clock offset. Never a secret. Uses the run's one session per node.
 */
import type { ClusterContext } from '../run/cluster-context';
import { describeConfig } from '../config/product-config';
import type { NodeInventory } from '../../shared/check-run-schema';

// The inventory's shape lives in electron/shared (the contract carries it).
export type { NodeInventory } from '../../shared/check-run-schema';

export async function nodeInventory(ctx: ClusterContext, id: string): Promise<NodeInventory> {
  const empty: NodeInventory = { nodeId: id, reachable: false, error: null, hostname: null, os: null, productInstalled: null, version: null, serviceState: null, config: null, configError: null, freeBytes: null, clockOffsetMs: null, hostKeyFingerprint: null };
  try {
    const session = await ctx.pool.get(id);
    const facts = await ctx.facts(id);
    const config = await ctx.config(id);
    const version = await ctx.version(id).catch(() => null);
    return {
      ...empty,
      reachable: true,
      hostname: facts.hostname,
      os: facts.osName,
      productInstalled: facts.configExists && facts.serviceState !== 'missing',
      version: version?.text ?? null,
      serviceState: facts.serviceState,
      config: config.config ? describeConfig(config.config) : null,
      configError: config.error,
      freeBytes: facts.freeBytesAtConfig,
      clockOffsetMs: facts.remoteEpochMs === null ? null : facts.remoteEpochMs - facts.localEpochMs,
      hostKeyFingerprint: session.hostKey.fingerprint,
    };
  } catch (e) {
    return { ...empty, error: ctx.secrets.redactor.redact(e instanceof Error ? e.message : String(e)) };
  }
}
