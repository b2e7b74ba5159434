/**
 * What the admin runs at the balancer to take one server out of rotation or back in, when the wizard
 * cannot drive it (no access in the profile, or a balancer it does not drive). Stand-in for the
 * "nginx-ssh" helper's manual-commands.ts (the one place for every balancer's exact commands): the
 * lead swaps `manualRotationStep` for it at merge time.
 */
import { LOAD_BALANCER_NAMES, type ClusterProfile } from '../../shared/profile';
import type { ManualStep } from '../../shared/plan-schema';
import { IIS_FARM_NAME } from '../config/load-balancers/iis-arr';
import { HAPROXY_BACKEND } from '../config/load-balancers/haproxy';

export type RotationAction = 'drain' | 'resume';

/** The names the generated configs use (haproxy.ts, nginx.ts, f5-bigip.ts, a10-thunder.ts, citrix-adc.ts). */
const BACKEND = HAPROXY_BACKEND;

export function manualRotationStep(profile: ClusterProfile, member: string, host: string, action: RotationAction): ManualStep {
  const type = profile.loadBalancer.type;
  const name = LOAD_BALANCER_NAMES[type];
  const out = action === 'drain';
  const title = out ? `Take ${member} out of rotation at ${name}` : `Put ${member} back into rotation at ${name}`;
  const detail = (() => {
    switch (type) {
      case 'haproxy':
        return `On the HAProxy host: echo "set server ${BACKEND}/${member} state ${out ? 'drain' : 'ready'}" | socat stdio <its admin socket>, then "show servers state ${BACKEND}" shows the new state.`;
      case 'nginx':
        return out
          ? `On the NGINX host: in the upstream ${BACKEND}, add "down" to the line "server ${host}:…;" of ${member}, then run "nginx -t" and "nginx -s reload".`
          : `On the NGINX host: in the upstream ${BACKEND}, remove "down" from the line of ${member} (${host}), then run "nginx -t" and "nginx -s reload".`;
      case 'iis-arr':
        return `In IIS Manager on the balancer: Server Farms > ${IIS_FARM_NAME} > Servers, select ${host}, then ${out ? '"Disallow New Connections"' : '"Allow New Connections"'}.`;
      case 'f5':
        return `On the BIG-IP (tmsh): modify ltm pool inedo_pool members modify { ${host}:<port> { session ${out ? 'user-disabled' : 'user-enabled'} } }`;
      case 'a10':
        return `On the A10 Thunder, configuration mode: slb server inedo_${member}, then "${out ? 'disable' : 'enable'}", then "write memory".`;
      case 'citrix':
        return out ? `On the Citrix ADC: disable server inedo_${member} -graceful YES` : `On the Citrix ADC: enable server inedo_${member}`;
    }
  })();
  return { title, detail, url: null };
}

/** The plan's one sentence on how its restarts meet the balancer. */
export function drainPlanNote(profile: ClusterProfile): string {
  return profile.loadBalancer.access
    ? 'Each server is taken out of the load balancer\'s rotation before its restart and put back after it reports healthy, so no request through the balancer fails.'
    : 'The load balancer only notices a restarting server by its failing health checks, so some requests may fail during each restart; with access to the balancer in the profile the wizard would take each server out of rotation first.';
}
