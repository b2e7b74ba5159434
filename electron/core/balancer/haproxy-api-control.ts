/**
 * Driving HAProxy through its runtime API on an address the admin gave (`stats socket ipv4@ADDR:PORT
 * level admin`): drain and resume one server, read every member's state and sessions. Member changes
 * are made at runtime (`add server` / `del server`, HAProxy 2.5+); HAProxy forgets them at its next
 * reload, so whoever changes members this way also says to put them in haproxy.cfg (no backup: no file
 * is touched).
 */
import { HAPROXY_BACKEND } from '../config/load-balancers/haproxy';
import { backendName } from '../config/load-balancers/profile-input';
import type { LoadBalancerBackend } from '../config/load-balancers/types';
import { hostPort } from '../../shared/host-name';
import { nodeId, type ClusterProfile } from '../../shared/profile';
import type { BalancerControl } from './balancer-control';
import { assertServerName, endpointText, parseShowStat, runtimeAction, runtimeCommand, runtimeMembers, type RuntimeEndpoint } from './haproxy-runtime';

/** How long a removed server may keep connections before `del server` is given up. */
const DELETE_WAIT_MS = 10_000;

export function haproxyApiControl(profile: ClusterProfile, endpoint: RuntimeEndpoint): BalancerControl {
  const serverOf = (node: string): string => {
    const n = profile.nodes.find((x) => nodeId(x) === node);
    if (!n) throw new Error(`no server ${JSON.stringify(node)} in this cluster (its servers: ${profile.nodes.map(nodeId).join(', ')})`);
    const name = backendName(nodeId(n));
    assertServerName(name);
    return `${HAPROXY_BACKEND}/${name}`;
  };
  const nodeOfServer = (server: string) => profile.nodes.map(nodeId).find((id) => backendName(id) === server) ?? server;
  return {
    how: `HAProxy runtime API at ${endpointText(endpoint)}`,
    members: () => runtimeMembers(endpoint, HAPROXY_BACKEND, nodeOfServer),
    drain: async (node) => runtimeAction(endpoint, `set server ${serverOf(node)} state drain`),
    resume: async (node) => runtimeAction(endpoint, `set server ${serverOf(node)} state ready`),
    async setMembers(backends: LoadBalancerBackend[]) {
      backends.forEach((b) => assertServerName(b.name));
      const present = parseShowStat(await runtimeCommand(endpoint, 'show stat'), HAPROXY_BACKEND).map((r) => r.server);
      for (const b of backends.filter((x) => !present.includes(x.name))) {
        const server = `${HAPROXY_BACKEND}/${b.name}`;
        await runtimeAction(endpoint, `add server ${server} ${hostPort(b.host, b.port)} check`, 'New server registered.');
        // A server added at runtime starts in maintenance, its health check off: both are switched on.
        await runtimeAction(endpoint, `enable health ${server}`);
        await runtimeAction(endpoint, `enable server ${server}`);
      }
      for (const name of present.filter((x) => !backends.some((b) => b.name === x))) {
        const server = `${HAPROXY_BACKEND}/${name}`;
        await runtimeAction(endpoint, `disable server ${server}`);
        await deleteWhenIdle(endpoint, server);
      }
      return { backupPath: null };
    },
    close: async () => undefined,
  };
}

/** `del server` is refused while the server still has connections: retried until they are gone. */
async function deleteWhenIdle(endpoint: RuntimeEndpoint, server: string): Promise<void> {
  const until = Date.now() + DELETE_WAIT_MS;
  for (;;) {
    try {
      return await runtimeAction(endpoint, `del server ${server}`, 'Server deleted.');
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
