/**
 * Live cluster health, the dashboard's data: each round reads every node's /health, its configuration's
 * key fingerprint over its long-lived SSH session, a storage round-trip (one node writes a file, the
 * others must read it), the database from this computer and the load balancer's /health.
 *
 * A round never waits for an answer longer than the timeout: a node that does not answer is reported
 * `hung`, and whatever it still owes goes on in the background. It is not asked over SSH again until
 * that ends, and its session is dropped, so a dead node costs one pending call, not one per round.
 */
import { setMaxListeners } from 'node:events';
import { resolveNodes, type ResolvedNode } from '../run/cluster-context';
import type { NodeOps } from '../nodes/node-ops';
import type { ClusterProfile } from '../../shared/profile';
import type { SecretResolver } from '../secrets';
import { SentinelSet, seesSentinel, type Sentinel } from '../storage/sentinels';
import { databaseFromHere, loadBalancerHealth } from './cluster-probes';
import {
  groupVersions, httpProblem, markKeys, nodeState, readmitting, redactDeep, storageVerdict, summarize, versionsAgree,
  type ClusterHealthSnapshot, type DatabaseHealth, type LoadBalancerHealth, type NodeHealth, type StorageHealth,
} from './health-snapshot';
import { StillWaitingError, isNoAnswer, readKeyFingerprint, sshNodeAccess, sshProblem, type NodeAccess } from './node-access';
import { readProductHealth } from '../nodes/product-health';
import { deferred, mapBounded, settleBy, sleep, type Outcome } from './round-tools';
import { HEALTH_DEFAULTS } from './health-defaults';

export type { ClusterHealthSnapshot, NodeHealth } from './health-snapshot';
export { HEALTH_DEFAULTS };

export interface HealthMonitorOptions {
  profile: ClusterProfile;
  secrets: SecretResolver;
  knownHostsPath: string;
  /** Each node's answers (HTTP and SSH), the database's and the load balancer's: given up after this. */
  timeoutMs?: number;
  /** Nodes polled at once. */
  maxConcurrency?: number;
  /** Replaces SSH (tests). */
  access?: NodeAccess;
  /** See HEALTH_DEFAULTS. */
  readmitGraceMs?: number;
  /** Replaces the database probe (tests). */
  probeDatabase?: () => Promise<{ reachable: boolean; detail: string }>;
}

interface Round {
  deadline: number;
  signal: AbortSignal;
  /** Nodes that hung in an earlier round and still owe its answers: not asked again until those end. */
  busy: Set<string>;
  ops: Map<string, ReturnType<typeof deferred<NodeOps>>>;
  /** Nodes whose SSH gave no answer in time this round. */
  hung: Set<string>;
  /** Nodes whose session is to be dropped after the round: it hung, or its connect failed. */
  drop: Set<string>;
}

export class ClusterHealthMonitor {
  readonly timeoutMs: number;
  readonly maxConcurrency: number;
  private readonly nodes: ResolvedNode[];
  private readonly access: NodeAccess;
  private readonly stop = new AbortController();
  /** SSH calls in flight per node, and the nodes among them that hung (still owing a round's answers). */
  private readonly pending = new Map<string, number>();
  private readonly hung = new Set<string>();
  private readonly lastSshOk = new Map<string, boolean>();
  /** Files of this monitor's not yet known removed, and the node that wrote each. */
  private readonly leftovers = new Map<string, string>();
  private readonly sentinels = new SentinelSet('health-');
  private dbPending: Promise<unknown> | null = null;
  /** Since when the balancer has answered an error while servers answered healthy. */
  private balancerRefusingSince: number | null = null;
  private current: Promise<unknown> | null = null;
  private closing: Promise<void> | null = null;

  constructor(private readonly o: HealthMonitorOptions) {
    this.timeoutMs = o.timeoutMs ?? HEALTH_DEFAULTS.timeoutMs;
    this.maxConcurrency = Math.max(1, o.maxConcurrency ?? HEALTH_DEFAULTS.maxConcurrency);
    this.nodes = resolveNodes(o.profile);
    // SSH connects give up a little before the node's deadline, so they are reported as such, not as a hang.
    const connectTimeoutMs = Math.max(100, this.timeoutMs - 250);
    this.access = o.access ?? sshNodeAccess(o.profile, { connectTimeoutMs, checkTimeoutMs: this.timeoutMs, knownHostsPath: o.knownHostsPath }, o.secrets);
  }

  /** One round. Rounds never overlap: a second call waits for the first. */
  async poll(signal?: AbortSignal): Promise<ClusterHealthSnapshot> {
    if (this.closing) throw new Error('the health monitor is closed');
    const previous = this.current;
    const run = (async () => {
      await previous?.catch(() => undefined);
      return this.round(signal);
    })();
    this.current = run;
    try {
      return await run;
    } finally {
      if (this.current === run) this.current = null;
    }
  }

  /**
   * Polls every `intervalMs` (from the start of one round to the next; a slow round delays the next,
   * never overlaps it) until `signal` aborts, then releases everything: sessions, timers, files.
   */
  async watch(intervalMs: number, onSnapshot: (s: ClusterHealthSnapshot) => void | Promise<void>, signal: AbortSignal): Promise<void> {
    try {
      while (!signal.aborted && !this.closing) {
        const started = Date.now();
        const snapshot = await this.poll(signal).catch((e: unknown) => {
          if (signal.aborted || this.closing) return null;
          throw e;
        });
        if (!snapshot || signal.aborted) break;
        await onSnapshot(snapshot);
        await sleep(started + intervalMs - Date.now(), signal);
      }
    } finally {
      await this.close();
    }
  }

  /** SSH connections made per node so far: one each while sessions live. */
  connections(): Record<string, number> {
    return Object.fromEntries(this.nodes.map((n) => [n.id, this.access.connections(n.id)]));
  }

  /** Ends a round in progress, removes this monitor's files from the storage, closes every session. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stop.abort();
      await this.current?.catch(() => undefined);
      const deadline = Date.now() + Math.min(this.timeoutMs, 3000);
      const writers = new Set([...this.leftovers.values()].filter((id) => !this.hung.has(id)));
      await Promise.all([...writers].map((id) =>
        settleBy(this.access.ops(id).then((ops) => ops.removeSentinels(this.o.profile.storage.path, this.sentinels.prefix)), deadline)));
      await this.access.close();
    })();
    return this.closing;
  }

  private track<T>(id: string, p: Promise<T>): Promise<T> {
    this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
    const done = () => {
      const left = (this.pending.get(id) ?? 1) - 1;
      this.pending.set(id, left);
      if (left === 0) this.hung.delete(id);
    };
    p.then(done, done);
    return p;
  }

  private async round(external?: AbortSignal): Promise<ClusterHealthSnapshot> {
    const at = new Date();
    const started = performance.now();
    // One controller per round, linked by hand: AbortSignal.any() on a long-lived signal grows with every round.
    const ctl = new AbortController();
    // Every wait of the round listens to it (a few per node), each removed when it settles.
    setMaxListeners(0, ctl.signal);
    const abort = () => ctl.abort();
    for (const s of [external, this.stop.signal]) s?.addEventListener('abort', abort, { once: true });
    if (external?.aborted || this.stop.signal.aborted) ctl.abort();
    const batches = Math.ceil(this.nodes.length / this.maxConcurrency);
    const r: Round = {
      deadline: Date.now() + this.timeoutMs * batches, signal: ctl.signal, drop: new Set(), hung: new Set(), busy: new Set(this.hung),
      ops: new Map(this.nodes.map((n) => [n.id, deferred<NodeOps>()])),
    };
    try {
      const database = this.database(r);
      const loadBalancer = this.loadBalancer(r);
      const storage = this.storage(r);
      const polled = await mapBounded(this.nodes, this.maxConcurrency, (n) => this.node(n, r));
      const rest = await Promise.all([database, loadBalancer, storage]);
      // An aborted round may leave calls in flight on any node: count them as owed, so none pile up.
      if (ctl.signal.aborted) for (const n of this.nodes) if (this.pending.get(n.id)) r.hung.add(n.id);
      for (const id of r.drop) this.access.forget(id);
      for (const id of r.hung) if (this.pending.get(id)) this.hung.add(id);
      if (ctl.signal.aborted) throw new DOMException('the health round was aborted', 'AbortError');
      for (const n of polled) this.lastSshOk.set(n.id, n.sshOk);
      const { nodes, keysInSync } = markKeys(polled);
      const versions = groupVersions(nodes);
      const lb = readmitting(rest[1], nodes, this.balancerRefusingSince, Date.now(), this.o.readmitGraceMs ?? HEALTH_DEFAULTS.readmitGraceMs);
      this.balancerRefusingSince = lb.refusingSince;
      const partial = { nodes, versionsInSync: versionsAgree(nodes, versions), versions, keysInSync, database: rest[0], loadBalancer: lb.health, storage: rest[2] };
      const snapshot: ClusterHealthSnapshot = { at: at.toISOString(), durationMs: Math.round(performance.now() - started), ...partial, ...summarize(partial) };
      return redactDeep(snapshot, (t) => this.o.secrets.redactor.redact(t));
    } finally {
      for (const s of [external, this.stop.signal]) s?.removeEventListener('abort', abort);
    }
  }

  private hungThisRound(r: Round, id: string): void {
    r.hung.add(id);
    r.drop.add(id);
  }

  private sessionOps(id: string, r: Round): Promise<NodeOps> {
    if (r.busy.has(id)) return Promise.reject(new StillWaitingError());
    const p = this.track(id, this.access.ops(id));
    // The pool remembers a failed connect for good; a monitor asks again next round.
    p.catch(() => r.drop.add(id));
    return p;
  }

  private async node(n: ResolvedNode, r: Round): Promise<NodeHealth> {
    const started = performance.now();
    const deadline = Math.min(Date.now() + this.timeoutMs, r.deadline);
    const ops = this.sessionOps(n.id, r);
    r.ops.get(n.id)!.settle(ops);
    const [http, ssh] = await Promise.all([
      settleBy(readProductHealth(n.webUrl, Math.max(1, deadline - Date.now())), deadline, r.signal),
      settleBy(ops.then((o) => this.track(n.id, readKeyFingerprint(o, n.configPath, this.o.profile.product))), deadline, r.signal),
    ]);
    if (ssh.state === 'timeout') this.hungThisRound(r, n.id);
    const h = http.state === 'done' ? http.value : null;
    const httpHung = !h || (!h.reachable && /^no answer within/.test(h.message ?? ''));
    const sshError = ssh.state === 'failed' ? ssh.error : null;
    const sshHung = ssh.state === 'timeout' || (sshError !== null && isNoAnswer(sshError));
    const state = nodeState({ healthy: h?.healthy ?? false, reachable: h?.reachable ?? false, hung: httpHung || sshHung, refused: h?.message === 'ECONNREFUSED', sshOk: ssh.state === 'done' });
    const problems = [
      httpHung ? `/health: no answer within ${this.timeoutMs} ms`
        : state === 'service-stopped' ? `the service is stopped: the server answers over SSH, but ${n.webUrl} refuses connections (ECONNREFUSED)` : httpProblem(h),
      ssh.state === 'timeout' ? `no answer over SSH within ${this.timeoutMs} ms` : sshError ? sshProblem(sshError) : ssh.state === 'done' ? ssh.value.problem : null,
    ].filter((p): p is string => !!p);
    return {
      id: n.id, url: n.webUrl, state,
      reachable: h?.reachable ?? false, hung: httpHung || sshHung, httpStatus: h?.httpStatus ?? null, healthy: h?.healthy ?? false,
      version: h?.releaseNumber ?? h?.versionNumber ?? null,
      databaseStatus: h?.databaseStatus ?? null, databaseDetail: h?.databaseStatusDetails ?? null,
      licenseStatus: h?.licenseStatus ?? null, serviceStatus: h?.serviceStatus ?? null,
      sshOk: ssh.state === 'done', keyFingerprint: ssh.state === 'done' ? ssh.value.fingerprint : null, keyInSync: null,
      error: problems.length ? problems.join('; ') : null,
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  /** One node (preferably one whose SSH worked last round) writes a file; every other node must read it. */
  private async storage(r: Round): Promise<StorageHealth> {
    const path = this.o.profile.storage.path;
    // A key login to Windows has no network credentials (the double hop): a share cannot be opened there.
    const blind = this.nodes.filter((n) => n.profile.os === 'windows' && n.profile.auth.kind !== 'password' && path.startsWith('\\\\')).map((n) => n.id);
    const ids = this.nodes.map((n) => n.id).filter((id) => !blind.includes(id));
    const note = blind.length ? `${blind.join(', ')} not tested: a key login to Windows cannot open a share` : undefined;
    const verdict = (v: Omit<Parameters<typeof storageVerdict>[0], 'path' | 'nodeCount' | 'note'>) => storageVerdict({ ...v, path, nodeCount: ids.length, note });
    const order = [...ids].sort((a, b) => Number(this.lastSshOk.get(b) ?? true) - Number(this.lastSshOk.get(a) ?? true));
    let writer: { id: string; ops: NodeOps } | null = null;
    for (const id of order) {
      const o = await settleBy(r.ops.get(id)!.promise, r.deadline, r.signal);
      if (o.state === 'done') writer = { id, ops: o.value };
      if (o.state !== 'failed') break;
    }
    if (!writer) return verdict({ writer: null, seen: [], notSeen: [], untested: ids });
    const sentinel = this.sentinels.next(writer.id);
    const { name, content } = sentinel;
    this.leftovers.set(name, writer.id);
    const wrote = await settleBy(this.track(writer.id, writer.ops.writeSentinel(path, name, content)), r.deadline, r.signal);
    if (wrote.state !== 'done') {
      if (wrote.state === 'timeout') this.hungThisRound(r, writer.id);
      const why = wrote.state === 'failed' ? wrote.error.message : `no answer within ${this.timeoutMs} ms`;
      return verdict({ writer: writer.id, writerProblem: `${writer.id} could not write a test file to ${path}: ${why}`, seen: [], notSeen: [], untested: [] });
    }
    const reads = await Promise.all(ids.filter((id) => id !== writer.id).map(async (id) => {
      const read = r.ops.get(id)!.promise.then((ops) => this.track(id, ops.readSentinels(path, name)));
      return { id, o: await settleBy(read, r.deadline, r.signal) };
    }));
    // This round's file only (a prefix could hit the next round's file if this removal ran late).
    const removal = this.track(writer.id, writer.ops.removeSentinels(path, name));
    removal.then(() => this.leftovers.delete(name), () => undefined);
    await settleBy(removal, r.deadline, r.signal);
    for (const { id, o } of reads) if (o.state === 'timeout') this.hungThisRound(r, id);
    const saw = (o: Outcome<Sentinel[]>) => o.state === 'done' && seesSentinel(o.value, sentinel);
    return verdict({
      writer: writer.id,
      seen: [writer.id, ...reads.filter((x) => saw(x.o)).map((x) => x.id)],
      notSeen: reads.filter((x) => x.o.state === 'done' && !saw(x.o)).map((x) => x.id),
      untested: reads.filter((x) => x.o.state !== 'done').map((x) => x.id),
    });
  }

  private async database(r: Round): Promise<DatabaseHealth> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    // A probe still running from an earlier round is waited for, never doubled.
    if (this.dbPending) return { reachable: false, detail: 'the previous probe of the database has not answered yet', elapsedMs: 0 };
    const probe = this.o.probeDatabase?.() ?? databaseFromHere(this.o.profile, this.o.secrets, this.timeoutMs, this.o.knownHostsPath);
    this.dbPending = probe;
    const clear = () => {
      if (this.dbPending === probe) this.dbPending = null;
    };
    probe.then(clear, clear);
    const o = await settleBy(probe, r.deadline, r.signal);
    if (o.state === 'done') return { ...o.value, elapsedMs: elapsed() };
    return { reachable: false, detail: o.state === 'failed' ? o.error.message : `no answer within ${this.timeoutMs} ms`, elapsedMs: elapsed() };
  }

  private async loadBalancer(r: Round): Promise<LoadBalancerHealth> {
    return loadBalancerHealth(this.o.profile.loadBalancer.url ?? null, this.timeoutMs, r.deadline, r.signal);
  }
}
