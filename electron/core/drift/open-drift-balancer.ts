/**
 * Opens the balancer control the drift check reads members through: the engine's one
 * `openBalancerControl` (null when the profile gives no access: the members are then not compared).
 */
import { openBalancerControl } from '../balancer/open-balancer-control';
import type { BalancerControl } from '../balancer/balancer-control';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import type { ClusterProfile } from '../../shared/profile';

export function openDriftBalancer(profile: ClusterProfile, secrets: SecretResolver, settings: EngineSettings): Promise<BalancerControl | null> {
  return openBalancerControl({ profile, secrets, settings });
}
