/**
 * The upgrade's health gate over each server's own /health (not through the balancer): healthy AND at the
 * version the step expects, polled once a second like apply's waitHealthy; and the sync check over one
 * round of the health monitor (every server at the target, the encryption keys' fingerprints in sync).
 */
import { readProductHealth, type ProductHealth } from '../nodes/product-health';
import { resolveNodes } from '../run/cluster-context';
import { parseProductVersion } from '../../shared/products';
import type { ClusterProfile } from '../../shared/profile';
import type { ClusterHealthSnapshot } from '../../shared/health-snapshot';
import type { UpgradeHealth } from './upgrade-run-state';

/** The version /health names: releaseNumber (2025.14) first, else versionNumber. */
export const healthVersion = (h: Pick<ProductHealth, 'releaseNumber' | 'versionNumber'>) => h.releaseNumber ?? h.versionNumber;

/** "2025.14", "2025.14.0" and "2025.14 (Build 7)" are one version. */
export function sameVersion(a: string | null, b: string): boolean {
  const x = a ? parseProductVersion(a) : null;
  const y = parseProductVersion(b);
  return !!x && !!y && x[0] === y[0] && x[1] === y[1];
}

export interface UpgradeHealthOptions {
  requestTimeoutMs: number;
  /** One round of the health monitor (cluster-health.ts) for the sync check. */
  readSnapshot: () => Promise<ClusterHealthSnapshot>;
  pollMs?: number;
  read?: typeof readProductHealth;
}

export function upgradeHealth(profile: ClusterProfile, o: UpgradeHealthOptions): UpgradeHealth {
  const nodes = resolveNodes(profile);
  const read = o.read ?? readProductHealth;
  const url = (id: string) => {
    const n = nodes.find((x) => x.id === id);
    if (!n) throw new Error(`no server ${id} in the profile`);
    return n.webUrl;
  };
  return {
    async waitAt(nodeId, version, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const h = await read(url(nodeId), Math.min(o.requestTimeoutMs, Math.max(500, deadline - Date.now())));
        const v = healthVersion(h);
        if (h.healthy && sameVersion(v, version)) return `/health OK at ${v}`;
        const last = !h.reachable ? (h.message ?? 'no answer') : !h.healthy ? (h.databaseStatusDetails ?? h.message ?? `HTTP ${h.httpStatus}`) : `it answers version ${v ?? 'unknown'}, not ${version}`;
        if (Date.now() >= deadline) throw new Error(`${nodeId} is not healthy at ${version} after ${Math.round(timeoutMs / 1000)} s: ${last}`);
        await new Promise((r) => setTimeout(r, o.pollMs ?? 1000));
      }
    },
    async inSync(version) {
      const s = await o.readSnapshot();
      const off = s.nodes.filter((n) => !n.healthy || !sameVersion(n.version, version)).map((n) => `${n.id} (${n.healthy ? `at ${n.version ?? 'an unknown version'}` : 'not healthy'})`);
      if (off.length) throw new Error(`not every server is healthy at ${version}: ${off.join(', ')}`);
      if (s.keysInSync !== true) throw new Error(s.keysInSync === false ? 'the servers\' encryption keys differ' : 'the encryption keys could not be read on every server');
      return `every server is healthy at ${version} and their encryption keys are the same`;
    },
    async probe(nodeId) {
      const h = await read(url(nodeId), o.requestTimeoutMs);
      return { healthy: h.healthy, version: healthVersion(h) };
    },
  };
}
