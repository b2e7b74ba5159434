/**
 * The upgrade's parts as the engine calls and the CLI take them (issue 14), real by default, fakes in tests:
 * the preflight and the plan (helper "upgrade-plan"), each server's installer (helper "upgrade-nodes"), the
 * database's backup and restore (helper "upgrade-db"), the runner (upgrade-run.ts), the balancer, the health.
 * One place opens a run's pieces from a profile, so `upgrade.plan`, `upgrade.start` and `ha-wizard upgrade`
 * reach the cluster the same way.
 */
import type { ClusterHealthSnapshot } from '../../shared/health-snapshot';
import type { UpgradePreflightItem } from '../../shared/contract';
import type { ClusterProfile } from '../../shared/profile';
import type { UpgradeMode, UpgradePath, UpgradePlan, UpgradeReport } from '../../shared/upgrade-schema';
import { ClusterContext } from '../run/cluster-context';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import { ClusterHealthMonitor } from '../health/cluster-health';
import { openProfileBalancer, type OpenBalancer } from '../apply/balancer-guard-open';
import { holdClusterLock, type AcquireOptions } from '../apply/cluster-lock';
import type { BalancerControl } from '../balancer/balancer-control';
import type { DatabaseUpgradeOps, NodeUpgrader } from './upgrade-ports';
import { runUpgradePreflight, type PreflightDeps } from './upgrade-preflight';
import { databaseUpgradeOps } from './database-upgrade';
import { nodeUpgraders } from './node-upgraders';
import { buildUpgradePlan, type UpgradePlanInput } from './upgrade-plan';
import { runUpgrade, type UpgradeHealth, type UpgradeRunDeps } from './upgrade-run';
import { upgradeHealth } from './upgrade-health';
import type { UpgradeEvent } from '../../shared/upgrade-schema';

export interface UpgradeEngine {
  runUpgradePreflight(d: PreflightDeps): Promise<{ items: UpgradePreflightItem[]; from: string | null; path: UpgradePath | null }>;
  buildUpgradePlan(i: UpgradePlanInput): UpgradePlan;
  nodeUpgraders(ctx: ClusterContext): NodeUpgrader[];
  databaseUpgradeOps(ctx: ClusterContext): DatabaseUpgradeOps;
  runUpgrade: typeof runUpgrade;
  openContext(profile: ClusterProfile, settings: EngineSettings, secrets: SecretResolver): ClusterContext;
  openBalancer: OpenBalancer;
  /** One round of the health monitor. */
  readHealth(profile: ClusterProfile, settings: EngineSettings, secrets: SecretResolver): Promise<ClusterHealthSnapshot>;
  /** The health gate and sync check over each server's /health. */
  health(profile: ClusterProfile, settings: EngineSettings, secrets: SecretResolver, readHealth: () => Promise<ClusterHealthSnapshot>): UpgradeHealth;
  /** The cluster lock on the first server, for the whole run. */
  holdLock(ctx: ClusterContext, lock: AcquireOptions): Promise<{ broke: string | null; stop(): Promise<unknown> }>;
}

export const REAL_UPGRADE_ENGINE: UpgradeEngine = {
  runUpgradePreflight,
  buildUpgradePlan,
  nodeUpgraders,
  databaseUpgradeOps: (ctx) => databaseUpgradeOps(ctx),
  runUpgrade,
  openContext: (p, s, x) => new ClusterContext(p, s, x),
  openBalancer: openProfileBalancer,
  readHealth: async (profile, settings, secrets) => {
    const monitor = new ClusterHealthMonitor({ profile, secrets, knownHostsPath: settings.knownHostsPath });
    try {
      return await monitor.poll();
    } finally {
      await monitor.close();
    }
  },
  health: (profile, settings, _secrets, readSnapshot) => upgradeHealth(profile, { requestTimeoutMs: settings.connectTimeoutMs, readSnapshot }),
  holdLock: (ctx, lock) => {
    const first = ctx.nodes[0]!;
    return holdClusterLock(first.id, async () => (await ctx.ops(first.id)).session, first.configPath, lock);
  },
};

/** Preflight, then the plan when every item passes or warns; nothing is changed. */
export async function planUpgrade(engine: UpgradeEngine, i: { profile: ClusterProfile; to: string; mode: UpgradeMode; backupDir: string; settings: EngineSettings; secrets: SecretResolver }): Promise<{ preflight: UpgradePreflightItem[]; plan: UpgradePlan | null }> {
  const ctx = engine.openContext(i.profile, i.settings, i.secrets);
  try {
    const upgraders = engine.nodeUpgraders(ctx);
    const database = engine.databaseUpgradeOps(ctx);
    const balancerDriven = !!i.profile.loadBalancer.access;
    const pre = await engine.runUpgradePreflight({
      profile: i.profile, to: i.to, mode: i.mode, backupDir: i.backupDir, upgraders, database, balancerDriven,
      readHealth: () => engine.readHealth(i.profile, i.settings, i.secrets), redactor: i.secrets.redactor,
    });
    const blocked = pre.items.some((x) => x.status === 'fail');
    if (blocked || !pre.from || !pre.path?.allowed) return { preflight: pre.items, plan: null };
    const plan = engine.buildUpgradePlan({ profile: i.profile, from: pre.from, to: i.to, mode: i.mode, path: pre.path, backupDir: i.backupDir, upgraders, database, balancerDriven, redactor: i.secrets.redactor });
    return { preflight: pre.items, plan };
  } finally {
    await ctx.close();
  }
}

/** Runs a plan on the profile's cluster: its context, installers, database, balancer, health and the cluster lock. */
export async function startUpgrade(engine: UpgradeEngine, i: {
  plan: UpgradePlan; profile: ClusterProfile; backupDir: string; settings: EngineSettings; secrets: SecretResolver;
  healthTimeoutMs: number; lock: AcquireOptions; emit: (e: UpgradeEvent) => void | Promise<void>; drain?: UpgradeRunDeps['drain'];
}): Promise<UpgradeReport> {
  const ctx = engine.openContext(i.profile, i.settings, i.secrets);
  let balancer: BalancerControl | null = null;
  try {
    const upgraders = new Map(engine.nodeUpgraders(ctx).map((u) => [u.nodeId, u]));
    const database = engine.databaseUpgradeOps(ctx);
    if (i.profile.loadBalancer.access) {
      // Access given but the balancer not reached: refused rather than run without the drains it promised.
      balancer = await engine.openBalancer(i.profile, i.settings, i.secrets).catch((e: unknown) => {
        throw new Error(`the load balancer cannot be reached to put it in maintenance: ${(e as Error).message}`, { cause: e });
      });
    }
    return await engine.runUpgrade(i.plan, {
      profile: i.profile, upgraders, database, balancer, backupDir: i.backupDir, emit: i.emit, healthTimeoutMs: i.healthTimeoutMs,
      health: engine.health(i.profile, i.settings, i.secrets, () => engine.readHealth(i.profile, i.settings, i.secrets)),
      lock: () => engine.holdLock(ctx, i.lock),
      redact: (t) => i.secrets.redactor.redact(t),
      ...(i.drain ? { drain: i.drain } : {}),
    });
  } finally {
    await balancer?.close().catch(() => undefined);
    await ctx.close();
  }
}
