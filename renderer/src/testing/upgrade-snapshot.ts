/** A healthy cluster's snapshot with the versions a test names, for the upgrade flow's component tests. */
import type { ClusterHealthSnapshot } from '../../../electron/shared/health-snapshot';

export function upgradeSnapshot(versions: Record<string, string>): ClusterHealthSnapshot {
  const nodes = Object.entries(versions).map(([id, version]) => ({
    id, state: 'healthy' as const, url: `http://${id}:8624`, reachable: true, hung: false, httpStatus: 200, healthy: true, version,
    databaseStatus: 'OK' as const, databaseDetail: null, licenseStatus: 'OK' as const, serviceStatus: 'OK' as const, sshOk: true, keyFingerprint: 'key:abc', keyInSync: true, error: null, elapsedMs: 10,
  }));
  const byVersion: Record<string, string[]> = {};
  for (const [id, v] of Object.entries(versions)) (byVersion[v] ??= []).push(id);
  return {
    at: '2026-12-01T02:00:00.000Z', durationMs: 90, summary: 'healthy', versionsInSync: Object.keys(byVersion).length === 1, versions: byVersion, keysInSync: true, nodes,
    storage: { ok: true, detail: 'shared', path: '\\\\files\\proget', writer: 'n1', seen: Object.keys(versions), notSeen: [], untested: [] },
    database: { reachable: true, detail: 'SQL Server 2022', elapsedMs: 20 },
    loadBalancer: { url: null, reachable: null, healthy: null, readmitting: false, detail: 'no URL given', elapsedMs: 0 }, problems: [],
  };
}
