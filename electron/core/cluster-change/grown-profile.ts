/**
 * The cluster with one server more or one less, as the profile file and the plans see it: the one
 * place both the engine's calls and the CLI make it, and the licence note for a cluster that grows past
 * what a licence allows by default.
 */
import { LICENSED_NODE_LIMIT, PRODUCTS } from '../../shared/products';
import { nodeId, type ClusterProfile, type NodeProfile } from '../../shared/profile';

export class NodeChangeRefused extends Error {}

/** The cluster with `node` added; refused when a server of the same name or address is already in it. */
export function withNode(profile: ClusterProfile, node: NodeProfile): ClusterProfile {
  const id = nodeId(node);
  const clash = profile.nodes.find((n) => nodeId(n) === id || (n.host.toLowerCase() === node.host.toLowerCase() && (n.webPort ?? null) === (node.webPort ?? null)));
  if (clash) throw new NodeChangeRefused(`${id} is already in the cluster (as ${nodeId(clash)} at ${clash.host})`);
  return { ...profile, nodes: [...profile.nodes, node] };
}

/** The cluster without `id`; refused for a server it does not have, and for its only server. */
export function withoutNode(profile: ClusterProfile, id: string): ClusterProfile {
  if (!profile.nodes.some((n) => nodeId(n) === id)) throw new NodeChangeRefused(`there is no server ${id} in this cluster (it has ${profile.nodes.map(nodeId).join(', ')})`);
  if (profile.nodes.length === 1) throw new NodeChangeRefused(`${id} is the cluster's only server: removing it would leave nothing to serve`);
  const nodes = profile.nodes.filter((n) => nodeId(n) !== id);
  // A key kept "from" the removed server is the cluster's key now: every remaining server holds it.
  const encryptionKey = profile.encryptionKey.mode === 'keep-node' && profile.encryptionKey.node === id ? { mode: 'auto' as const } : profile.encryptionKey;
  return { ...profile, nodes, encryptionKey };
}

/** Said when the cluster grows past the servers a licence allows by default (the sixth and on); null below. */
export function licenceNote(profile: ClusterProfile, serversAfter: number): string | null {
  if (serversAfter <= LICENSED_NODE_LIMIT) return null;
  const product = PRODUCTS[profile.product].name;
  return `This makes ${serversAfter} servers. A ${product} Enterprise licence allows ${LICENSED_NODE_LIMIT} servers per instance by default: ask Inedo for a licence that allows more before you add this one.`;
}
