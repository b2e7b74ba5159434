/**
 * The comparison: a desired state against a fresh reading, every difference named once by server and
 * field. Pure (no I/O), so it is tested with seeded random states. `since` is filled in by the caller
 * (drift-file.ts), which remembers when each difference was first seen.
 */
import type { DriftDifference, DriftKind } from '../../shared/drift';
import type { DesiredState, NodeValues } from './desired-state';

export type FoundDifference = Omit<DriftDifference, 'since'>;

const NONE = '(none)';
const NOT_SET = '(not set)';
const list = (xs: string[]) => (xs.length ? xs.join(', ') : NONE);

/** Web server settings: the label each XML attribute is shown under. */
export const WEB_SERVER_LABELS = { Urls: 'web server URLs', EnableRequestLogging: 'HTTP request logging', RequestLoggingDirectory: 'request log folder' } as const;

const isWebServerAttribute = (n: string): n is keyof typeof WEB_SERVER_LABELS => Object.hasOwn(WEB_SERVER_LABELS, n);

function scalar(out: FoundDifference[], node: string, kind: DriftKind, what: string, expected: string | null, found: string | null): void {
  if (expected === null) return;
  if ((found ?? NONE).toLowerCase() !== expected.toLowerCase()) out.push({ node, kind, what, expected, found: found ?? NONE });
}

function map(out: FoundDifference[], node: string, kind: DriftKind, label: (name: string) => string, expected: Record<string, string> | null, found: Record<string, string> | null): void {
  // A server whose file has no such section (an env file beside XML ones) is not compared on it.
  if (!expected || !found) return;
  for (const name of [...new Set([...Object.keys(expected), ...Object.keys(found)])].sort()) {
    const e = expected[name] ?? null;
    const f = found[name] ?? null;
    if (e !== f) out.push({ node, kind, what: label(name), expected: e ?? NOT_SET, found: f ?? NOT_SET });
  }
}

/** Every difference of one server from what it should hold. */
export function compareNode(node: string, expected: NodeValues, found: NodeValues): FoundDifference[] {
  const out: FoundDifference[] = [];
  scalar(out, node, 'database', 'database connection (server, database, user)', expected.database, found.database);
  scalar(out, node, 'encryption-key', 'encryption key (fingerprint)', expected.keyFingerprint, found.keyFingerprint);
  // /health unread (null) is said as unreadable by the caller, not as drift.
  if (found.version !== null) scalar(out, node, 'version', 'product version', expected.version, found.version);
  if (expected.extensions && found.extensions) {
    const extra = found.extensions.filter((x) => !expected.extensions!.includes(x));
    const missing = expected.extensions.filter((x) => !found.extensions!.includes(x));
    if (extra.length || missing.length) {
      out.push({ node, kind: 'extensions', what: `extensions${extra.length ? ` (only here: ${extra.join(', ')})` : ''}${missing.length ? ` (missing here: ${missing.join(', ')})` : ''}`, expected: list(expected.extensions), found: list(found.extensions) });
    }
  }
  map(out, node, 'web-server', (n) => (isWebServerAttribute(n) ? WEB_SERVER_LABELS[n] : `web server ${n}`), expected.webServer, found.webServer);
  map(out, node, 'env', (n) => `variable ${n}`, expected.env, found.env);
  return out;
}

/**
 * Every difference of the cluster: per server read (`null`: not read, left to the caller), the storage
 * path the profile names now against the applied one, and the balancer's members when they were read.
 */
export function compareCluster(o: {
  desired: DesiredState;
  found: Record<string, NodeValues | null>;
  storagePath: string;
  members: string[] | null;
}): FoundDifference[] {
  const out: FoundDifference[] = [];
  for (const [node, expected] of Object.entries(o.desired.nodes)) {
    const f = o.found[node];
    if (f) out.push(...compareNode(node, expected, f));
  }
  if (o.storagePath !== o.desired.storagePath) out.push({ node: null, kind: 'storage', what: 'shared storage path (the profile against the applied one)', expected: o.desired.storagePath, found: o.storagePath });
  if (o.members) {
    const found = [...o.members].sort();
    const missing = o.desired.members.filter((m) => !found.includes(m));
    const extra = found.filter((m) => !o.desired.members.includes(m));
    for (const m of missing) out.push({ node: m, kind: 'balancer-members', what: 'load balancer member', expected: 'in the balancer', found: 'not in the balancer' });
    for (const m of extra) out.push({ node: m, kind: 'balancer-members', what: 'load balancer member', expected: 'not in the balancer', found: 'in the balancer' });
  }
  return out;
}
