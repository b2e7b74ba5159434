/**
 * Test support (not used by the engine): a cluster of servers and a database in memory, driven through the
 * upgrade ports. Versions, a running service, a config file and an extensions folder per server, a schema
 * version in the database (a server starts only on a schema it knows; 2025+ upgrades it at start), backups
 * kept by path. Every call lands in one journal; faults make one call fail.
 */
import crypto from 'node:crypto';
import { ProfileSchema, type ClusterProfile } from '../../../shared/profile';
import { parseProductVersion } from '../../../shared/products';
import type { UpgradePath, UpgradePlan, UpgradeStep } from '../../../shared/upgrade-schema';
import { UpgradeStepError, type DatabaseBackupFile, type DatabaseUpgradeOps, type FileBackup, type NodeUpgrader } from '../upgrade-ports';
import type { UpgradeHealth } from '../upgrade-run-state';

export type FakeFault =
  | { on: 'install' | 'upgradeSchema' | 'start' | 'stop' | 'backupFiles' | 'verifyBackup' | 'restoreFiles'; node: string; version?: string }
  | { on: 'never-healthy'; node: string; version: string }
  | { on: 'db-backup' | 'db-verify' | 'db-restore' };

interface FakeServer { id: string; version: string; running: boolean; config: string; extensions: string }

const sha = (t: string) => crypto.createHash('sha256').update(t).digest('hex');
const major = (v: string) => parseProductVersion(v)?.[0] ?? 0;

export class FakeUpgradeCluster {
  readonly journal: string[] = [];
  readonly servers: FakeServer[];
  /** The product database's schema, as the newest version that wrote it. */
  schema: string;
  readonly faults: FakeFault[] = [];
  private readonly files = new Map<string, string>();
  /** Whether a version reads a schema (default: none newer than its own major; the lab's 2025 reads 2026). */
  reads = (version: string, schema: string) => major(schema) <= major(version);

  constructor(readonly ids: string[], version: string) {
    this.servers = ids.map((id) => ({ id, version, running: true, config: `<config node="${id}" key="k1"/>\r\n`, extensions: `ext-${id}-a;ext-${id}-b` }));
    this.schema = version;
  }

  server(id: string): FakeServer {
    return this.servers.find((s) => s.id === id)!;
  }

  private fault(on: FakeFault['on'], node?: string, version?: string): boolean {
    return this.faults.some((f) => f.on === on && (!('node' in f) || f.node === node) && (!('version' in f) || !f.version || f.version === version));
  }

  /** A server serves when it runs on a schema its version can read. */
  healthyAt(id: string): boolean {
    const s = this.server(id);
    return s.running && this.reads(s.version, this.schema) && !this.fault('never-healthy', id, s.version);
  }

  upgrader(id: string): NodeUpgrader {
    const s = () => this.server(id);
    const log = (t: string) => this.journal.push(`${id} ${t}`);
    return {
      nodeId: id,
      describe: () => `a fake installer on ${id}`,
      installedVersion: async () => s().version,
      canInstall: async () => ({ ok: true, detail: 'fake' }),
      freeBytes: async () => 1e12,
      stop: async () => {
        log('stop');
        if (this.fault('stop', id)) throw new UpgradeStepError(`${id}: the service still runs after stop`);
        s().running = false;
      },
      start: async () => {
        log('start');
        if (this.fault('start', id, s().version)) throw new UpgradeStepError(`${id}: the service did not start`);
        s().running = true;
        // 2025 and later upgrade the schema when they start on an older one.
        if (major(this.schema) < major(s().version)) this.schema = s().version;
      },
      install: async (version) => {
        log(`install ${version}`);
        if (s().running) throw new UpgradeStepError(`${id}: install while the service runs`);
        if (this.fault('install', id, version)) return { exitCode: 1603, output: 'hub: installation failed\nsecond line' };
        s().version = version;
        // Installers rewrite what they own: the rollback must put the config back byte for byte.
        s().config += `<!-- installed ${version} -->`;
        return { exitCode: 0, output: 'ok' };
      },
      upgradeSchema: async (version) => {
        log(`upgradedb ${version}`);
        if (this.fault('upgradeSchema', id)) return { exitCode: 2, output: 'upgradedb: script 42 failed' };
        this.schema = version;
        return { exitCode: 0, output: 'ok' };
      },
      backupFiles: async (dir) => {
        log(`backup ${dir}`);
        if (this.fault('backupFiles', id)) throw new UpgradeStepError(`${id}: no space left on the device for ${dir}`);
        const make = (what: FileBackup['what'], source: string, body: string): FileBackup => {
          const path = `${dir}/${id}-${what}`;
          this.files.set(path, body);
          return { what, nodeId: id, source, path, bytes: body.length, sha256: sha(body) };
        };
        return [make('config', `/etc/${id}.config`, s().config), make('extensions', `/var/${id}/extensions`, s().extensions)];
      },
      verifyBackup: async (b) => {
        log(`verify ${b.what}`);
        const body = this.files.get(b.path);
        if (this.fault('verifyBackup', id) || body === undefined || sha(body) !== b.sha256) throw new UpgradeStepError(`${id}: ${b.path} is not whole`);
      },
      restoreFiles: async (backups) => {
        log('restore files');
        if (this.fault('restoreFiles', id)) throw new UpgradeStepError(`${id}: ${backups[0]?.source ?? 'the config'} cannot be written`);
        for (const b of backups) {
          const body = this.files.get(b.path)!;
          if (b.what === 'config') s().config = body;
          else s().extensions = body;
        }
      },
    };
  }

  database(): DatabaseUpgradeOps {
    return {
      describe: (dir) => `pg_dump into ${dir}`,
      preflight: async () => ({ canChangeSchema: true, databaseBytes: 1000, freeBytes: 1e12, detail: 'fake' }),
      backup: async (dir) => {
        this.journal.push('db backup');
        if (this.fault('db-backup')) throw new UpgradeStepError(`the backup location ${dir} is full`);
        const path = `${dir}/db.dump`;
        this.files.set(path, this.schema);
        return { path, nodeId: null, bytes: 1000 };
      },
      verify: async (b: DatabaseBackupFile) => {
        this.journal.push('db verify');
        if (this.fault('db-verify') || !this.files.has(b.path)) throw new UpgradeStepError(`${b.path} cannot be read`);
      },
      restore: async (b: DatabaseBackupFile) => {
        this.journal.push('db restore');
        if (this.servers.some((s) => s.running)) throw new UpgradeStepError('a service still runs');
        if (this.fault('db-restore')) throw new UpgradeStepError('the restore failed');
        this.schema = this.files.get(b.path)!;
      },
    };
  }

  health(): UpgradeHealth {
    return {
      waitAt: async (id, version) => {
        this.journal.push(`${id} health ${version}`);
        const s = this.server(id);
        if (!this.healthyAt(id) || s.version !== version) throw new Error(`not healthy after 1 s: ${s.running ? `${s.version} on schema ${this.schema}` : 'stopped'}`);
        return `healthy at ${version}`;
      },
      inSync: async (version) => {
        this.journal.push('check-sync');
        const off = this.servers.filter((s) => s.version !== version || !this.healthyAt(s.id));
        if (off.length) throw new Error(`${off.map((s) => s.id).join(', ')} not at ${version}`);
        return `every server at ${version}, keys in sync`;
      },
      probe: async (id) => ({ healthy: this.healthyAt(id), version: this.server(id).running ? this.server(id).version : null }),
    };
  }

  upgraders(): Map<string, NodeUpgrader> {
    return new Map(this.ids.map((id) => [id, this.upgrader(id)]));
  }

  profile(): ClusterProfile {
    return ProfileSchema.parse({
      version: 1, product: 'proget',
      nodes: this.ids.map((id, i) => ({ id, host: `10.0.0.${i + 1}`, user: 'admin', os: 'linux', auth: { kind: 'agent' }, configPath: `/opt/${id}/proget.env`, installer: { kind: 'docker-compose', file: `/opt/${id}/compose.yaml`, service: 'proget' } })),
      database: { kind: 'postgres', connectionString: 'Host=db.example;Database=proget;Username=proget', password: { env: 'DB_PASSWORD' } },
      storage: { path: '/mnt/packages' },
      loadBalancer: { type: 'haproxy', url: 'https://proget.example', sticky: false },
    });
  }
}

export const MAJOR_PATH: UpgradePath = { allowed: true, rolling: false, schemaChanges: true, restoreDatabaseOnRollback: true, note: 'a new major version' };
export const MAINTENANCE_PATH: UpgradePath = { allowed: true, rolling: true, schemaChanges: false, restoreDatabaseOnRollback: false, note: 'a maintenance release' };

/** A plan as upgrade-plan.ts lays it out: backups, verify, then the coordinated or rolling sequence. */
export function testPlan(ids: string[], from: string, to: string, mode: UpgradePlan['mode'], path: UpgradePath): UpgradePlan {
  const st = (kind: UpgradeStep['kind'], nodeId: string | null = null): UpgradeStep => ({ id: nodeId ? `${kind}:${nodeId}` : kind, kind, nodeId, text: `${kind}${nodeId ? ` on ${nodeId}` : ''}`, undo: null });
  const steps: UpgradeStep[] = [st('backup-database'), ...ids.flatMap((id) => [st('backup-config', id), st('backup-extensions', id)]), st('verify-backups')];
  if (mode === 'coordinated') {
    steps.push(st('balancer-maintenance'), ...ids.map((id) => st('stop', id)));
    ids.forEach((id, i) => steps.push(st('install', id), ...(i === 0 ? [st('upgrade-schema', id)] : []), st('start', id), st('wait-healthy', id)));
    steps.push(st('check-sync'), st('balancer-reopen'));
  } else {
    for (const id of ids) steps.push(st('drain', id), st('stop', id), st('install', id), st('start', id), st('wait-healthy', id), st('resume', id));
    steps.push(st('check-sync'));
  }
  return {
    $schema: 'ha-wizard/upgrade-plan@1', product: 'proget', from, to, mode, path,
    nodes: ids.map((id, i) => ({ id, host: `10.0.0.${i + 1}`, os: 'linux', installer: `a fake installer on ${id}` })),
    steps, backups: [{ what: 'database', nodeId: null, path: '/backups' }, ...ids.map((id) => ({ what: 'config' as const, nodeId: id, path: `/backups/${id}` }))],
    expected: 'a few minutes', warnings: [],
  };
}
