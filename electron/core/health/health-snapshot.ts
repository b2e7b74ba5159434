/**
 * What one poll round of the cluster says: the dashboard's data. Plain, serializable values only:
 * key fingerprints (never keys), messages passed through the run's redactor. The pure functions here
 * turn per-node readings into the cluster verdicts, so they are tested without any server.
 */
import type { DatabaseProbe } from '../database/database-probe';
import type { ProductHealth } from '../nodes/product-health';
import { healthHeadline } from '../../shared/health-headline';
import type { ClusterHealthSnapshot, ClusterSummary, LoadBalancerHealth, NodeHealth, NodeState, StorageHealth } from '../../shared/health-snapshot';

// The snapshot's shape lives in electron/shared (the contract carries it); re-exported for the engine.
export type { ClusterHealthSnapshot, ClusterSummary, DatabaseHealth, LoadBalancerHealth, NodeHealth, StorageHealth } from '../../shared/health-snapshot';

const list = (ids: string[]) => (ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`);

/** Node ids by reported version, in node order. */
export function groupVersions(nodes: Pick<NodeHealth, 'id' | 'version'>[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const n of nodes) if (n.version) (out[n.version] ??= []).push(n.id);
  return out;
}

/** False when two nodes report different versions; null (unknown) when they agree but a node reported none. */
export function versionsAgree(nodes: Pick<NodeHealth, 'version'>[], versions: Record<string, string[]>): boolean | null {
  if (Object.keys(versions).length > 1) return false;
  return nodes.every((n) => n.version) ? true : null;
}

/**
 * Each node's keyInSync against the cluster's key: the fingerprint most nodes have (ties: the first
 * node's), so the odd one out is the one flagged. A node without a key is never in sync.
 */
export function markKeys<T extends Pick<NodeHealth, 'keyFingerprint' | 'keyInSync' | 'sshOk'>>(nodes: T[]): { nodes: T[]; keysInSync: boolean | null } {
  const counts = new Map<string, number>();
  for (const n of nodes) if (n.sshOk && n.keyFingerprint) counts.set(n.keyFingerprint, (counts.get(n.keyFingerprint) ?? 0) + 1);
  let reference: string | null = null;
  for (const [fp, c] of counts) if (reference === null || c > counts.get(reference)!) reference = fp;
  const marked = nodes.map((n) => ({ ...n, keyInSync: n.sshOk ? n.keyFingerprint !== null && n.keyFingerprint === reference : null }));
  // A node not read is unknown: never counted as in sync.
  const keysInSync = marked.some((n) => n.keyInSync === false) ? false : marked.every((n) => n.keyInSync === true) ? true : null;
  return { nodes: marked, keysInSync };
}

/** What the admin reads for a server (see NodeStateSchema). A refusal is a stopped service only where SSH proves the server is up. */
export function nodeState(o: { healthy: boolean; reachable: boolean; hung: boolean; refused: boolean; sshOk: boolean }): NodeState {
  if (o.healthy) return 'healthy';
  if (o.reachable) return 'unhealthy';
  if (o.hung) return 'not-answering';
  return o.refused && o.sshOk ? 'service-stopped' : 'unreachable';
}

/**
 * The balancer answered but not healthy while some server answers healthy directly: re-admitting
 * servers for `graceMs` from the first such round, then not serving (a fault of its own).
 */
export function readmitting(lb: LoadBalancerHealth, nodes: Pick<NodeHealth, 'healthy'>[], since: number | null, now: number, graceMs: number): { health: LoadBalancerHealth; refusingSince: number | null } {
  const refusing = lb.url !== null && lb.reachable === true && lb.healthy === false && nodes.some((n) => n.healthy);
  if (!refusing) return { health: lb, refusingSince: null };
  const from = since ?? now;
  return { health: { ...lb, readmitting: now - from < graceMs }, refusingSince: from };
}

/** One line for the database as seen from this computer. */
export function describeDatabaseProbe(probe: DatabaseProbe): { reachable: boolean; detail: string } {
  if (!probe.ok) return { reachable: false, detail: `the connection string cannot be used: ${probe.problems.join('; ')}` };
  const { endpoint, result } = probe;
  const where = `${endpoint.host}:${endpoint.port}${endpoint.instance ? ` (${endpoint.instance})` : ''}, database ${endpoint.database}`;
  const product = result.kind === 'postgres' ? 'PostgreSQL' : 'SQL Server';
  if (result.connected) return { reachable: true, detail: `${product}${result.serverVersion ? ` ${result.serverVersion}` : ''} at ${where}` };
  // Integrated Security: this computer cannot log in as the service account; a TCP answer is all we can know.
  if (result.kind === 'sqlserver' && result.error?.kind === 'integrated' && result.port !== null) {
    return { reachable: true, detail: `${where} answers on TCP (Integrated Security: the login itself was not tested)` };
  }
  return { reachable: false, detail: `${where}: ${result.error?.message ?? 'could not connect'}` };
}

/** What is wrong with a node's /health answer, or null when it is healthy. */
export function httpProblem(h: ProductHealth): string | null {
  if (!h.reachable) return `/health: ${h.message ?? 'no answer'}`;
  if (!h.activated) return `/health: ${h.message ?? 'answered with an HTML page'}`;
  if (h.healthy) return null;
  const parts = [
    h.databaseStatus === 'Error' ? `database: ${h.databaseStatusDetails ?? 'error'}` : null,
    h.serviceStatus === 'Error' ? `service: ${h.serviceStatusDetail ?? 'error'}` : null,
    h.licenseStatus === 'Error' ? `license: ${h.licenseStatusDetail ?? 'error'}` : null,
  ].filter(Boolean);
  return `/health answered HTTP ${h.httpStatus}${parts.length ? ` (${parts.join('; ')})` : h.message ? `: ${h.message}` : ''}`;
}

/** The load balancer's /health through to whichever node it picked. */
export function describeLoadBalancer(url: string, h: ProductHealth): LoadBalancerHealth {
  const status = `${url}/health answered HTTP ${h.httpStatus}`;
  // Balancers answer an HTML error page of their own when no server behind them is up.
  const detail = !h.reachable ? `${url}/health: ${h.message ?? 'no answer'}`
    : h.healthy ? status
      : `${status}${h.httpStatus !== null && h.httpStatus >= 500 && !h.activated ? ' (an error page: is any server behind it healthy?)' : h.message ? `: ${h.message}` : ''}`;
  return { url, reachable: h.reachable, healthy: h.healthy, readmitting: false, detail, elapsedMs: h.elapsedMs };
}

/** The storage round-trip's verdict from who wrote and who read the file back. */
export function storageVerdict(o: {
  path: string;
  writer: string | null;
  writerProblem?: string;
  seen: string[];
  notSeen: string[];
  untested: string[];
  /** Nodes that can take part (over SSH); `note` says why any others cannot. */
  nodeCount: number;
  note?: string | undefined;
}): StorageHealth {
  const base = { path: o.path, writer: o.writer, seen: o.seen, notSeen: o.notSeen, untested: o.untested };
  if (o.nodeCount === 0) return { ...base, ok: true, detail: o.note ?? 'no node to test' };
  const untested = `${o.untested.length ? `; not asked (no SSH): ${list(o.untested)}` : ''}${o.note ? `; ${o.note}` : ''}`;
  if (!o.writer || o.writerProblem) return { ...base, ok: false, detail: o.writerProblem ?? `no node could write a test file to ${o.path}${untested}` };
  if (o.notSeen.length) {
    // Nobody else saw it: the writer's folder is the odd one. Otherwise the blind readers are.
    const detail = o.seen.length === 1 && o.notSeen.length > 1
      ? `no other node sees the file ${o.writer} wrote: ${o.writer}'s ${o.path} is probably not the shared storage`
      : `${list(o.notSeen)} ${o.notSeen.length > 1 ? 'do' : 'does'} not see the file ${o.writer} wrote to ${o.path}: ${o.notSeen.length > 1 ? 'their' : 'its'} folder is not the shared one`;
    return { ...base, ok: false, detail: `${detail}${untested}` };
  }
  if (o.nodeCount === 1) return { ...base, ok: true, detail: `${o.writer} wrote and read ${o.path} (one node: nothing to compare)` };
  if (o.seen.length < 2) return { ...base, ok: false, detail: `${o.writer} wrote a test file, but no other node could be asked${untested}` };
  return { ...base, ok: true, detail: `${list(o.seen.filter((id) => id !== o.writer))} read the file ${o.writer} wrote${untested}` };
}

/** The problems, one sentence each, and the verdict the headline gives (shared/health-headline.ts decides it). */
export function summarize(s: Omit<ClusterHealthSnapshot, 'summary' | 'problems' | 'at' | 'durationMs'>): { summary: ClusterSummary; problems: string[] } {
  const problems: string[] = [];
  for (const n of s.nodes) {
    if (n.error) problems.push(`${n.id}: ${n.error}`);
    else if (!n.healthy) problems.push(`${n.id}: not healthy`);
  }
  const versions = Object.entries(s.versions);
  if (s.versionsInSync === false) problems.push(`versions differ: ${versions.map(([v, ids]) => `${v} on ${list(ids)}`).join('; ')}`);
  if (s.keysInSync === false) {
    const byKey = new Map<string, string[]>();
    for (const n of s.nodes) if (n.keyInSync !== null) byKey.set(n.keyFingerprint ?? 'no key', [...(byKey.get(n.keyFingerprint ?? 'no key') ?? []), n.id]);
    problems.push(`encryption keys differ: ${[...byKey].map(([k, ids]) => `${k} on ${list(ids)}`).join('; ')}`);
  }
  if (!s.storage.ok) problems.push(`storage: ${s.storage.detail}`);
  if (!s.database.reachable) problems.push(`database: ${s.database.detail}`);
  if (s.loadBalancer.url && !s.loadBalancer.healthy) problems.push(`load balancer: ${s.loadBalancer.detail}`);
  return { summary: healthHeadline(s).verdict, problems };
}

/** Every string in a plain value passed through `redact` (messages may quote what a server said). */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redact)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)])) as T;
  }
  return value;
}
