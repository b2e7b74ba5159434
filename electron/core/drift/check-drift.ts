/**
 * The drift check: a fresh reading of every server (SSH config read + its own /health) and of the
 * balancer's members, compared with the desired state; each difference keeps the time it was first
 * seen. It only reads: nothing is ever restarted, whatever /health says, and a server idle for a day
 * is never "stale" here (traffic is not part of the desired state). A blocked service messenger is a
 * note (Inedo calls it nonessential), never drift.
 */
import { ClusterContext } from '../run/cluster-context';
import { keyFingerprint } from '../config/product-config';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import { nodeId, type ClusterProfile } from '../../shared/profile';
import { driftKey, type DriftDifference, type DriftReport } from '../../shared/drift';
import type { Plan } from '../../shared/plan-schema';
import { compareCluster } from './compare';
import { desiredState, type NodeValues } from './desired-state';
import type { DriftStore } from './drift-file';
import { readNodeValues } from './read-node';

/** The balancer's members as read from the balancer, or why they were not (then not compared). */
export type MembersReader = (profile: ClusterProfile) => Promise<{ members: string[] | null; note: string | null }>;

export interface ClusterReading {
  found: Record<string, NodeValues | null>;
  unreadable: { node: string; reason: string }[];
  notes: string[];
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Every server read now, at once; one that cannot be read is said, not guessed. */
export async function readCluster(profile: ClusterProfile, secrets: SecretResolver, settings: EngineSettings): Promise<ClusterReading> {
  const ctx = new ClusterContext(profile, settings, secrets);
  const reading: ClusterReading = { found: {}, unreadable: [], notes: [] };
  try {
    await Promise.all(profile.nodes.map(nodeId).map(async (id) => {
      try {
        const { values, health } = await readNodeValues(ctx, id);
        reading.found[id] = values;
        if (!health) reading.notes.push(`${id}: /health did not answer, so its version and extensions were not compared.`);
        else if (health.serviceDetail && /messenger/i.test(health.serviceDetail)) {
          reading.notes.push(`${id}: warning: ${health.serviceDetail}. Inedo calls the service messenger nonessential; this is not drift.`);
        }
      } catch (e) {
        reading.found[id] = null;
        reading.unreadable.push({ node: id, reason: secrets.redactor.redact(messageOf(e)) });
      }
    }));
  } finally {
    await ctx.close();
  }
  return reading;
}

export interface DriftCheckInput {
  profile: ClusterProfile;
  secrets: SecretResolver;
  settings: EngineSettings;
  store: DriftStore;
  members: MembersReader;
  /** Called when the set of differences changed since the last check (the history keeper records it). */
  onChange?: (now: DriftDifference[], before: DriftDifference[]) => void | Promise<void>;
  now?: () => Date;
  /** Replaces the SSH + /health reading (tests). */
  read?: () => Promise<ClusterReading>;
}

export async function checkDrift(i: DriftCheckInput): Promise<DriftReport> {
  const at = (i.now ?? (() => new Date()))().toISOString();
  const file = await i.store.read(i.profile);
  const [reading, balancer] = await Promise.all([
    i.read ? i.read() : readCluster(i.profile, i.secrets, i.settings),
    i.members(i.profile).catch((e: unknown) => ({ members: null, note: `The load balancer's members were not compared: ${i.secrets.redactor.redact(messageOf(e))}` })),
  ]);
  const desired = file.desired ?? desiredState({ profile: i.profile, reading: reading.found, basis: 'profile', appliedAt: null, keyFingerprint: await profileKeyFingerprint(i.profile, i.secrets, reading.found) });
  const found = compareCluster({ desired, found: reading.found, storagePath: i.profile.storage.path, members: balancer.members });
  const since: Record<string, string> = {};
  const differences = found.map((d) => {
    const k = driftKey(d);
    since[k] = file.since[k] ?? at;
    return { ...d, since: since[k] };
  });
  const notes = [...reading.notes, ...(balancer.note ? [balancer.note] : [])];
  for (const id of Object.keys(reading.found)) if (!(id in desired.nodes)) notes.push(`${id} was not in the cluster when it was last applied: it is not compared.`);
  const noDriftSince = differences.length ? null : (file.noDriftSince ?? at);
  const changed = JSON.stringify(Object.keys(since).sort()) !== JSON.stringify(Object.keys(file.since).sort());
  await i.store.write(i.profile, { ...file, since, last: differences, noDriftSince });
  if (changed && i.onChange) await i.onChange(differences, file.last);
  return { checkedAt: at, basis: desired.basis, appliedAt: desired.appliedAt, differences, notes, unreadable: reading.unreadable, noDriftSince };
}

/**
 * The key the profile names: a provided key (its fingerprint) or a kept node's; otherwise (or when the
 * provided key cannot be read now) the servers' common key stands.
 */
async function profileKeyFingerprint(profile: ClusterProfile, secrets: SecretResolver, found: Record<string, NodeValues | null>): Promise<string | null> {
  const e = profile.encryptionKey;
  if (e.mode === 'keep-node') return found[e.node]?.keyFingerprint ?? null;
  if (e.mode !== 'provided') return null;
  return secrets.resolve(e.key, 'encryption key').then(keyFingerprint, () => null);
}

/**
 * Saves the applied state after a successful apply: the plan's profile and kept key, and every server
 * read right after (they hold what was applied). A new baseline: earlier differences are forgotten.
 */
export async function recordAppliedState(i: { plan: Plan; secrets: SecretResolver; settings: EngineSettings; store: DriftStore; appliedAt: string }): Promise<void> {
  const reading = await readCluster(i.plan.profile, i.secrets, i.settings);
  const desired = desiredState({ profile: i.plan.profile, reading: reading.found, basis: 'applied', appliedAt: i.appliedAt, keyFingerprint: i.plan.encryptionKey.fingerprint });
  await i.store.write(i.plan.profile, { v: 1, desired, since: {}, last: [], noDriftSince: i.appliedAt });
}
