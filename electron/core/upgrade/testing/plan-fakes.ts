/**
 * Test support for the preflight and the plan: 3-server profiles (Windows with Inedo Hub, Linux with Docker
 * Compose), a NodeUpgrader and DatabaseUpgradeOps as small fakes whose answers a test overrides one at a time,
 * and a health snapshot built from each server's state and version. No network.
 */
import type { ClusterHealthSnapshot, NodeHealth } from '../../../shared/health-snapshot';
import { ProfileSchema, type ClusterProfile } from '../../../shared/profile';
import type { DatabaseUpgradeOps, NodeUpgrader } from '../upgrade-ports';

export const GiB = 1024 ** 3;

export function windowsProfile(): ClusterProfile {
  return ProfileSchema.parse({
    version: 1, product: 'proget', name: 'prod',
    nodes: ['n1', 'n2', 'n3'].map((id, i) => ({
      id, host: `10.0.0.${i + 1}`, user: 'admin', os: 'windows', auth: { kind: 'password', password: { prompt: `ssh:${id}` } },
      ...(i === 0 ? { installer: { kind: 'inedo-hub', hubPath: 'C:\\Program Files\\Inedo Hub\\hub.exe' } } : {}),
    })),
    database: { kind: 'sqlserver', connectionString: 'Data Source=sql1;Initial Catalog=ProGet;User ID=proget_svc', password: { env: 'PROGET_DB_PASSWORD' } },
    storage: { path: '\\\\nas\\proget\\packages' },
    loadBalancer: { type: 'haproxy', url: 'http://proget.example.test', access: { kind: 'haproxy-api', host: '10.0.0.9', port: 9999 } },
  });
}

export function linuxProfile(withInstaller = true): ClusterProfile {
  return ProfileSchema.parse({
    version: 1, product: 'proget', name: 'lab',
    nodes: ['n1', 'n2', 'n3'].map((id, i) => ({
      id, host: `10.0.1.${i + 1}`, user: 'root', os: 'linux', auth: { kind: 'key', keyPath: '/home/admin/.ssh/id_ed25519' },
      configPath: '/etc/proget/proget.env',
      ...(withInstaller ? { installer: { kind: 'docker-compose', file: '/opt/proget/compose.yaml', service: 'proget' } } : {}),
    })),
    database: { kind: 'postgres', connectionString: 'Server=db1;Port=5432;Database=proget;User Id=proget', password: { prompt: 'db' } },
    storage: { path: '/var/proget/packages' },
    loadBalancer: { type: 'nginx' },
  });
}

export type FakeUpgrader = NodeUpgrader & { calls: string[] };

/** A server whose installer works and has 10 GiB free; override any answer. */
export function fakeUpgrader(nodeId: string, over: Partial<NodeUpgrader> = {}): FakeUpgrader {
  const calls: string[] = [];
  const note = (what: string) => { calls.push(what); };
  const base: NodeUpgrader = {
    nodeId,
    describe: () => `Inedo Hub (C:\\Program Files\\Inedo Hub\\hub.exe) on ${nodeId}`,
    installedVersion: () => { note('installedVersion'); return Promise.resolve('2025.14'); },
    canInstall: (v) => { note(`canInstall ${v}`); return Promise.resolve({ ok: true, detail: `Inedo Hub can install ProGet ${v} on ${nodeId}.` }); },
    freeBytes: (dir) => { note(`freeBytes ${dir}`); return Promise.resolve(10 * GiB); },
    stop: () => Promise.reject(new Error('the preflight and the plan never stop a service')),
    start: () => Promise.reject(new Error('the preflight and the plan never start a service')),
    install: () => Promise.reject(new Error('the preflight and the plan never install')),
    upgradeSchema: () => Promise.reject(new Error('the preflight and the plan never upgrade a schema')),
    backupFiles: () => Promise.reject(new Error('the preflight and the plan never back up')),
    verifyBackup: () => Promise.reject(new Error('the preflight and the plan never verify')),
    restoreFiles: () => Promise.reject(new Error('the preflight and the plan never restore')),
  };
  return Object.assign(base, over, { calls });
}

export function fakeDatabase(over: Partial<DatabaseUpgradeOps> = {}): DatabaseUpgradeOps {
  const never = () => Promise.reject(new Error('the preflight and the plan never touch the database'));
  return {
    describe: (dir) => `BACKUP DATABASE [ProGet] … WITH COPY_ONLY to ${dir}\\ProGet.bak on the database server`,
    preflight: () => Promise.resolve({ canChangeSchema: true, databaseBytes: 2 * GiB, freeBytes: 50 * GiB, detail: 'proget_svc is db_owner.' }),
    backup: never, verify: never, restore: never,
    ...over,
  };
}

export type NodeLook = { id: string; version?: string | null; state?: NodeHealth['state']; error?: string | null };

/** One health round: every server healthy on 2025.14 unless said otherwise. */
export function snapshotOf(nodes: NodeLook[]): ClusterHealthSnapshot {
  const healths: NodeHealth[] = nodes.map((n) => {
    const state = n.state ?? 'healthy';
    return {
      id: n.id, state, url: `http://${n.id}:8624`, reachable: state === 'healthy' || state === 'unhealthy', hung: state === 'not-answering',
      httpStatus: state === 'healthy' ? 200 : state === 'unhealthy' ? 500 : null, healthy: state === 'healthy',
      version: n.version === undefined ? '2025.14' : n.version, databaseStatus: 'OK', databaseDetail: null, licenseStatus: 'OK',
      serviceStatus: 'OK', sshOk: true, keyFingerprint: 'key:abc', keyInSync: true, error: n.error ?? null, elapsedMs: 10,
    };
  });
  const versions: Record<string, string[]> = {};
  for (const h of healths) if (h.version) (versions[h.version] ??= []).push(h.id);
  return {
    at: '2026-12-01T02:00:00.000Z', durationMs: 90, summary: healths.every((h) => h.healthy) ? 'healthy' : 'degraded',
    versionsInSync: Object.keys(versions).length <= 1, versions, keysInSync: true, nodes: healths,
    storage: { ok: true, detail: 'ok', path: '/p', writer: 'n1', seen: ['n1'], notSeen: [], untested: [] },
    database: { reachable: true, detail: 'ok', elapsedMs: 5 },
    loadBalancer: { url: null, reachable: null, healthy: null, readmitting: false, detail: 'no URL given', elapsedMs: 0 },
    problems: [],
  };
}
