/** One entry point for every balancer type the profile can name: files to apply plus notes. */
import type { LoadBalancerType } from '../../../shared/profile';
import { a10ThunderConfig } from './a10-thunder';
import { citrixAdcConfig } from './citrix-adc';
import { f5BigIpConfig } from './f5-bigip';
import { haproxyConfig } from './haproxy';
import { iisArrConfig } from './iis-arr';
import { nginxConfig } from './nginx';
import type { LoadBalancerInput } from './types';
import { baseUrlSentence, checkVendorInput, type LoadBalancerConfig, type LoadBalancerFile } from './vendor-common';

export type { LoadBalancerConfig, LoadBalancerFile, LoadBalancerFileLanguage } from './vendor-common';
export type { LoadBalancerBackend, LoadBalancerInput } from './types';

const STICKY_OFF = 'Sticky sessions are off: with one encryption key on every node any node can serve any request.';

/** HAProxy and nginx: checked like the appliances (public URL, port, host shape), one file, the base URL note first and the sticky one last. */
function proxyConfig(input: LoadBalancerInput, file: Omit<LoadBalancerFile, 'content'>, render: (input: LoadBalancerInput) => string, own: string[], stickyOn: string): LoadBalancerConfig {
  checkVendorInput(input);
  return { files: [{ ...file, content: render(input) }], notes: [baseUrlSentence(input), ...own, input.sticky ? stickyOn : STICKY_OFF] };
}

const GENERATORS: Record<LoadBalancerType, (input: LoadBalancerInput) => LoadBalancerConfig> = {
  haproxy: (input) => proxyConfig(input, { name: 'haproxy.cfg', language: 'ini' }, haproxyConfig, [],
    'Sticky sessions are on (cookie INEDOSRV). They are not needed when every node has the same encryption key.'),
  nginx: (input) => proxyConfig(input, { name: 'nginx.conf', language: 'nginx' }, nginxConfig,
    [`Open-source nginx only notices a node that refuses connections or times out; a node answering 500 on ${input.healthPath} keeps receiving requests. Prefer HAProxy, or nginx Plus with "health_check".`],
    'Sticky sessions are on (ip_hash: by client address). They are not needed when every node has the same encryption key.'),
  'iis-arr': iisArrConfig,
  f5: f5BigIpConfig,
  a10: a10ThunderConfig,
  citrix: citrixAdcConfig,
};

export function loadBalancerConfig(type: LoadBalancerType, input: LoadBalancerInput): LoadBalancerConfig {
  // The type may come from an unchecked file: only the table's own keys count.
  if (!Object.hasOwn(GENERATORS, type)) throw new Error(`unknown load balancer type: ${String(type)}`);
  return GENERATORS[type](input);
}
