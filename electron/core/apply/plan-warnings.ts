/**
 * The big changes a plan makes, named per node before Apply: a node whose configuration names a
 * database other than the shared one is moved to it (its own data is no longer seen), and a node whose
 * own encryption key is replaced by the cluster's (what it encrypted before can no longer be read).
 * Only database names, servers and key fingerprints leave here: never a key, a password or a string.
 */
import type { DatabaseKind } from '../../shared/kinds';
import { parseConnectionString, type DatabaseEndpoint } from '../../shared/connection-string/connection-strings';
import type { DatabaseRef, PlanWarning } from '../../shared/plan-schema';
import { keyFingerprint, type ProductConfig } from '../config/product-config';

export interface NodeToday {
  id: string;
  host: string;
  /** The node's configuration as read now (null: no file yet, nothing to lose). */
  config: ProductConfig | null;
}

const refOf = (e: DatabaseEndpoint): DatabaseRef => ({ server: e.instance ? `${e.host}\\${e.instance}` : `${e.host}:${e.port}`, name: e.database });
const sameRef = (a: DatabaseRef, b: DatabaseRef) => a.server.toLowerCase() === b.server.toLowerCase() && a.name.toLowerCase() === b.name.toLowerCase();

/** The database a node's configuration names: the cluster's kind first, else the other one it has. */
function currentDatabase(c: ProductConfig, kind: DatabaseKind): DatabaseRef | null {
  const tries: [DatabaseKind, string | null][] = kind === 'postgres'
    ? [['postgres', c.postgresConnectionString], ['sqlserver', c.sqlConnectionString]]
    : [['sqlserver', c.sqlConnectionString], ['postgres', c.postgresConnectionString]];
  for (const [k, text] of tries) {
    if (!text) continue;
    const p = parseConnectionString(k, text);
    if (p.ok && p.endpoint.database) return refOf(p.endpoint);
  }
  return null;
}

export function planWarnings(nodes: NodeToday[], shared: { kind: DatabaseKind; connectionString: string }, clusterKey: string | null): PlanWarning[] {
  const target = parseConnectionString(shared.kind, shared.connectionString);
  const sharedRef = target.ok ? refOf(target.endpoint) : null;
  const norm = (k: string) => k.trim().toLowerCase();
  const clusterFingerprint = clusterKey ? keyFingerprint(clusterKey) : null;
  const warnings: PlanWarning[] = [];
  for (const n of nodes) {
    if (!n.config) continue;
    const now = currentDatabase(n.config, shared.kind);
    if (sharedRef && now && !sameRef(now, sharedRef)) {
      warnings.push({ kind: 'database-moved', nodeId: n.id, host: n.host, currentDatabase: now, sharedDatabase: sharedRef });
    }
  }
  for (const n of nodes) {
    const own = n.config?.encryptionKey;
    if (own && (!clusterKey || norm(own) !== norm(clusterKey))) {
      warnings.push({ kind: 'key-replaced', nodeId: n.id, host: n.host, currentFingerprint: keyFingerprint(own), clusterFingerprint });
    }
  }
  return warnings;
}
