/**
 * Test support (not used by the engine): a plan and an apply on a fake cluster, through the engine's
 * own planWith and applyPlan; apply's events go into the cluster's journal, between its operations.
 */
import os from 'node:os';
import path from 'node:path';
import { envNames } from '../../../shared/products';
import type { Plan } from '../../../shared/plan-schema';
import { SecretResolver } from '../../secrets';
import { type ApplyInput, applyPlan } from '../apply';
import type { ApplyEvent, ApplyReport } from '../apply-steps';
import { planWith } from '../plan';
import type { FakeCluster, FakeClusterOptions } from './fake-nodes';

export const DB_PASSWORD = 'pg-Secret-4417';
export const KEEP_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const names = envNames('proget');
const CLUSTER_DB = 'Host=db.example;Database=proget;Username=proget';

/** A node's env file as an admin's server has it before the wizard. */
export function envFile(connectionString: string, key: string | null): string {
  return [
    '# ProGet: Docker environment file',
    `${names.postgresConnectionString}=${connectionString}`,
    ...(key ? [`${names.encryptionKey}=${key}`] : []),
    'ASPNETCORE_URLS=http://+:8624',
    '',
  ].join('\n');
}

/** Three nodes that all change: node1 has the key (an old password), node2 no key, node3 another database. */
export function threeNodes(): FakeClusterOptions {
  return {
    files: {
      node1: envFile(`${CLUSTER_DB};Password=old-password`, KEEP_KEY),
      node2: envFile(`${CLUSTER_DB};Password=${DB_PASSWORD}`, null),
      node3: envFile('Host=localhost;Database=proget;Username=postgres;Password=local', null),
    },
    settings: { 'Storage.PackagesRootPath': '/var/proget/packages', 'Web.BaseUrl': null },
  };
}

export function secretsFor(cluster: FakeCluster): SecretResolver {
  const values: Record<string, string> = { DB_PASSWORD, API_KEY: cluster.settings.apiKey };
  return new SecretResolver({
    resolve: (ref) => {
      const v = 'env' in ref ? values[ref.env] : undefined;
      return v ? Promise.resolve(v) : Promise.reject(new Error('no such secret'));
    },
  });
}

/** Generous: a loaded machine must not turn a healthy answer into a timeout (nothing here waits them out). */
export const engineSettings = () => ({ connectTimeoutMs: 10_000, checkTimeoutMs: 10_000, knownHostsPath: path.join(os.tmpdir(), 'ha-wizard-fake-known-hosts.json') });

export async function planOn(cluster: FakeCluster, healthTimeoutMs = HEALTH_TIMEOUT_MS, secrets = secretsFor(cluster)): Promise<Plan> {
  const profile = cluster.profile();
  const ctx = cluster.openContext(profile, engineSettings(), secrets);
  try {
    return await planWith(ctx, { profile, settings: engineSettings(), secrets, tool: { name: 'ha-wizard', version: 'test' }, healthTimeoutMs });
  } finally {
    await ctx.close();
  }
}

/** Apply's health gate: a healthy node passes at once; tests of a node that never gets healthy pass UNHEALTHY_TIMEOUT_MS. */
export const HEALTH_TIMEOUT_MS = 10_000;
/** Long enough for a healthy answer on a loaded machine (the first poll's budget), short enough to wait out: about 2 s. */
export const UNHEALTHY_TIMEOUT_MS = 1500;

export const STARTED = new Date('2026-11-30T13:00:00.000Z');
export const BACKUP_SUFFIX = '.ha-wizard-20261130T130000Z.bak';

/** Applies `plan`; every event is also journaled as `event <node|-> <step> <status>`. */
export async function applyOn(cluster: FakeCluster, plan: Plan, healthTimeoutMs = HEALTH_TIMEOUT_MS, extra: Partial<ApplyInput> = {}): Promise<{ report: ApplyReport; events: ApplyEvent[] }> {
  const events: ApplyEvent[] = [];
  const report = await applyPlan({
    plan, settings: engineSettings(), secrets: secretsFor(cluster), healthTimeoutMs, now: () => STARTED, openContext: cluster.openContext,
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'apply-step') cluster.journal.push(`event ${e.nodeId ?? '-'} ${e.step} ${e.status}`);
    },
    ...extra,
  });
  return { report, events };
}
