/**
 * SSH access to the nodes for the whole life of a health monitor: one session per node, kept across
 * rounds and replaced only when it drops (or when a round gave up on it). Built on a ClusterContext
 * used for its session pool alone (its host-key policy, SSH auth and secrets), never for its memos,
 * which live as long as the context and would freeze every round to the first one's answers.
 */
import { ClusterContext } from '../run/cluster-context';
import type { EngineSettings } from '../run/engine-settings';
import { ConfigReadError, configFormatOf, keyFingerprint, parseProductConfig } from '../config/product-config';
import { posixNodeOps, windowsNodeOps, type NodeOps } from '../nodes/node-ops';
import type { ClusterProfile } from '../../shared/profile';
import type { ProductId } from '../../shared/products';
import { ConnectTimeoutError, ExecTimeoutError, HostKeyError } from '../remote/remote-errors';
import type { SshSession } from '../remote/ssh-session';
import type { SecretResolver } from '../secrets';

export interface NodeAccess {
  /** The node's operations over its live session; connects when there is none. */
  ops(id: string): Promise<NodeOps>;
  /** Drops the node's session (or its remembered connect failure), so the next ops() connects again. */
  forget(id: string): void;
  /** SSH connections made to the node so far (one, while its session lives). */
  connections(id: string): number;
  close(): Promise<void>;
}

export function sshNodeAccess(profile: ClusterProfile, settings: EngineSettings, secrets: SecretResolver): NodeAccess {
  // The health monitor never accepts a host key: that is the admin's decision, taken in a check.
  const ctx = new ClusterContext(profile, { ...settings, acceptedHostKeys: {} }, secrets);
  const bySession = new WeakMap<SshSession, NodeOps>();
  return {
    async ops(id) {
      const session = await ctx.pool.get(id);
      let ops = bySession.get(session);
      if (!ops) {
        const n = ctx.node(id);
        const o = { configPath: n.configPath, serviceCommand: n.serviceCommand, productId: profile.product, serviceNames: [ctx.product.service, ctx.product.legacyWebService] };
        ops = n.profile.os === 'windows' ? windowsNodeOps(session, o) : posixNodeOps(session, o);
        bySession.set(session, ops);
      }
      return ops;
    },
    forget(id) {
      void ctx.pool.forget(id).catch(() => undefined);
    },
    connections: (id) => ctx.pool.handshakes(id),
    close: () => ctx.close(),
  };
}

/** A node still owing SSH answers to an earlier round is not asked again: that would pile calls up. */
export class StillWaitingError extends Error {
  constructor() {
    super('still no answer over SSH to an earlier round: not asked again until it answers or its session drops');
  }
}

/** Whether an SSH failure means "no answer in time" (the node is hung) rather than a refusal. */
export function isNoAnswer(e: Error): boolean {
  return e instanceof ConnectTimeoutError || e instanceof ExecTimeoutError || e instanceof StillWaitingError;
}

/** The message to show for an SSH failure; an untrusted host key says how to trust it (never here). */
export function sshProblem(e: Error): string {
  if (e instanceof HostKeyError && e.kind === 'unknown') {
    return `${e.message} The health monitor never accepts host keys: accept it once in a check (ha-wizard check --accept-host-key ${e.host}=${e.presented}).`;
  }
  return e.message;
}

/** The fingerprint of the key in the node's configuration (never the key), or why there is none. */
export async function readKeyFingerprint(ops: NodeOps, configPath: string, product: ProductId): Promise<{ fingerprint: string | null; problem: string | null }> {
  const bytes = await ops.readFile(configPath);
  if (!bytes) return { fingerprint: null, problem: `no configuration file at ${configPath}` };
  try {
    const config = parseProductConfig(bytes.toString('utf8').replace(/^\uFEFF/, ''), configFormatOf(configPath), product);
    return { fingerprint: config.encryptionKey ? keyFingerprint(config.encryptionKey) : null, problem: null };
  } catch (e) {
    if (e instanceof ConfigReadError) return { fingerprint: null, problem: `the configuration cannot be read: ${e.message}` };
    throw e;
  }
}
