/**
 * Which cluster a history belongs to: a stable hash of the product and its servers (host, SSH port, web
 * port), in a normal form so the same cluster typed differently ("Node1.", "node1") keeps one history.
 * Nothing secret goes in: no user, no password, no connection string. The same profile on the CLI and
 * in the app gives the same key, so both read and write one file.
 */
import crypto from 'node:crypto';
import { normalizeHost } from '../../../shared/host-name';
import type { ClusterProfile } from '../../../shared/profile';
import { PRODUCTS } from '../../../shared/products';

export function clusterKey(profile: Pick<ClusterProfile, 'product' | 'nodes'>): string {
  const port = PRODUCTS[profile.product].defaultPort;
  const servers = profile.nodes.map((n) => `${normalizeHost(n.host)}|${n.port ?? 22}|${n.webPort ?? port}`).sort();
  const hash = crypto.createHash('sha256').update(JSON.stringify([profile.product, ...servers])).digest('hex');
  return `${profile.product}-${hash.slice(0, 16)}`;
}
