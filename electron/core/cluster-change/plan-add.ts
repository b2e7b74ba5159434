/**
 * Planning one server's addition to a running cluster: the plan of the grown cluster, cut down to the
 * new server (the others must already be as the cluster wants them: they are not touched). A server
 * with data of its own (its own database, its own key) is refused unless the admin leaves it behind.
 */
import { planWith, type PlanInput } from '../apply/plan';
import { ClusterContext } from '../run/cluster-context';
import { nodeId, type ClusterProfile, type NodeProfile } from '../../shared/profile';
import type { ManualStep, Plan, PlanWarning } from '../../shared/plan-schema';
import { licenceNote, withNode } from './grown-profile';
import { manualBalancerStep } from './balancer-steps';

export interface PlanAddInput extends Omit<PlanInput, 'profile'> {
  /** The cluster as it runs, without the new server. */
  profile: ClusterProfile;
  node: NodeProfile;
  leaveDataBehind: boolean;
}

export interface PlanAddResult {
  plan: Plan | null;
  refused: string | null;
  licenceNote: string | null;
  /** The new server's id and the cluster with it (what the profile file becomes once applied). */
  nodeId: string;
  grown: ClusterProfile;
}

/** What the server loses, in an admin's words, from the plan's own warnings. */
export function ownDataReason(node: string, warnings: PlanWarning[]): string | null {
  const mine = warnings.filter((w) => w.nodeId === node);
  if (!mine.length) return null;
  const what = mine.map((w) => (w.kind === 'database-moved'
    ? `it uses a database of its own (${w.currentDatabase.name} on ${w.currentDatabase.server}), not the cluster's (${w.sharedDatabase.name} on ${w.sharedDatabase.server})`
    : `it has an encryption key of its own (${w.currentFingerprint})${w.clusterFingerprint ? `, not the cluster's (${w.clusterFingerprint})` : ''}`));
  return `${node} already has data of its own: ${what.join('; and ')}. Joining the cluster leaves that data behind (what it stored and encrypted is no longer seen). Add it anyway only if that data may be left behind.`;
}

export async function planAdd(input: PlanAddInput): Promise<PlanAddResult> {
  const grown = withNode(input.profile, input.node);
  const id = nodeId(input.node);
  const note = licenceNote(input.profile, grown.nodes.length);
  const ctx = new ClusterContext(grown, input.settings, input.secrets);
  let full: Plan;
  try {
    full = await planWith(ctx, { ...input, profile: grown });
  } finally {
    await ctx.close();
  }
  const refuse = (refused: string): PlanAddResult => ({ plan: null, refused, licenceNote: note, nodeId: id, grown });
  const others = full.nodes.filter((n) => n.id !== id && n.changed).map((n) => n.id);
  if (others.length) return refuse(`the cluster's own servers are not as it wants them (${others.join(', ')} would change too): apply a plan for the cluster first, then add ${id}`);
  const own = ownDataReason(id, full.warnings);
  if (own && !input.leaveDataBehind) return refuse(own);

  const node = full.nodes.find((n) => n.id === id)!;
  const access = grown.loadBalancer.access;
  const manualSteps: ManualStep[] = [
    ...full.settings.filter((s) => s.how === 'manual').map((s) => ({ title: `Set ${s.name}`, detail: `The value is ${s.value} (${s.where}).`, url: null })),
    ...(access
      ? access.kind === 'haproxy-api'
        ? [{ title: `Put ${id} in haproxy.cfg`, detail: `The wizard adds ${id} through HAProxy's runtime API, which HAProxy forgets at its next reload: install the generated configuration (it lists ${id}) before you next reload HAProxy.`, url: null }]
        : []
      : [manualBalancerStep(grown, 'add', id)]),
  ];
  const plan: Plan = {
    ...full,
    nodes: [node],
    warnings: full.warnings.filter((w) => w.nodeId === id),
    noChange: !node.changed && full.settings.every((s) => s.how !== 'api'),
    manualSteps,
  };
  return { plan, refused: null, licenceNote: note, nodeId: id, grown };
}
