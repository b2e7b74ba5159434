/**
 * The plan: per node, the file it will write (as a masked diff) and the steps it will run, in order;
 * the database-held settings; the load balancer's configuration; and what is left to do by hand.
 * Reading the cluster is all it does.
 */
import { ClusterContext } from '../run/cluster-context';
import type { EngineSettings } from '../run/engine-settings';
import { clusterKey } from '../keys/cluster-key';
import { writeNodeConfig } from '../config/config-writer';
import { configFormatOf } from '../config/product-config';
import { loadBalancerConfig } from '../config/load-balancers';
import { loadBalancerInputFor } from '../config/load-balancers/profile-input';
import { withPassword } from '../../shared/connection-string/connection-strings';
import { inedoPostgresForm } from '../database/inedo-postgres-form';
import { CLUSTER_PAGE_PATH, PRODUCTS } from '../../shared/products';
import { LOAD_BALANCER_NAMES, type ClusterProfile } from '../../shared/profile';
import type { SecretResolver } from '../secrets';
import { maskedDiff, sha256 } from './masked-diff';
import { PlanRefusedError, refuseWhatCheckFails } from './plan-refusals';
import { PLAN_SCHEMA_ID, type ManualStep, type Plan, type PlanNode } from '../../shared/plan-schema';
import { planSettings } from './plan-settings';
import { planWarnings } from './plan-warnings';
import { errorMessage } from '../../shared/error-text';
import { drainPlanNote } from '../balancer/drain-manual';

export class PlanError extends Error {}

/** Stands in for a key generated at apply time; only ever diffed masked, never written. */
const KEY_TO_BE_GENERATED = '00000000000000000000000000000000';
export const DEFAULT_HEALTH_TIMEOUT_MS = 120_000;

export function profileHash(profile: ClusterProfile): string {
  return sha256(JSON.stringify(profile));
}

/** A backup's suffix: the run's start to the second, and `-n` for the n-th name when that one is taken. */
export function backupSuffix(stamp: Date, n = 1): string {
  return `.ha-wizard-${stamp.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}${n > 1 ? `-${n}` : ''}.bak`;
}

export interface PlanInput {
  profile: ClusterProfile;
  settings: EngineSettings;
  secrets: SecretResolver;
  tool: { name: string; version: string };
  healthTimeoutMs?: number;
}

/** The full desired configuration values, engine-internal (they hold the password and key). */
export async function desiredDatabase(ctx: ClusterContext): Promise<{ kind: 'sqlserver' | 'postgres'; connectionString: string }> {
  const db = ctx.profile.database;
  const password = db.password ? await ctx.secrets.resolve(db.password, 'database password') : undefined;
  // PostgreSQL: Inedo's own form, never an option Inedo does not support.
  const text = db.kind === 'postgres' ? inedoPostgresForm(db.connectionString) : db.connectionString;
  return { kind: db.kind, connectionString: withPassword(text, password) };
}

export async function createPlan(input: PlanInput): Promise<Plan> {
  const ctx = new ClusterContext(input.profile, input.settings, input.secrets);
  try {
    return await planWith(ctx, input);
  } finally {
    await ctx.close();
  }
}

export async function planWith(ctx: ClusterContext, input: PlanInput): Promise<Plan> {
  const { profile } = ctx;
  const product = PRODUCTS[profile.product];
  // What check fails for the cluster's shape, plan refuses (naming those checks).
  await refuseWhatCheckFails(ctx).catch((e: unknown) => {
    throw e instanceof PlanRefusedError ? new PlanError(e.message) : e;
  });
  // Every node must answer (and present a trusted host key) before anything is planned.
  const configs = await Promise.all(ctx.nodes.map(async (n) => {
    try {
      return await ctx.config(n.id);
    } catch (e) {
      throw new PlanError(`${n.id}: ${ctx.secrets.redactor.redact(errorMessage(e))}`);
    }
  }));
  const broken = ctx.nodes.filter((_, i) => configs[i]!.error).map((n, i) => `${n.id}: ${configs[i]!.error}`);
  if (broken.length) throw new PlanError(`cannot read the configuration of ${broken.join('; ')}`);

  const { decision, key } = await clusterKey(ctx);
  if (decision.kind === 'conflict') throw new PlanError(`${decision.reason}: choose the key to keep (encryptionKey mode "keep-node")`);
  const database = await desiredDatabase(ctx);
  const healthTimeoutMs = input.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;

  const nodes: PlanNode[] = ctx.nodes.map((n, i) => {
    const c = configs[i]!;
    const format = configFormatOf(n.configPath);
    const current = c.bytes ? c.bytes.toString('utf8') : null;
    const out = writeNodeConfig(current, format, { product: profile.product, database, encryptionKey: key ?? KEY_TO_BE_GENERATED });
    // Masked by position, before and after alike: nothing but each secret's own place is touched.
    const { diff, secretChangesOnly } = maskedDiff(n.configPath, current, out.text, format);
    const restart = n.profile.os === 'windows'
      ? `Restart-Service ${n.serviceCommand ?? product.service} (falls back to ${product.legacyWebService} on older installs)`
      : `${n.serviceCommand ?? '(no service command)'} restart`;
    return {
      id: n.id, host: n.profile.host, os: n.profile.os, configPath: n.configPath,
      before: { exists: c.bytes !== null, sha256: c.bytes ? sha256(c.bytes) : null, bytes: c.bytes?.length ?? null },
      changed: out.changed, diff, secretChangesOnly,
      steps: out.changed ? [
        { kind: 'backup', description: c.bytes ? `copy ${n.configPath} to ${n.configPath}.ha-wizard-<UTC time>.bak (kept)` : 'nothing to back up: the file does not exist yet' },
        { kind: 'write', description: `write the new file next to it, then rename it over ${n.configPath}` },
        { kind: 'restart', description: restart },
        { kind: 'wait-healthy', description: `wait until ${n.webUrl}/health reports OK (up to ${Math.round(healthTimeoutMs / 1000)} s), before the next server` },
      ] : [],
    };
  });

  // The big changes, named per node: read from the same configurations the diffs were made from.
  const warnings = planWarnings(ctx.nodes.map((n, i) => ({ id: n.id, host: n.profile.host, config: configs[i]!.config })), ctx.profile.database, key);
  const settings = await planSettings(ctx);
  const lbUrl = profile.loadBalancer.url ?? null;
  const lb = loadBalancerConfig(profile.loadBalancer.type, loadBalancerInputFor(profile));
  const base = lbUrl ?? ctx.nodes[0]!.webUrl;
  const manualSteps: ManualStep[] = [
    ...settings.filter((s) => s.how === 'manual').map((s) => ({ title: `Set ${s.name}`, detail: `The value is ${s.value} (${s.where}).`, url: null })),
    { title: `Configure the ${LOAD_BALANCER_NAMES[profile.loadBalancer.type]} load balancer`, detail: `Install the generated configuration on the balancer${lbUrl ? ` at ${lbUrl}` : ''}; it checks GET /health on every server. ${drainPlanNote(profile)}`, url: null },
    { title: 'Switch on high availability', detail: `In ${product.name}: Administration > Cluster Overview > configure > "Enable High-Availability (Automatic Fail-over)", then restart each server's service. Its Cluster Overview page then shows each server's heartbeat (this wizard's dashboard cannot see that switch).`, url: `${base.replace(/\/+$/, '')}${CLUSTER_PAGE_PATH}` },
  ];
  const plan: Plan = {
    schema: PLAN_SCHEMA_ID,
    tool: input.tool,
    profile,
    profileHash: profileHash(profile),
    noChange: nodes.every((n) => !n.changed) && settings.every((s) => s.how !== 'api'),
    encryptionKey: { decision: decision.kind === 'generate' ? 'generate' : 'keep', fingerprint: decision.kind === 'keep' ? decision.fingerprint : null, reason: decision.reason },
    warnings, nodes, settings, loadBalancer: { type: profile.loadBalancer.type, files: lb.files, notes: lb.notes }, manualSteps,
  };
  // No value search over the whole plan: it blanked a database name, a path or the product's name
  // equal to a password, and missed an encoded one. Every part above is built without secrets.
  return plan;
}
