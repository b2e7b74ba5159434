/** A healthy three-server snapshot and its servers, for the screenshot scripts that draw the dashboard without a lab. */
import type { ClusterHealthSnapshot, NodeHealth } from '../electron/shared/health-snapshot';

export const KEY = 'SHA256:3q2+7wAbCdEfGh';

export const up = (id: string, last: number): NodeHealth => ({
  id, state: 'healthy', url: `http://10.231.77.${last}:8624`, reachable: true, hung: false, httpStatus: 200, healthy: true, version: '2025.14',
  databaseStatus: 'OK', databaseDetail: null, licenseStatus: 'OK', serviceStatus: 'OK', sshOk: true, keyFingerprint: KEY, keyInSync: true, error: null, elapsedMs: 12,
});

export const base = (nodes: NodeHealth[], o: Partial<ClusterHealthSnapshot> = {}): ClusterHealthSnapshot => ({
  at: new Date().toISOString(), durationMs: 140, summary: 'healthy', nodes, problems: [],
  versions: { '2025.14': nodes.filter((n) => n.version).map((n) => n.id) }, versionsInSync: true, keysInSync: true,
  storage: { ok: true, detail: 'node2 and node3 read the file node1 wrote', path: '/srv/proget/packages', writer: 'node1', seen: ['node1', 'node2', 'node3'], notSeen: [], untested: [] },
  database: { reachable: true, detail: 'PostgreSQL 17.10 at 10.231.77.20:5432, database proget', elapsedMs: 21 },
  loadBalancer: { url: 'http://10.231.77.30:8080', reachable: true, healthy: true, readmitting: false, detail: 'http://10.231.77.30:8080/health answered HTTP 200', elapsedMs: 9 },
  ...o,
});
