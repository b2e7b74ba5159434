/** The removal run against real servers: one ClusterContext (one SSH session per server), /health over HTTP. */
import { openBalancerControl } from '../balancer/open-balancer-control';
import { backupSuffix } from '../apply/plan';
import { writeVerified } from '../apply/remote-file';
import { holdClusterLock, type AcquireOptions } from '../apply/cluster-lock';
import { readProductHealth } from '../nodes/product-health';
import { ClusterContext, resolveNodes } from '../run/cluster-context';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import type { ApplyEvent, ApplyReport } from '../../shared/apply-schema';
import type { ClusterProfile } from '../../shared/profile';
import { removeNode } from './remove-node';

export interface RemoveRunInput {
  profile: ClusterProfile;
  node: string;
  drainTimeoutMs: number;
  settings: EngineSettings;
  secrets: SecretResolver;
  onEvent?: (e: ApplyEvent) => void | Promise<void>;
  /** Hold the cluster lock for the whole removal, on the first server that stays (see removeNodeRun). */
  lock?: AcquireOptions;
}

export async function removeNodeRun(input: RemoveRunInput): Promise<ApplyReport> {
  const ctx = new ClusterContext(input.profile, input.settings, input.secrets);
  const redact = (t: string) => input.secrets.redactor.redact(t);
  const stamp = new Date();
  try {
    // On the first server that stays: the one removed may be the first, and dead (its hardware gone).
    const first = resolveNodes(input.profile).find((n) => n.id !== input.node) ?? resolveNodes(input.profile)[0]!;
    const lock = input.lock;
    return await removeNode({
      ...(lock ? { lock: () => holdClusterLock(first.id, async () => (await ctx.ops(first.id)).session, first.configPath, lock) } : {}),
      profile: input.profile, node: input.node, drainTimeoutMs: input.drainTimeoutMs, now: () => stamp,
      openControl: () => openBalancerControl({ profile: input.profile, secrets: input.secrets, settings: input.settings }),
      healthy: async (url) => {
        const h = await readProductHealth(url, input.settings.connectTimeoutMs);
        return { ok: h.healthy, detail: h.healthy ? 'OK' : redact(h.message ?? (h.databaseStatus === 'Error' ? `database: ${h.databaseStatusDetails ?? 'Error'}` : `HTTP ${h.httpStatus}`)) };
      },
      server: (n) => ({
        async backupConfig(path) {
          const ops = await ctx.ops(n.id);
          const bytes = await ops.readFile(path);
          if (!bytes) return null;
          const mode = (await ops.session.stat(path).catch(() => null))?.mode;
          const backup = `${path}${backupSuffix(stamp)}`;
          await writeVerified(ops.session, backup, bytes, mode, 'the backup does not read back identical');
          return backup;
        },
        async stopService() {
          const r = await (await ctx.ops(n.id)).service('stop');
          if (!r.ok) throw new Error(`the service did not stop (${r.state}): ${redact(r.detail || 'no output')}`);
        },
        async startService() {
          const r = await (await ctx.ops(n.id)).service('start');
          if (!r.ok) throw new Error(`the service did not start (${r.state}): ${redact(r.detail || 'no output')}`);
        },
      }),
      ...(input.onEvent ? { onEvent: input.onEvent } : {}),
    });
  } finally {
    await ctx.close();
  }
}
