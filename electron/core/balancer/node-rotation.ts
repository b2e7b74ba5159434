/**
 * One server out of the balancer's rotation and back (issue 13), and the members as the balancer sees
 * them. Done only through a BalancerControl, and only believed when read back from the balancer: a
 * drain is done when the balancer says "drain", a resume when it no longer says drain or maint.
 * Without a control nothing is changed and the answer is the step the admin runs there.
 */
import { nodeId, type ClusterProfile } from '../../shared/profile';
import type { BalancerAnswer } from '../../shared/contract';
import { loadBalancerInputFor } from '../config/load-balancers/profile-input';
import type { BalancerControl, MemberState, MemberStatus } from './balancer-control';
import { manualRotationStep, type RotationAction } from './drain-manual';

/** A request the profile cannot answer (an unknown server): nothing was tried. */
export class RotationRefusal extends Error {}

export const NO_ACCESS = 'The wizard has no access to this load balancer (none in the profile): run the step below there.';

/** How long a change may take to show in the balancer's own answer. */
export const CONFIRM_TIMEOUT_MS = 5000;

/** The balancer's member name for a profile's node id (the generated configs' backend names). */
export function memberOf(profile: ClusterProfile, node: string): { member: string; host: string } {
  const i = profile.nodes.findIndex((n) => nodeId(n) === node);
  if (i < 0) throw new RotationRefusal(`There is no server "${node}" in this profile; its servers are ${profile.nodes.map(nodeId).join(', ')}.`);
  return { member: loadBalancerInputFor(profile).backends[i]!.name, host: profile.nodes[i]!.host };
}

export async function readMembers(control: BalancerControl | null): Promise<BalancerAnswer> {
  if (!control) return { driven: false, how: NO_ACCESS, members: [], manual: [] };
  return { driven: true, how: control.how, members: await control.members(), manual: [] };
}

/** Whether the balancer's state says the action took. */
export function rotationConfirmed(action: RotationAction, state: MemberState): boolean {
  return action === 'drain' ? state === 'drain' || state === 'maint' : state === 'ready' || state === 'down';
}

/**
 * Drains or resumes `node` (the profile's id), then reads the members back until the balancer shows
 * the change (or `confirmTimeoutMs`). Throws a RotationRefusal for a node the profile does not have,
 * an Error when the balancer does not show the change.
 */
export async function setRotation(profile: ClusterProfile, control: BalancerControl | null, node: string, action: RotationAction,
  confirmTimeoutMs = CONFIRM_TIMEOUT_MS): Promise<BalancerAnswer> {
  const { member, host } = memberOf(profile, node);
  if (!control) return { driven: false, how: NO_ACCESS, members: [], manual: [manualRotationStep(profile, member, host, action)] };
  // The control takes and reports the profile's node ids (balancer-control.ts).
  await control[action](node);
  const members = await confirmRotation(control, node, action, confirmTimeoutMs);
  return { driven: true, how: control.how, members, manual: [] };
}

/** Reads the members until `member` (a profile node id) shows the action; the last answer otherwise, in the error. */
export async function confirmRotation(control: BalancerControl, member: string, action: RotationAction, timeoutMs: number): Promise<MemberStatus[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const members = await control.members();
    const m = members.find((x) => x.node === member);
    if (!m) throw new Error(`the balancer has no member ${member} (it has ${members.map((x) => x.node).join(', ') || 'none'})`);
    if (rotationConfirmed(action, m.state)) return members;
    if (Date.now() >= deadline) throw new Error(`the balancer still shows ${member} as ${m.state} after ${action === 'drain' ? 'draining' : 'resuming'} it (${m.detail})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
