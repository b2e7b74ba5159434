/**
 * The balancer control for a profile: the one place drain, resume and apply open it. Null when the
 * profile gives no access (every balancer step is then a manual step).
 */
import type { ClusterProfile } from '../../shared/profile';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import type { BalancerControl } from './balancer-control';

export async function openProfileBalancer(profile: ClusterProfile, _settings: EngineSettings, _secrets: SecretResolver): Promise<BalancerControl | null> {
  if (!profile.loadBalancer.access) return null;
  // Replaced by the lead's openBalancerControl (open-balancer-control.ts) once it is in main.
  throw new Error('this build cannot drive the load balancer yet');
}
