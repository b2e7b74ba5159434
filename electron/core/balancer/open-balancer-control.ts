/**
 * The one place that turns a profile's `loadBalancer.access` into a BalancerControl: null when the
 * profile gives no access (every balancer step is then a manual step the wizard writes out).
 */
import type { ClusterProfile } from '../../shared/profile';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import type { BalancerControl } from './balancer-control';
import { haproxyApiControl } from './haproxy-api-control';
import { sshBalancerControl } from './ssh-balancer-control';

export interface OpenBalancerControl {
  profile: ClusterProfile;
  secrets: SecretResolver;
  settings: EngineSettings;
}

export async function openBalancerControl(o: OpenBalancerControl): Promise<BalancerControl | null> {
  const access = o.profile.loadBalancer.access;
  if (!access) return null;
  if (access.kind === 'haproxy-api') return haproxyApiControl(o.profile, { host: access.host, port: access.port });
  return sshBalancerControl({ ...o, access });
}
