/**
 * Every check's id, area and scope, in display order, as plain data the renderer can import (the check
 * definitions themselves need Node). A test keeps it identical to ALL_CHECKS.
 */
import type { CheckArea } from './check-types';

export interface CatalogEntry { id: string; area: CheckArea; scope: 'node' | 'cluster' }

const node = (area: CheckArea, ...ids: string[]) => ids.map((id): CatalogEntry => ({ id, area, scope: 'node' }));
const cluster = (area: CheckArea, ...ids: string[]) => ids.map((id): CatalogEntry => ({ id, area, scope: 'cluster' }));

export const CHECK_CATALOG: CatalogEntry[] = [
  ...node('servers', 'server.reachable', 'server.host-key', 'server.login', 'server.product-installed', 'server.service-running', 'server.version'),
  ...cluster('servers', 'servers.same-version', 'servers.node-count', 'servers.hostnames-distinct', 'servers.clock', 'servers.distinct'),
  ...cluster('database', 'database.connection-string', 'database.product-kind', 'database.login', 'database.exists', 'database.owner',
    'database.server-version', 'database.collation', 'database.high-availability', 'database.recovery-model'),
  ...node('database', 'database.reachable-from-node'),
  ...cluster('storage', 'storage.path-form'),
  ...node('storage', 'storage.writable'),
  ...cluster('storage', 'storage.shared'),
  ...node('storage', 'storage.free-space', 'storage.service-account'),
  ...node('encryption', 'encryption.present', 'encryption.format'),
  ...cluster('encryption', 'encryption.cluster-key'),
  ...node('network', 'network.messenger', 'network.web-port'),
  ...cluster('load-balancer', 'load-balancer.reachable', 'load-balancer.health'),
];

export const AREA_TITLES: Record<CheckArea, string> = {
  servers: 'Servers', database: 'Database', storage: 'Shared storage', encryption: 'Encryption key', network: 'Network', 'load-balancer': 'Load balancer',
};

export const idsOfArea = (area: CheckArea) => CHECK_CATALOG.filter((c) => c.area === area).map((c) => c.id);

/** How many results a run reports: one per cluster check, one per node for node checks. */
export function expectedResults(nodeCount: number, only?: string[]): number {
  const chosen = only ? CHECK_CATALOG.filter((c) => only.includes(c.id)) : CHECK_CATALOG;
  return chosen.reduce((sum, c) => sum + (c.scope === 'cluster' ? 1 : nodeCount), 0);
}
