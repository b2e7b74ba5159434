/** Opens apply's balancer guard when the profile gives access to the balancer (issue 13); null without. */
import type { ClusterProfile } from '../../shared/profile';
import type { ClusterContext } from '../run/cluster-context';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import type { BalancerControl } from '../balancer/balancer-control';
import { openBalancerControl } from '../balancer/open-balancer-control';
import { BalancerGuard, type GuardOptions } from './balancer-guard';
import { errorMessage } from '../../shared/error-text';

export type OpenBalancer = (profile: ClusterProfile, settings: EngineSettings, secrets: SecretResolver) => Promise<BalancerControl | null>;

/** The real control, through the one factory (open-balancer-control.ts). */
export const openProfileBalancer: OpenBalancer = (profile, settings, secrets) => openBalancerControl({ profile, settings, secrets });

export async function openGuard(profile: ClusterProfile, ctx: ClusterContext, restartIds: string[], open: OpenBalancer = openProfileBalancer,
  options: GuardOptions = {}): Promise<BalancerGuard | null> {
  if (!profile.loadBalancer.access || restartIds.length === 0) return null;
  let control: BalancerControl | null;
  try {
    control = await open(profile, ctx.settings, ctx.secrets);
  } catch (e) {
    throw new Error(`the load balancer cannot be reached to drain each server before its restart: ${errorMessage(e)}`, { cause: e });
  }
  if (!control) return null;
  const guard = new BalancerGuard(control, profile, options);
  try {
    await guard.preflight(restartIds);
  } catch (e) {
    await control.close().catch(() => undefined);
    throw e;
  }
  return guard;
}
