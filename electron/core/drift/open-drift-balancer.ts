/**
 * Opens the balancer control the drift check reads members through. The engine's own
 * `openBalancerControl` (electron/core/balancer) is wired here once it lands; until then no control
 * is opened and the members are said to be not compared.
 */
import type { BalancerControl } from '../balancer/balancer-control';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import type { ClusterProfile } from '../../shared/profile';

export function openDriftBalancer(_profile: ClusterProfile, _secrets: SecretResolver, _settings: EngineSettings): Promise<BalancerControl | null> {
  return Promise.resolve(null);
}
