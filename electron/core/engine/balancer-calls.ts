/**
 * The balancer's calls (issue 13, helper "drain"): its members as it reports them, and one server out
 * of rotation and back, each confirmed by reading the balancer again. Without access in the profile,
 * nothing is changed and the answer carries the step the admin runs at the balancer.
 */
import type { CallParsedInput } from '../../shared/contract';
import type { LocalSecretRef } from '../../shared/local-secrets';
import type { ClusterProfile } from '../../shared/profile';
import { type OpenBalancer, openProfileBalancer } from '../apply/balancer-guard-open';
import type { BalancerControl } from '../balancer/balancer-control';
import { RotationRefusal, memberOf, readMembers, setRotation } from '../balancer/node-rotation';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import { type Handlers, RefusedError } from './dispatcher';

export interface BalancerCallDeps {
  resolver(i: { secrets: Record<string, string>; allowLocalSecrets: LocalSecretRef[] }): SecretResolver;
  settings(acceptedHostKeys: Record<string, string>): EngineSettings;
  open?: OpenBalancer;
  /** A server the wizard took out of rotation or put back (the cluster's history records it). */
  onRotated?(profile: ClusterProfile, node: string, action: 'drain' | 'resume', how: string): void;
}

type Reach = CallParsedInput<'balancer.members'>;

export function balancerCalls(deps: BalancerCallDeps): Pick<Handlers, 'balancer.members' | 'node.drain' | 'node.resume'> {
  const withControl = async <T>(i: Reach, fn: (c: BalancerControl | null, p: ClusterProfile) => Promise<T>): Promise<T> => {
    const secrets = deps.resolver(i);
    const control = await (deps.open ?? openProfileBalancer)(i.profile, deps.settings(i.acceptedHostKeys), secrets)
      .catch((e: Error) => Promise.reject(new Error(`the load balancer cannot be reached: ${secrets.redactor.redact(e.message)}`)));
    try {
      return await fn(control, i.profile);
    } finally {
      await control?.close().catch(() => undefined);
    }
  };
  const rotate = (action: 'drain' | 'resume') => async (i: CallParsedInput<'node.drain'>) => {
    // An unknown server is refused before the balancer is even opened.
    try {
      memberOf(i.profile, i.node);
    } catch (e) {
      throw e instanceof RotationRefusal ? new RefusedError(e.message) : e;
    }
    const answer = await withControl(i, (c, p) => setRotation(p, c, i.node, action));
    if (answer.driven) deps.onRotated?.(i.profile, i.node, action, answer.how);
    return answer;
  };
  return {
    'balancer.members': (i) => withControl(i, (c) => readMembers(c)),
    'node.drain': rotate('drain'),
    'node.resume': rotate('resume'),
  };
}
