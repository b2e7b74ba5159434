/** The balancer's input from a profile: the plan and the Load balancer page must generate the same config. */
import { PRODUCTS } from '../../../shared/products';
import { nodeId, type ClusterProfile } from '../../../shared/profile';
import type { LoadBalancerInput } from './types';

/** A node's name in a balancer's config (and HAProxy's runtime API): its id, with what a config line cannot hold replaced. */
export function backendName(nodeIdValue: string): string {
  return nodeIdValue.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
}

export function loadBalancerInputFor(profile: ClusterProfile): LoadBalancerInput {
  const url = profile.loadBalancer.url;
  return {
    backends: profile.nodes.map((n) => ({ name: backendName(nodeId(n)), host: n.host, port: n.webPort ?? PRODUCTS[profile.product].defaultPort })),
    listenAddress: '0.0.0.0',
    listenPort: url ? Number(new URL(url).port || (url.startsWith('https') ? 443 : 80)) : 80,
    publicUrl: url ?? 'https://<the balancer\'s address>',
    sticky: profile.loadBalancer.sticky,
    healthPath: '/health',
  };
}
