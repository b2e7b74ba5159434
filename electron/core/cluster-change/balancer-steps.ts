/**
 * The balancer's part of adding and removing a server: through the BalancerControl when the profile
 * gives access, or the steps the admin runs there when it does not. Runtime member changes (HAProxy's
 * API) are forgotten at the balancer's next reload, so the generated config is always named too.
 */
import type { BalancerControl, MemberStatus } from '../balancer/balancer-control';
import { loadBalancerInputFor } from '../config/load-balancers/profile-input';
import { manualBalancerAction } from '../balancer/drain-manual';
import type { ClusterProfile } from '../../shared/profile';
import type { ManualStep } from '../../shared/plan-schema';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The admin's steps at a balancer the wizard cannot drive, from the one place every balancer's exact
 * commands come from (balancer/manual-commands.ts). For `add`, `profile` lists the new server.
 */
export function manualBalancerStep(profile: ClusterProfile, change: 'add' | 'remove', node: string): ManualStep {
  const step = manualBalancerAction(profile, node, change);
  return change === 'add'
    ? { ...step, detail: `When ${node} reports healthy:\n${step.detail}` }
    : { ...step, detail: `${step.detail}\n\nThen remove it again with "the balancer is already handled" (drain timeout 0).` };
}

/** The member list the balancer should have for this profile (each server under its config name). */
export function membersOf(profile: ClusterProfile) {
  return loadBalancerInputFor(profile).backends;
}

/**
 * Makes the balancer's members those of `profile` and waits until `node` reads back ready (its
 * health check passed at the balancer), up to `timeoutMs`.
 */
export async function takeIntoRotation(control: BalancerControl, profile: ClusterProfile, node: string, timeoutMs: number, pollMs = 500): Promise<MemberStatus> {
  await control.setMembers(membersOf(profile));
  const until = Date.now() + timeoutMs;
  let last: MemberStatus | undefined;
  for (;;) {
    last = (await control.members()).find((m) => m.node === node);
    if (last?.state === 'ready') return last;
    if (Date.now() >= until) throw new Error(last ? `${control.how} still has ${node} ${last.state} (${last.detail}) after ${Math.round(timeoutMs / 1000)} s` : `${control.how} does not list ${node} after the change`);
    await sleep(pollMs);
  }
}

/**
 * Waits until `node` serves nothing at the balancer, or the timeout. A balancer that cannot count
 * sessions (null) is given the whole timeout. Returns what was seen last, and whether it drained.
 */
export async function waitDrained(control: BalancerControl, node: string, timeoutMs: number, pollMs = 500): Promise<{ drained: boolean; last: MemberStatus | null }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const last = (await control.members()).find((m) => m.node === node) ?? null;
    if (!last) return { drained: true, last };
    if (last.activeSessions === 0) return { drained: true, last };
    if (Date.now() >= until) return { drained: false, last };
    await sleep(Math.min(pollMs, Math.max(0, until - Date.now())));
  }
}
