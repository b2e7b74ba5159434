/** The cluster-wide readings taken from this computer each round: the database and the load balancer. */
import { probeDatabase } from '../database/database-probe';
import type { ClusterProfile } from '../../shared/profile';
import type { SecretResolver } from '../secrets';
import { describeDatabaseProbe, describeLoadBalancer, type LoadBalancerHealth } from './health-snapshot';
import { readProductHealth } from '../nodes/product-health';
import { settleBy } from './round-tools';

/**
 * The same probe a check run takes (connect, log in, a few catalog reads: about 20 ms on the lab's
 * PostgreSQL once warm), so "reachable" means the product's login works, not just the port.
 */
export async function databaseFromHere(profile: ClusterProfile, secrets: SecretResolver, timeoutMs: number, knownHostsPath: string): Promise<{ reachable: boolean; detail: string }> {
  const settings = { connectTimeoutMs: timeoutMs, checkTimeoutMs: timeoutMs, knownHostsPath };
  // A memo per call: each round probes afresh (the password is resolved once, by the resolver).
  return describeDatabaseProbe(await probeDatabase({ profile, settings, secrets, memo: (_key, fn) => fn() }));
}

export async function loadBalancerHealth(url: string | null, timeoutMs: number, deadline: number, signal: AbortSignal): Promise<LoadBalancerHealth> {
  if (!url) return { url: null, reachable: null, healthy: null, readmitting: false, detail: 'the profile names no load balancer URL', elapsedMs: 0 };
  const o = await settleBy(readProductHealth(url, timeoutMs), deadline, signal);
  if (o.state !== 'done') return { url, reachable: false, healthy: false, readmitting: false, detail: `${url}/health: no answer within ${timeoutMs} ms`, elapsedMs: timeoutMs };
  return describeLoadBalancer(url, o.value);
}
