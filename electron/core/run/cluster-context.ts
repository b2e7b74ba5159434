/**
 * Everything one run (checks, a plan, an apply) shares, each fetched once: the node's SSH session (one per node
 * per run), its facts, its configuration, its /health. Secrets are resolved through the run's
 * resolver and masked by its redactor in anything leaving the engine.
 */
import fs from 'node:fs/promises';
import type { ProductConfig } from '../config/product-config';
import { ConfigReadError, configFormatOf, parseProductConfig } from '../config/product-config';
import { readProductHealth, type ProductHealth } from '../nodes/product-health';
import { posixNodeOps, windowsNodeOps, type NodeFacts, type NodeOps, type StorageProbe } from '../nodes/node-ops';
import { PRODUCTS, parseProductVersion } from '../../shared/products';
import { nodeId, type ClusterProfile, type NodeProfile } from '../../shared/profile';
import { hostForUrl } from '../../shared/host-name';
import { HostKeyPolicy, hostKeyId, KnownHostsStore, lookupHost } from '../remote/known-hosts';
import { SessionPool } from '../remote/session-pool';
import type { SshAuth } from '../remote/ssh-auth';
import type { SecretResolver } from '../secrets';
import { SentinelSet } from '../storage/sentinels';
import type { EngineSettings } from './engine-settings';

export interface ResolvedNode {
  id: string;
  profile: NodeProfile;
  configPath: string;
  serviceCommand: string | null;
  webUrl: string;
}

export interface NodeConfigState {
  /** The file exactly as on disk (null when it does not exist): what plans hash and backups keep. */
  bytes: Buffer | null;
  /** Decoded, without a byte-order mark. */
  text: string | null;
  config: ProductConfig | null;
  error: string | null;
}

export function resolveNodes(profile: ClusterProfile): ResolvedNode[] {
  const product = PRODUCTS[profile.product];
  return profile.nodes.map((n) => ({
    id: nodeId(n),
    profile: n,
    configPath: n.configPath ?? product.windowsConfigPath,
    serviceCommand: n.serviceCommand ?? null,
    webUrl: `http://${hostForUrl(n.host)}:${n.webPort ?? product.defaultPort}`,
  }));
}

/** How long close() waits for a storage probe already sent to a server (a live server answers in milliseconds). */
const PROBE_SETTLE_MS = 3000;

export class ClusterContext {
  readonly nodes: ResolvedNode[];
  readonly pool: SessionPool;
  readonly hostKeys: HostKeyPolicy;
  // One map for every kind of memo: a key always holds what its one caller stored, so reading it back
  // as that T (the casts in memo/memoStarted) is true by how keys are chosen, not provable by the type.
  private readonly memos = new Map<string, Promise<unknown>>();
  private readonly cleanups: (() => Promise<void>)[] = [];
  private readonly opsCache = new Map<string, Promise<NodeOps>>();

  constructor(readonly profile: ClusterProfile, readonly settings: EngineSettings, readonly secrets: SecretResolver) {
    this.nodes = resolveNodes(profile);
    const pinned = Object.fromEntries(this.nodes.flatMap((n) => (n.profile.hostKeyFingerprint ? [[hostKeyId(n.profile.host, n.profile.port), n.profile.hostKeyFingerprint]] : [])));
    this.hostKeys = new HostKeyPolicy({
      store: new KnownHostsStore(settings.knownHostsPath),
      pinned,
      acceptedFingerprints: settings.acceptedHostKeys ?? {},
    });
    this.pool = new SessionPool({
      resolve: async (id) => {
        const n = this.node(id);
        await this.forgetReplacedKey(n);
        return {
          host: n.profile.host, port: n.profile.port, username: n.profile.user, os: n.profile.os,
          auth: await this.sshAuth(n), hostKeyPolicy: this.hostKeys, connectTimeoutMs: settings.connectTimeoutMs,
          allowSha1: n.profile.allowSha1 === true,
        };
      },
    });
  }

  get product() {
    return PRODUCTS[this.profile.product];
  }

  node(id: string): ResolvedNode {
    const n = this.nodes.find((x) => x.id === id);
    if (!n) throw new Error(`no node ${id} in the profile`);
    return n;
  }

  /** Runs `fn` once per key for the whole run; later callers share its promise. */
  memo<T>(key: string, fn: () => Promise<T>): Promise<T> {
    // Kept: one map holds every key's promise; each key is only ever used with one T by its caller.
    let p = this.memos.get(key) as Promise<T> | undefined;
    if (!p) {
      p = fn();
      this.memos.set(key, p);
    }
    return p;
  }

  /** The promise memo() holds for the key, without starting it when nothing has yet. */
  memoStarted<T>(key: string): Promise<T> | undefined {
    return this.memos.get(key) as Promise<T> | undefined;
  }

  /**
   * An admin who explicitly accepts a new fingerprint for a host replaces the one in our store (a
   * re-installed server). Never silent: it takes --accept-host-key HOST=<the new fingerprint>. A key
   * pinned in the profile is not overridden here; the profile must be changed.
   */
  private async forgetReplacedKey(n: ResolvedNode): Promise<void> {
    const accepted = this.settings.acceptedHostKeys ?? {};
    const wanted = lookupHost(accepted, n.profile.host, n.profile.port);
    if (!wanted) return;
    const stored = await this.hostKeys.store.get(n.profile.host, n.profile.port);
    if (stored && stored.fingerprint !== wanted) await this.hostKeys.store.remove(n.profile.host, n.profile.port);
  }

  private async sshAuth(n: ResolvedNode): Promise<SshAuth> {
    const a = n.profile.auth;
    if (a.kind === 'password') return { kind: 'password', password: await this.secrets.resolve(a.password, `SSH password for ${n.id}`) };
    if (a.kind === 'agent') return { kind: 'agent', ...(a.agent ? { agent: a.agent } : {}) };
    const privateKey = await fs.readFile(a.keyPath).catch((e: NodeJS.ErrnoException) => {
      throw new Error(`cannot read the private key ${a.keyPath} for ${n.id} (${e.code ?? e.message})`);
    });
    const passphrase = a.passphrase ? await this.secrets.resolve(a.passphrase, `key passphrase for ${n.id}`) : undefined;
    return { kind: 'key', privateKey, ...(passphrase ? { passphrase } : {}) };
  }

  /** The node's operations over its session; rebuilt when that session dropped (the pool reconnects). */
  async ops(id: string): Promise<NodeOps> {
    const current = this.opsCache.get(id);
    if (current) {
      const ops = await current;
      if (!ops.session.closed) return ops;
    }
    const next = (async () => {
      const n = this.node(id);
      const session = await this.pool.get(id);
      const o = { configPath: n.configPath, serviceCommand: n.serviceCommand, productId: this.profile.product,
        serviceNames: [this.product.service, this.product.legacyWebService] };
      return n.profile.os === 'windows' ? windowsNodeOps(session, o) : posixNodeOps(session, o);
    })();
    this.opsCache.set(id, next);
    next.catch(() => this.opsCache.delete(id));
    return next;
  }

  facts(id: string): Promise<NodeFacts> {
    return this.memo(`facts:${id}`, async () => {
      // Whoever wants a node's facts reads its configuration next (product-installed, then encryption, the
      // inventory): start that read now, beside the inventory, not after it (issue 10). Its outcome stays
      // in config()'s memo for whoever asks.
      void this.config(id).catch(() => undefined);
      return (await this.ops(id)).facts();
    });
  }

  config(id: string): Promise<NodeConfigState> {
    return this.memo(`config:${id}`, async () => {
      const n = this.node(id);
      const bytes = await (await this.ops(id)).readFile(n.configPath);
      if (!bytes) return { bytes: null, text: null, config: null, error: null };
      const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
      try {
        return { bytes, text, config: parseProductConfig(text, configFormatOf(n.configPath), this.profile.product), error: null };
      } catch (e) {
        if (e instanceof ConfigReadError) return { bytes, text, config: null, error: e.message };
        throw e;
      }
    });
  }

  /** This run's sentinel files, one per node, removed by close() whatever else ran. */
  readonly sentinels = new SentinelSet();

  /**
   * The storage path as this node sees it, probed once per run; a writable node also gets this run's
   * sentinel file (for the cross-node check), which close() removes whatever else ran.
   */
  storageProbe(id: string): Promise<StorageProbe> {
    return this.memo(`storage:${id}`, async () => {
      const ops = await this.ops(id);
      const path = this.profile.storage.path;
      const sentinel = this.sentinels.ofNode(id);
      const probing = ops.storageProbe(path, sentinel);
      // close() waits for a probe already sent, so a file written while the run is cancelled is removed too.
      this.probing.add(probing);
      try {
        const probe = await probing;
        if (probe.sentinelWritten) this.cleanups.push(() => ops.removeSentinels(path, sentinel.name));
        return probe;
      } finally {
        this.probing.delete(probing);
      }
    });
  }

  health(id: string): Promise<ProductHealth> {
    return this.memo(`health:${id}`, () => readProductHealth(this.node(id).webUrl, this.settings.connectTimeoutMs));
  }

  /** The product version on the node: its /health (no SSH needed), else (Windows) the service's file version. */
  async version(id: string): Promise<{ text: string; major: number; minor: number } | null> {
    const h = await this.health(id);
    const parse = (text: string | null | undefined) => {
      const v = text ? (parseProductVersion(text) ?? parseFileVersion(text)) : null;
      return v ? { text: `${v[0]}.${v[1]}`, major: v[0], minor: v[1] } : null;
    };
    const fromHealth = parse(h.releaseNumber) ?? parse(h.versionNumber);
    if (fromHealth) return fromHealth;
    return parse((await this.facts(id)).fileVersion);
  }

  private readonly probing = new Set<Promise<StorageProbe>>();

  /**
   * Undoes what the run left on the nodes (sentinel files), then closes every session. A storage probe
   * already sent is waited for (up to PROBE_SETTLE_MS): it may be writing its file. `waitForConnects:
   * false` (a cancelled run) does not wait for connects still in flight; the pool closes them on arrival.
   */
  async close(o: { waitForConnects?: boolean } = {}): Promise<void> {
    if (this.probing.size) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.probing]),
        new Promise((resolve) => { timer = setTimeout(resolve, PROBE_SETTLE_MS); }),
      ]);
      clearTimeout(timer);
    }
    await Promise.all(this.cleanups.splice(0).map((c) => c().catch(() => undefined)));
    await this.pool.closeAll({ waitForConnects: o.waitForConnects ?? true });
  }
}

/**
 * Unconfirmed: the mapping of a Windows file version (e.g. 25.0.14.3) to a release (2025.14).
 * Inedo's releases are YYYY.N; we read a two-digit major as 20YY and the third part as N.
 */
export function parseFileVersion(text: string): [number, number] | null {
  const m = /^(\d{2})\.\d+\.(\d+)/.exec(text.trim());
  return m ? [2000 + Number(m[1]), Number(m[2])] : null;
}
