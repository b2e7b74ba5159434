/**
 * What the admin runs at the balancer to take one server out of rotation or back in, when the wizard
 * cannot drive it: one step, from the one place every balancer's exact commands come from (manual-commands.ts).
 */
import { type ClusterProfile } from '../../shared/profile';
import type { ManualStep } from '../../shared/plan-schema';
import { backendName, loadBalancerInputFor } from '../config/load-balancers/profile-input';
import { manualCommands } from './manual-commands';

export type RotationAction = 'drain' | 'resume';

export function manualRotationStep(profile: ClusterProfile, member: string, _host: string, action: RotationAction): ManualStep {
  const access = profile.loadBalancer.access;
  const steps = manualCommands(profile.loadBalancer.type, action, {
    input: loadBalancerInputFor(profile),
    node: backendName(member),
    ...(access?.kind === 'ssh' ? { configPath: access.configPath, ...(access.runtimeSocket ? { runtimeSocket: access.runtimeSocket } : {}) } : {}),
  });
  return {
    title: steps.map((s) => s.title).join('; '),
    detail: steps.map((s) => s.detail).join('\n\n'),
    url: steps.find((s) => s.url)?.url ?? null,
  };
}

/** The plan's one sentence on how its restarts meet the balancer. */
export function drainPlanNote(profile: ClusterProfile): string {
  return profile.loadBalancer.access
    ? 'Each server is taken out of the load balancer\'s rotation before its restart and put back after it reports healthy, so no request through the balancer fails.'
    : 'The load balancer only notices a restarting server by its failing health checks, so some requests may fail during each restart; with access to the balancer in the profile the wizard would take each server out of rotation first.';
}
