/**
 * Names, addresses and paths of the lab. Everything the lab makes is named from these, so `down` can
 * find and remove all of it even when its state file is lost.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of everything the lab writes on this machine. */
export const LAB_ROOT = process.env.HA_LAB_ROOT ?? '/srv/ha-wizard-lab';
/** Inside a node's own mount view, its private directory appears here (config, state, storage, home). */
export const NODE_VIEW = path.join(LAB_ROOT, 'node');
export const STATE_FILE = path.join(LAB_ROOT, 'lab-state.json');
/** The engine profile of the running lab, and the key its nodes accept. */
export const LAB_PROFILE = path.join(LAB_ROOT, 'profile.json');
export const LAB_PRIVATE_KEY = path.join(LAB_ROOT, 'keys', 'id_ed25519');

/** Prefix of network namespaces and host-side links; short because Linux link names stop at 15 chars. */
export const NS_PREFIX = 'hawlab-';
export const LINK_PREFIX = 'hwl-';
export const BRIDGE = 'hawlab0';
/** First three octets of the lab's /24. The addresses exist only on the lab's bridge and namespaces. */
export const SUBNET = process.env.HA_LAB_SUBNET ?? '10.231.77';
export const BRIDGE_ADDRESS = `${SUBNET}.1`;
/** The lab's own IPv6 prefix (a /64 of the unique-local fd00::/8): nodes are reachable over IPv6 too. */
export const SUBNET6 = process.env.HA_LAB_SUBNET6 ?? 'fd00:4a57:1ab:77';
export const BRIDGE_ADDRESS6 = `${SUBNET6}::1`;

/** Fixed hosts besides the nodes. */
export const HOSTS = {
  db: { ns: `${NS_PREFIX}db`, link: `${LINK_PREFIX}db`, address: `${SUBNET}.2`, hostname: 'halab-db' },
  haproxy: { ns: `${NS_PREFIX}haproxy`, link: `${LINK_PREFIX}hap`, address: `${SUBNET}.3`, hostname: 'halab-haproxy' },
  nginx: { ns: `${NS_PREFIX}nginx`, link: `${LINK_PREFIX}ngx`, address: `${SUBNET}.4`, hostname: 'halab-nginx' },
  nas: { ns: `${NS_PREFIX}nas`, link: `${LINK_PREFIX}nas`, address: `${SUBNET}.5`, hostname: 'halab-nas' },
} as const;
export type FixedHost = keyof typeof HOSTS;

export const MAX_NODES = 40;
export function nodeName(index: number): string {
  return `node${index}`;
}
export function nodeHost(index: number) {
  return {
    name: nodeName(index),
    ns: `${NS_PREFIX}${nodeName(index)}`,
    link: `${LINK_PREFIX}n${index}`,
    address: `${SUBNET}.${10 + index}`,
    address6: `${SUBNET6}::${10 + index}`,
    hostname: `halab-${nodeName(index)}`,
    dir: path.join(LAB_ROOT, 'nodes', nodeName(index)),
  };
}

/**
 * Unix accounts the lab creates (and `down` removes): one login per node, so a node's password can be
 * changed alone (a bind mount over /etc/shadow would not do: tools that rewrite /etc/shadow by rename
 * dissolve such mounts), all in one group so the shared storage is shared.
 */
export const LAB_GROUP = 'halab';
export const SAMBA_USER = 'halabsmb';
export function labUser(index: number): string {
  return `halab${index}`;
}
/** The login on the HAProxy and nginx hosts, which also runs both balancers (balancer-hosts.ts). */
export const BALANCER_USER = 'halablb';
export const LAB_USER_PATTERN = /^(halab\d+|halabsmb|halablb)$/;

export const PORTS = { ssh: 22, postgres: 5432, sqlserver: 1433, loadBalancer: 80, smb: 445, haproxyApi: 9999 } as const;

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
