/**
 * The engine's health history (issue 13): every poll round of a watched cluster is folded into one-minute
 * buckets per server (the worst state seen in the minute, the median /health time), and state changes
 * that held for CONFIRM_ROUNDS rounds become events (node-down, node-back, with the reason in words).
 * Other parts record theirs (apply, drain, resume, node added or removed, drift) through recordEvent.
 *
 * Kept in memory and in one small file per cluster in the app's data folder (history-file.ts): bounded
 * to the last 24 hours and MAX_EVENTS events, read back lazily the first time a cluster is asked for, so
 * the history survives a restart. Minutes nobody watched are 'unknown'. A file that cannot be read starts
 * the history empty with a warning; a file that cannot be written is a warning too: never a crash.
 */
import { HISTORY_HOURS, type ClusterEvent, type HealthHistory, type HistoryBucket } from '../../../shared/health-history';
import type { ClusterHealthSnapshot, NodeState } from '../../../shared/health-snapshot';
import { HISTORY_FORMAT, codeOf, readHistoryFile, stateOf, writeHistoryFile, type HistoryFile, type Row } from './history-file';
import { NEW_TRACK, STATE_WORDS, observe, type NodeTrack, type Transition } from './transitions';
import { errorMessage } from '../../../shared/error-text';

export const BUCKET_SECONDS = 60;
export const MAX_EVENTS = 1000;
/** Servers kept per cluster (a profile has a few; this bounds a file whatever comes in). */
export const MAX_NODES = 64;
/** Rounds without an event are written at most this often (an event is written at once). */
export const FLUSH_EVERY_MS = 30_000;

const SEVERITY: Record<NodeState, number> = { healthy: 0, unhealthy: 1, 'service-stopped': 2, 'not-answering': 3, unreachable: 4 };

interface Bucket { state: NodeState; samples: number[] }
interface Cluster {
  key: string;
  /** Bucket index (ms / bucket) to bucket, per server. */
  nodes: Map<string, Map<number, Bucket>>;
  events: ClusterEvent[];
  tracks: Map<string, NodeTrack>;
  dirty: boolean;
  lastFlush: number;
  writing: Promise<void>;
}

export type NewEvent = Omit<ClusterEvent, 'at'> & { at?: string };
export interface RoundResult { events: ClusterEvent[]; transitions: (Transition & { at: string })[] }

export interface HistoryKeeperOptions {
  /** The folder of the files; null keeps the history in memory only. */
  dir: string | null;
  now?: () => number;
  /** A file that could not be read or written (for the host's log). */
  warn?: (message: string) => void;
  flushEveryMs?: number;
}

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
};

export class HistoryKeeper {
  private readonly clusters = new Map<string, Promise<Cluster>>();
  private readonly listeners = new Set<(cluster: string, event: ClusterEvent) => void>();
  private readonly now: () => number;
  private readonly bucketMs = BUCKET_SECONDS * 1000;
  /** Recordings under way: a flush waits for them, so what was recorded before it is in the file. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly o: HistoryKeeperOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Called with every new event, whoever recorded it (the service sends `health.event`, main notifies). */
  onEvent(listener: (cluster: string, event: ClusterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One poll round of a cluster: folded into its buckets; the transitions it confirmed become events. */
  recordRound(key: string, snapshot: ClusterHealthSnapshot): Promise<RoundResult> {
    return this.track(this.round(key, snapshot));
  }

  /** Records something that happened to a cluster (an apply, a drain, drift found...), written at once. */
  recordEvent(key: string, event: NewEvent): Promise<ClusterEvent> {
    return this.track(this.event(key, event));
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    const done = () => this.pending.delete(p);
    p.then(done, done);
    return p;
  }

  private async round(key: string, snapshot: ClusterHealthSnapshot): Promise<RoundResult> {
    const c = await this.cluster(key);
    const at = snapshot.at;
    const index = Math.floor(Date.parse(at) / this.bucketMs);
    const transitions: RoundResult['transitions'] = [];
    for (const n of snapshot.nodes) {
      let buckets = c.nodes.get(n.id);
      if (!buckets) {
        if (c.nodes.size >= MAX_NODES) continue;
        buckets = new Map();
        c.nodes.set(n.id, buckets);
      }
      const b = buckets.get(index);
      if (!b) buckets.set(index, { state: n.state, samples: [n.elapsedMs] });
      else {
        if (SEVERITY[n.state] > SEVERITY[b.state]) b.state = n.state;
        b.samples.push(n.elapsedMs);
      }
      const seen = observe(c.tracks.get(n.id) ?? NEW_TRACK, n, at);
      c.tracks.set(n.id, seen.track);
      if (seen.transition) transitions.push({ ...seen.transition, at });
    }
    const events = transitions.map((t): ClusterEvent => t.side === 'down'
      ? { at, kind: 'node-down', node: t.node, text: `${t.node} went down (${STATE_WORDS[t.to]}): ${t.why}` }
      : { at, kind: 'node-back', node: t.node, text: `${t.node} is back: ${t.why}${t.from ? ` (was ${STATE_WORDS[t.from]})` : ''}` });
    this.add(c, events);
    c.dirty = true;
    if (events.length || this.now() - c.lastFlush >= (this.o.flushEveryMs ?? FLUSH_EVERY_MS)) await this.write(c);
    return { events, transitions };
  }

  private async event(key: string, event: NewEvent): Promise<ClusterEvent> {
    const c = await this.cluster(key);
    const e: ClusterEvent = { at: event.at ?? new Date(this.now()).toISOString(), kind: event.kind, node: event.node, text: event.text };
    this.add(c, [e]);
    c.dirty = true;
    await this.write(c);
    return e;
  }

  /** The last `hours` of a cluster: a bucket per minute per server ('unknown' where nobody watched), events oldest first. */
  async history(key: string, nodeIds: string[], hours = HISTORY_HOURS): Promise<HealthHistory> {
    const c = await this.cluster(key);
    const nowMs = this.now();
    const last = Math.floor(nowMs / this.bucketMs);
    const first = Math.floor((nowMs - Math.min(hours, HISTORY_HOURS) * 3600_000) / this.bucketMs) + 1;
    // The profile's servers first, then any other server seen in the window (one removed since).
    const others = [...c.nodes.entries()].filter(([id, b]) => !nodeIds.includes(id) && [...b.keys()].some((i) => i >= first)).map(([id]) => id);
    const nodes = [...nodeIds, ...others].map((id) => {
      const kept = c.nodes.get(id);
      const buckets: HistoryBucket[] = [];
      for (let i = first; i <= last; i++) {
        const b = kept?.get(i);
        buckets.push({ at: new Date(i * this.bucketMs).toISOString(), state: b?.state ?? 'unknown', elapsedMs: b ? median(b.samples) : null });
      }
      return { id, buckets };
    });
    const from = new Date(first * this.bucketMs).toISOString();
    return { cluster: key, from, to: new Date(nowMs).toISOString(), bucketSeconds: BUCKET_SECONDS, nodes, events: c.events.filter((e) => e.at >= from) };
  }

  /** Writes every cluster with unwritten rounds (a watch stopped, the app quits). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    for (const p of this.clusters.values()) {
      const c = await p;
      if (c.dirty) await this.write(c);
    }
  }

  private add(c: Cluster, events: ClusterEvent[]): void {
    if (!events.length) return;
    c.events.push(...events);
    this.prune(c);
    for (const e of events) for (const l of this.listeners) l(c.key, e);
  }

  /** Drops what is older than 24 hours and events beyond MAX_EVENTS (the oldest go). */
  private prune(c: Cluster): void {
    const cutoffMs = this.now() - HISTORY_HOURS * 3600_000;
    const firstKept = Math.floor(cutoffMs / this.bucketMs);
    for (const [id, buckets] of c.nodes) {
      for (const i of buckets.keys()) if (i < firstKept) buckets.delete(i);
      if (!buckets.size && !c.tracks.has(id)) c.nodes.delete(id);
    }
    const cutoff = new Date(cutoffMs).toISOString();
    c.events = c.events.filter((e) => e.at >= cutoff).slice(-MAX_EVENTS);
  }

  private cluster(key: string): Promise<Cluster> {
    let p = this.clusters.get(key);
    if (!p) {
      p = this.load(key);
      this.clusters.set(key, p);
    }
    return p;
  }

  private async load(key: string): Promise<Cluster> {
    const c: Cluster = { key, nodes: new Map(), events: [], tracks: new Map(), dirty: false, lastFlush: this.now(), writing: Promise.resolve() };
    if (!this.o.dir) return c;
    const read = await readHistoryFile(this.o.dir, key).catch((e: unknown) => ({ kind: 'corrupt' as const, reason: errorMessage(e), keptAs: null }));
    if (read.kind === 'corrupt') {
      this.o.warn?.(`The health history of cluster ${key} could not be read (${read.reason}); it starts empty${read.keptAs ? `, and the old file is kept as ${read.keptAs}` : ''}.`);
      return c;
    }
    if (read.kind === 'none') return c;
    const f = read.file;
    // A file written with another bucket size is read bucket by bucket at this size (its minutes keep their place).
    const scale = (f.bucketSeconds * 1000) / this.bucketMs;
    for (const [id, rows] of Object.entries(f.nodes).slice(0, MAX_NODES)) {
      c.nodes.set(id, new Map(rows.map(([i, code, ms]) => [Math.floor(i * scale), { state: stateOf(code), samples: ms === null ? [] : [ms] }])));
    }
    c.events = f.events;
    for (const [id, t] of Object.entries(f.tracks)) c.tracks.set(id, t);
    this.prune(c);
    return c;
  }

  /** One write at a time per cluster, each of the state as it is then. */
  private write(c: Cluster): Promise<void> {
    const dir = this.o.dir;
    if (!dir) {
      c.dirty = false;
      return Promise.resolve();
    }
    c.writing = c.writing.then(async () => {
      if (!c.dirty) return;
      this.prune(c);
      c.dirty = false;
      c.lastFlush = this.now();
      try {
        await writeHistoryFile(dir, this.toFile(c));
      } catch (e) {
        c.dirty = true;
        this.o.warn?.(`The health history of cluster ${c.key} could not be written: ${errorMessage(e)}`);
      }
    });
    return c.writing;
  }

  private toFile(c: Cluster): HistoryFile {
    return {
      format: HISTORY_FORMAT, version: 1, cluster: c.key, bucketSeconds: BUCKET_SECONDS,
      nodes: Object.fromEntries([...c.nodes].map(([id, b]) => [id, [...b].sort((x, y) => x[0] - y[0]).map(([i, v]): Row => [i, codeOf(v.state), median(v.samples)])])),
      events: c.events,
      tracks: Object.fromEntries(c.tracks),
    };
  }
}
