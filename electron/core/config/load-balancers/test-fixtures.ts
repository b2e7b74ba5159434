/** The example cluster the load-balancer tests (and golden files) are generated from. */
import type { LoadBalancerType } from '../../../shared/profile';
import type { LoadBalancerInput } from './types';

export const ALL_TYPES: LoadBalancerType[] = ['haproxy', 'nginx', 'iis-arr', 'f5', 'a10', 'citrix'];

/** Two nodes on different ports, one by address and one by DNS name, behind an https URL. */
export const EXAMPLE_INPUT: LoadBalancerInput = {
  backends: [
    { name: 'node1', host: '10.0.0.11', port: 8624 },
    { name: 'node2', host: 'proget2.corp.example', port: 8625 },
  ],
  listenAddress: '10.0.0.10',
  listenPort: 443,
  publicUrl: 'https://proget.corp.example',
  sticky: false,
  healthPath: '/health',
};

export const BASE_URL_SENTENCE = "The product's Web.BaseUrl must be this balancer's URL: https://proget.corp.example";
