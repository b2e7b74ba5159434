/**
 * The engine's drift calls (issue 13, helper "drift"): `drift.check` reads every server and the
 * balancer, compares with the state the last apply saved, and keeps `since` in the per-cluster drift
 * file beside the reports folder. `onChange` is where the history keeper records drift-found and
 * drift-cleared (wired at merge).
 */
import { membersThrough } from '../drift/balancer-members';
import { checkDrift, recordAppliedState } from '../drift/check-drift';
import { DriftStore, driftDirOfData, driftDirOfReports } from '../drift/drift-file';
import { openDriftBalancer } from '../drift/open-drift-balancer';
import { defaultDataDir } from '../data-dir';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import type { DriftDifference } from '../../shared/drift';
import type { LocalSecretRef } from '../../shared/local-secrets';
import type { ClusterProfile } from '../../shared/profile';
import type { Plan } from '../../shared/plan-schema';
import type { Handlers } from './dispatcher';

export interface DriftCallsDeps {
  reportsDir: string | undefined;
  settings: (acceptedHostKeys: Record<string, string>) => EngineSettings;
  resolver: (i: { secrets: Record<string, string>; allowLocalSecrets: LocalSecretRef[] }) => SecretResolver;
  onChange?: (profile: ClusterProfile, now: DriftDifference[], before: DriftDifference[]) => void | Promise<void>;
}

/** The drift store of a host: beside its reports folder, else in the data folder the CLI uses. */
export const driftStoreFor = (reportsDir: string | undefined) => new DriftStore(reportsDir ? driftDirOfReports(reportsDir) : driftDirOfData(defaultDataDir()));

export function driftCalls(d: DriftCallsDeps): Pick<Handlers, 'drift.check'> {
  return {
    'drift.check': async (i) => {
      const secrets = d.resolver(i);
      const settings = d.settings(i.acceptedHostKeys);
      try {
        return await checkDrift({
          profile: i.profile, secrets, settings, store: driftStoreFor(d.reportsDir),
          members: membersThrough((p) => openDriftBalancer(p, secrets, settings)),
          ...(d.onChange ? { onChange: (now, before) => d.onChange!(i.profile, now, before) } : {}),
        });
      } catch (e) {
        throw new Error(secrets.redactor.redact(e instanceof Error ? e.message : String(e)), { cause: e });
      }
    },
  };
}

/**
 * After a successful apply: saves the applied state for the drift check. Bounded, and never fails the
 * apply (the drift check then compares with the profile, and says so).
 */
export async function keepAppliedState(o: { plan: Plan; secrets: SecretResolver; settings: EngineSettings; reportsDir: string | undefined; appliedAt: string; timeoutMs?: number }): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      recordAppliedState({ plan: o.plan, secrets: o.secrets, settings: o.settings, store: driftStoreFor(o.reportsDir), appliedAt: o.appliedAt }),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('reading the servers took too long')), o.timeoutMs ?? 15_000); }),
    ]);
    return null;
  } catch (e) {
    return o.secrets.redactor.redact(e instanceof Error ? e.message : String(e));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The history's events for a change in the set of differences: per server, "drift-found" when it has
 * differences it did not have, "drift-cleared" when its last one went away (node null: the cluster's own).
 */
export function driftEvents(now: DriftDifference[], before: DriftDifference[]): { kind: 'drift-found' | 'drift-cleared'; node: string | null; text: string }[] {
  const by = (ds: DriftDifference[]) => {
    const m = new Map<string | null, DriftDifference[]>();
    for (const d of ds) m.set(d.node, [...(m.get(d.node) ?? []), d]);
    return m;
  };
  const n = by(now);
  const b = by(before);
  const out: ReturnType<typeof driftEvents> = [];
  for (const [node, ds] of n) {
    const known = new Set((b.get(node) ?? []).map((d) => `${d.kind}|${d.what}`));
    const fresh = ds.filter((d) => !known.has(`${d.kind}|${d.what}`));
    if (fresh.length) out.push({ kind: 'drift-found', node, text: `${node ?? 'The cluster'} drifted: ${fresh.map((d) => d.what).join('; ')}.` });
  }
  for (const node of b.keys()) if (!n.has(node)) out.push({ kind: 'drift-cleared', node, text: `${node ?? 'The cluster'} is back to what was applied.` });
  return out;
}
