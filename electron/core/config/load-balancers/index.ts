/** One entry point for every balancer type the profile can name: files to apply plus notes. */
import type { LoadBalancerType } from '../../../shared/profile';
import { a10ThunderConfig } from './a10-thunder';
import { citrixAdcConfig } from './citrix-adc';
import { f5BigIpConfig } from './f5-bigip';
import { haproxyConfig } from './haproxy';
import { iisArrConfig } from './iis-arr';
import { nginxConfig } from './nginx';
import type { LoadBalancerInput } from './types';
import { baseUrlSentence, checkVendorInput, type LoadBalancerConfig } from './vendor-common';

export type { LoadBalancerConfig, LoadBalancerFile, LoadBalancerFileLanguage } from './vendor-common';
export type { LoadBalancerBackend, LoadBalancerInput } from './types';

const STICKY_OFF = 'Sticky sessions are off: with one encryption key on every node any node can serve any request.';

export function loadBalancerConfig(type: LoadBalancerType, input: LoadBalancerInput): LoadBalancerConfig {
  switch (type) {
    case 'haproxy':
      // The stricter checks (public URL, port, host shape) apply to HAProxy and nginx too.
      checkVendorInput(input);
      return {
        files: [{ name: 'haproxy.cfg', language: 'ini', content: haproxyConfig(input) }],
        notes: [
          baseUrlSentence(input),
          input.sticky ? 'Sticky sessions are on (cookie INEDOSRV). They are not needed when every node has the same encryption key.' : STICKY_OFF,
        ],
      };
    case 'nginx':
      checkVendorInput(input);
      return {
        files: [{ name: 'nginx.conf', language: 'nginx', content: nginxConfig(input) }],
        notes: [
          baseUrlSentence(input),
          `Open-source nginx only notices a node that refuses connections or times out; a node answering 500 on ${input.healthPath} keeps receiving requests. Prefer HAProxy, or nginx Plus with "health_check".`,
          input.sticky ? 'Sticky sessions are on (ip_hash: by client address). They are not needed when every node has the same encryption key.' : STICKY_OFF,
        ],
      };
    case 'iis-arr':
      return iisArrConfig(input);
    case 'f5':
      return f5BigIpConfig(input);
    case 'a10':
      return a10ThunderConfig(input);
    case 'citrix':
      return citrixAdcConfig(input);
    default:
      return unknownType(type);
  }
}

function unknownType(type: never): never {
  throw new Error(`unknown load balancer type: ${String(type)}`);
}
