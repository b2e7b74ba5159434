/**
 * The three-server Windows cluster the upgrade's browser flows show (no real servers): its profile, and a
 * health snapshot of every server healthy on 2025.14. Shared by the reload spec and the screenshot scripts.
 */
import type { ClusterHealthSnapshot, NodeHealth } from '../../electron/shared/health-snapshot';
import type { ClusterProfile } from '../../electron/shared/profile';

export const IDS = ['n1', 'n2', 'n3'];

export const PROFILE = {
  version: 1, product: 'proget',
  nodes: IDS.map((id) => ({ id, host: `${id}.corp.example`, user: 'admin', os: 'windows', auth: { kind: 'password', password: { prompt: `ssh:${id}` } } })),
  database: { kind: 'sqlserver', connectionString: 'Server=db.corp.example;Database=ProGet;User ID=proget', password: { prompt: 'db' } },
  storage: { path: '\\\\files.corp.example\\proget' }, loadBalancer: { type: 'haproxy' },
} as unknown as ClusterProfile;

const up = (id: string): NodeHealth => ({
  id, state: 'healthy', url: `http://${id}.corp.example:8624`, reachable: true, hung: false, httpStatus: 200, healthy: true, version: '2025.14',
  databaseStatus: 'OK', databaseDetail: null, licenseStatus: 'OK', serviceStatus: 'OK', sshOk: true, keyFingerprint: 'SHA256:3q2+7wAbCdEfGh', keyInSync: true, error: null, elapsedMs: 12,
});
export const SNAP: ClusterHealthSnapshot = {
  at: new Date().toISOString(), durationMs: 140, summary: 'healthy', nodes: IDS.map(up), problems: [], versions: { '2025.14': IDS }, versionsInSync: true, keysInSync: true,
  storage: { ok: true, detail: 'n1 wrote and every server read the test file', path: '\\\\files.corp.example\\proget', writer: 'n1', seen: IDS, notSeen: [], untested: [] },
  database: { reachable: true, detail: 'SQL Server 2022, database ProGet', elapsedMs: 21 },
  loadBalancer: { url: null, reachable: null, healthy: null, readmitting: false, detail: 'no URL given', elapsedMs: 0 },
};
