/**
 * Every check's id, area and scope, in display order: the one place a check id is written. The engine's
 * check definitions take these from here (`...catalog(id)`, which accepts only ids listed below), and the
 * renderer imports it as plain data (the definitions themselves need Node).
 */
import type { CheckArea } from './check-types';

export type CheckScope = 'node' | 'cluster';
const node = (area: CheckArea) => ({ area, scope: 'node' as const });
const cluster = (area: CheckArea) => ({ area, scope: 'cluster' as const });

const ENTRIES = {
  'server.reachable': node('servers'),
  'server.host-key': node('servers'),
  'server.login': node('servers'),
  'server.product-installed': node('servers'),
  'server.service-running': node('servers'),
  'server.version': node('servers'),
  'servers.same-version': cluster('servers'),
  'servers.node-count': cluster('servers'),
  'servers.hostnames-distinct': cluster('servers'),
  'servers.clock': cluster('servers'),
  'servers.distinct': cluster('servers'),
  'database.connection-string': cluster('database'),
  'database.product-kind': cluster('database'),
  'database.login': cluster('database'),
  'database.exists': cluster('database'),
  'database.owner': cluster('database'),
  'database.server-version': cluster('database'),
  'database.collation': cluster('database'),
  'database.high-availability': cluster('database'),
  'database.recovery-model': cluster('database'),
  'database.reachable-from-node': node('database'),
  'storage.path-form': cluster('storage'),
  'storage.writable': node('storage'),
  'storage.shared': cluster('storage'),
  'storage.free-space': node('storage'),
  'storage.service-account': node('storage'),
  'encryption.present': node('encryption'),
  'encryption.format': node('encryption'),
  'encryption.cluster-key': cluster('encryption'),
  'network.messenger': node('network'),
  'network.web-port': node('network'),
  'load-balancer.reachable': cluster('load-balancer'),
  'load-balancer.health': cluster('load-balancer'),
} satisfies Record<string, { area: CheckArea; scope: CheckScope }>;

/** A check id the catalogue lists: a typo in a definition or its `needs` does not compile. */
export type CheckId = keyof typeof ENTRIES;

export interface CatalogEntry { id: CheckId; area: CheckArea; scope: CheckScope }

/** A check's catalogue entry, for its definition to spread. */
export const catalog = (id: CheckId): CatalogEntry => ({ id, ...ENTRIES[id] });

/** Whether a string (a check result's id, a catalogue key) names a check of the catalogue. */
export const isCheckId = (id: string): id is CheckId => Object.hasOwn(ENTRIES, id);

export const CHECK_CATALOG: CatalogEntry[] = Object.keys(ENTRIES).filter(isCheckId).map(catalog);

export const AREA_TITLES: Record<CheckArea, string> = {
  servers: 'Servers', database: 'Database', storage: 'Shared storage', encryption: 'Encryption key', network: 'Network', 'load-balancer': 'Load balancer',
};

export const idsOfArea = (area: CheckArea) => CHECK_CATALOG.filter((c) => c.area === area).map((c) => c.id);

/** How many results a run reports: one per cluster check, one per node for node checks. */
export function expectedResults(nodeCount: number, only?: string[]): number {
  const chosen = only ? CHECK_CATALOG.filter((c) => only.includes(c.id)) : CHECK_CATALOG;
  return chosen.reduce((sum, c) => sum + (c.scope === 'cluster' ? 1 : nodeCount), 0);
}
