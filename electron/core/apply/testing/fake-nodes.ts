/**
 * Test support (not used by the engine): a fake remote for plan and apply. Each node keeps its files
 * in memory behind an SshSession (SFTP's create/rename/stat/unlink with their real rules: create is
 * exclusive, rename replaces), a service that restarts into whatever configuration is on disk, and a
 * real HTTP product (fake-product.ts). Every operation lands in one journal, in order, so tests read
 * what apply did across the cluster. Faults are set per node and fire where a real server fails.
 */
import type { Client } from 'ssh2';
import { ClusterContext } from '../../run/cluster-context';
import type { EngineSettings } from '../../run/engine-settings';
import type { NodeFacts, NodeOps, ServiceResult } from '../../nodes/node-ops';
import { SshSession } from '../../remote/ssh-session';
import type { RemoteStat } from '../../remote/sftp-files';
import { loadSsh2 } from '../../remote/ssh2-module';
import { SessionPool } from '../../remote/session-pool';
import type { SecretResolver } from '../../secrets';
import { ProfileSchema, type ClusterProfile } from '../../../shared/profile';
import { startProduct, type SharedSettings } from './fake-product';

export type Fault =
  | 'backup-denied' // creating the backup fails (a full disk)
  | 'write-denied' // creating the new file beside the configuration fails
  | 'rename-fails' // the next rename over the configuration fails
  | 'no-start' // the service does not start after the next restart
  | 'no-start-ever' // ... nor after any later one
  | 'unhealthy-config' // /health reports a database error while the node runs anything but its original file
  | 'restore-denied' // creating the file a rollback restores fails
  | 'lock-stays' // removing the cluster lock fails (its folder became read-only)
  | 'drop-in-rollback'; // the SSH connection drops as the rollback writes the original back (once)

/** Random parts of temp names, made stable for the journal. */
const stable = (path: string) => path.replace(/(\.ha-wizard-(?:new|restore))-[0-9a-f]{12}$/, '$1-*');
const missing = (path: string) => new Error(`No such file: ${path}`);

export class FakeNode {
  readonly files = new Map<string, { bytes: Buffer; mode: number }>();
  readonly faults = new Set<Fault>();
  /** The configuration the service runs; null while stopped. */
  running: Buffer | null;
  /** /health answers "starting" this many times after the next restart. */
  slowStart = 0;
  private starting = 0;
  webPort = 0;

  constructor(readonly id: string, readonly host: string, readonly configPath: string, readonly original: Buffer | null, private readonly log: (e: string) => void) {
    if (original) this.files.set(configPath, { bytes: original, mode: 0o100640 });
    this.running = original;
  }

  journal(entry: string): void {
    this.log(`${this.id} ${entry}`);
  }

  fire(fault: Fault, once = false): boolean {
    if (!this.faults.has(fault)) return false;
    if (once) this.faults.delete(fault);
    return true;
  }

  config(): Buffer | null {
    return this.files.get(this.configPath)?.bytes ?? null;
  }

  /** Paths other than the configuration (backups, temp files). */
  extras(): string[] {
    return [...this.files.keys()].filter((p) => p !== this.configPath).sort();
  }

  restart(): ServiceResult {
    const fails = this.fire('no-start', true) || this.fire('no-start-ever');
    this.journal(`restart ${fails ? 'failed' : 'ok'}`);
    this.running = fails ? null : (this.config() ?? Buffer.alloc(0));
    this.starting = this.slowStart;
    return fails ? { ok: false, state: 'stopped', detail: 'exit status 1' } : { ok: true, state: 'running', detail: '' };
  }

  runningHealth(): { status: number; body: Record<string, unknown> } | null {
    if (!this.running) return null;
    const base = { applicationName: 'ProGet', releaseNumber: '2025.14', versionNumber: '25.0.14', licenseStatus: 'OK' };
    if (this.starting > 0) {
      this.starting -= 1;
      return { status: 503, body: { ...base, serviceStatus: 'Error', serviceStatusDetail: 'starting' } };
    }
    if (this.faults.has('unhealthy-config') && !(this.original && this.running.equals(this.original))) {
      return { status: 500, body: { ...base, databaseStatus: 'Error', databaseStatusDetails: 'cannot log in to the database', serviceStatus: 'OK' } };
    }
    return { status: 200, body: { ...base, databaseStatus: 'OK', serviceStatus: 'OK' } };
  }
}

/** SFTP over the node's in-memory files; anything else (commands) is not part of the fake. */
class FakeSession extends SshSession {
  constructor(client: Client, private readonly node: FakeNode) {
    super(client, { host: node.host, port: 22, username: 'admin', os: 'linux', maxConcurrentExecs: 1 }, { fingerprint: `SHA256:fake-${node.id}`, keyType: 'ssh-ed25519', source: 'fake' });
  }
  private dropped = false;
  override get closed(): boolean {
    return this.dropped || super.closed;
  }
  override exec(): never {
    throw new Error('the fake remote runs no commands');
  }
  override writeFile(): never {
    throw new Error('writeFile follows a link at the name: apply must create and rename instead');
  }
  override readFile(path: string): Promise<Buffer> {
    this.node.journal(`read ${stable(path)}`);
    const f = this.node.files.get(path);
    return f ? Promise.resolve(Buffer.from(f.bytes)) : Promise.reject(missing(path));
  }
  override createFile(path: string, data: Buffer | string, options: { mode?: number } = {}): Promise<void> {
    this.node.journal(`create ${stable(path)}`);
    if (this.dropped) return Promise.reject(new Error('the SSH session is closed'));
    if (path.includes('.ha-wizard-restore-') && this.node.fire('drop-in-rollback', true)) {
      this.dropped = true;
      return Promise.reject(new Error(`${this.node.host}:22: the connection closed before the server answered`));
    }
    if (this.node.files.has(path)) return Promise.reject(new Error(`${path}: already exists`));
    const denied = (path.endsWith('.bak') && this.node.fire('backup-denied'))
      || (path.includes('.ha-wizard-new-') && this.node.fire('write-denied'))
      || (path.includes('.ha-wizard-restore-') && this.node.fire('restore-denied'));
    if (denied) return Promise.reject(new Error(`${path}: No space left on device`));
    this.node.files.set(path, { bytes: Buffer.from(data), mode: 0o100000 | (options.mode ?? 0o644) });
    return Promise.resolve();
  }
  override rename(from: string, to: string): Promise<void> {
    this.node.journal(`rename ${stable(from)} -> ${stable(to)}`);
    const f = this.node.files.get(from);
    if (!f) return Promise.reject(missing(from));
    if (to === this.node.configPath && this.node.fire('rename-fails', true)) return Promise.reject(new Error(`${to}: Permission denied`));
    this.node.files.delete(from);
    this.node.files.set(to, f);
    return Promise.resolve();
  }
  override stat(path: string): Promise<RemoteStat> {
    const f = this.node.files.get(path);
    return f ? Promise.resolve({ size: f.bytes.length, mode: f.mode, mtimeMs: 0, isFile: true, isDirectory: false }) : Promise.reject(missing(path));
  }
  override exists(path: string): Promise<boolean> {
    return Promise.resolve(this.node.files.has(path));
  }
  override readdir(dir: string): Promise<string[]> {
    this.node.journal(`list ${dir}`);
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return Promise.resolve([...this.node.files.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => p.slice(prefix.length)));
  }
  override unlink(path: string): Promise<void> {
    this.node.journal(`unlink ${stable(path)}`);
    if (path.endsWith('.ha-wizard-cluster.lock') && this.node.fire('lock-stays')) return Promise.reject(new Error(`Permission denied: ${path}`));
    return this.node.files.delete(path) ? Promise.resolve() : Promise.reject(missing(path));
  }
  override close(): Promise<void> {
    return Promise.resolve();
  }
}

function fakeOps(node: FakeNode, session: FakeSession): NodeOps {
  const absent = (what: string) => () => Promise.reject(new Error(`${what} is not part of the fake remote`));
  return {
    os: 'linux',
    session,
    facts: (): Promise<NodeFacts> => Promise.resolve({
      hostname: `host-${node.id}`, osName: 'Linux', remoteEpochMs: Date.now(), localEpochMs: Date.now(), configExists: node.config() !== null,
      freeBytesAtConfig: 1e9, serviceState: node.running ? 'running' : 'stopped', fileVersion: null, serviceAccount: null,
    }),
    readFile: (file) => session.readFile(file).catch((e: Error) => (e.message.startsWith('No such file') ? null : Promise.reject(e))),
    service: (action) => (action === 'restart' ? Promise.resolve(node.restart()) : Promise.reject(new Error(`service ${action} is not part of the fake remote`))),
    tcpProbe: absent('tcpProbe'), tcpProbeMany: absent('tcpProbeMany'), storageProbe: absent('storageProbe'),
    writeSentinel: absent('writeSentinel'), readSentinels: absent('readSentinels'), removeSentinels: absent('removeSentinels'),
  };
}

/** The engine's run context with every session and node operation on the fake. */
class FakeContext extends ClusterContext {
  override readonly pool: SessionPool;
  constructor(private readonly cluster: FakeCluster, profile: ClusterProfile, settings: EngineSettings, secrets: SecretResolver) {
    super(profile, settings, secrets);
    this.pool = new SessionPool({
      resolve: (id) => ({ host: this.node(id).profile.host, username: 'admin', os: 'linux', auth: { kind: 'agent' }, hostKeyPolicy: this.hostKeys }),
      open: (o) => Promise.resolve(cluster.session(cluster.nodes.find((n) => n.host === o.host)?.id ?? o.host)),
    });
  }
  override ops(id: string): Promise<NodeOps> {
    return Promise.resolve(this.cluster.ops(id));
  }
}

export interface FakeClusterOptions {
  /** Each node's configuration file at the start (null: none). */
  files: Record<string, string | null>;
  settings?: Record<string, string | null>;
}

export class FakeCluster {
  readonly journal: string[] = [];
  readonly nodes: FakeNode[];
  readonly settings: SharedSettings;
  private readonly sessions = new Map<string, FakeSession>();
  private clientClass!: new () => Client;
  private readonly closers: (() => Promise<void>)[] = [];

  private constructor(options: FakeClusterOptions) {
    this.nodes = Object.entries(options.files).map(([id, text], i) =>
      new FakeNode(id, `127.0.0.${i + 11}`, `/srv/${id}/proget.env`, text === null ? null : Buffer.from(text), (e) => this.journal.push(e)));
    this.settings = { apiKey: 'fake-api-key-0123', values: new Map(Object.entries(options.settings ?? {})), failingSets: new Set(), sets: 0 };
  }

  static async start(options: FakeClusterOptions): Promise<FakeCluster> {
    const cluster = new FakeCluster(options);
    const { Client: SshClient } = await loadSsh2();
    cluster.clientClass = SshClient;
    for (const n of cluster.nodes) {
      // A real, never connected ssh2 client: SshSession's own code runs, the network is never used.
      cluster.sessions.set(n.id, new FakeSession(new SshClient(), n));
      const product = await startProduct(n.host, n, cluster.settings, (e) => cluster.journal.push(e));
      n.webPort = product.port;
      cluster.closers.push(product.close);
    }
    return cluster;
  }

  node(id: string): FakeNode {
    const n = this.nodes.find((x) => x.id === id);
    if (!n) throw new Error(`no fake node ${id}`);
    return n;
  }

  /** The node's session; a new one once it dropped (as the real pool reconnects). */
  session(id: string): FakeSession {
    const s = this.sessions.get(id);
    if (!s) throw new Error(`no fake node ${id}`);
    if (!s.closed) return s;
    const next = new FakeSession(new this.clientClass(), this.node(id));
    this.sessions.set(id, next);
    return next;
  }

  ops(id: string): NodeOps {
    return fakeOps(this.node(id), this.session(id));
  }

  /** A profile for this cluster: Linux nodes, a PostgreSQL database, the API key allowed over http. */
  profile(extra: Partial<Record<'encryptionKey', unknown>> = {}): ClusterProfile {
    return ProfileSchema.parse({
      version: 1, product: 'proget',
      nodes: this.nodes.map((n) => ({
        id: n.id, host: n.host, user: 'admin', os: 'linux', auth: { kind: 'agent' }, configPath: n.configPath,
        serviceCommand: '/usr/local/bin/proget-service', webPort: n.webPort,
      })),
      database: { kind: 'postgres', connectionString: 'Host=db.example;Database=proget;Username=proget', password: { env: 'DB_PASSWORD' } },
      storage: { path: '/mnt/packages' },
      loadBalancer: { type: 'haproxy', url: 'https://proget.example', sticky: false },
      apiKey: { env: 'API_KEY' },
      allowApiKeyOverHttp: true,
      ...extra,
    });
  }

  /** What plan and apply take to open their run on this cluster. */
  readonly openContext = (profile: ClusterProfile, settings: EngineSettings, secrets: SecretResolver): ClusterContext =>
    new FakeContext(this, profile, settings, secrets);

  /** Journal entries that change something (no reads), from `since`. */
  changes(since = 0): string[] {
    return this.journal.slice(since).filter((e) => !/ (read|health 200)\b/.test(e) && !e.startsWith('settings list'));
  }

  async stop(): Promise<void> {
    await Promise.all(this.closers.splice(0).map((c) => c()));
  }
}
