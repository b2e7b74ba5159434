/**
 * The cluster's desired state, defined once (issue 13, drift): what each server should hold, made from
 * the profile and a reading of the cluster taken right after a successful apply (saved then), or,
 * when no apply was recorded, from the profile and the reading being checked (the servers' common
 * value stands for the expected one). Secrets never enter it: a key is its fingerprint, a connection
 * is its server, database and user.
 */
import { z } from 'zod';
import { parseConnectionString } from '../../shared/connection-string/connection-strings';
import { nodeId, type ClusterProfile } from '../../shared/profile';

/** What one server holds (a reading) or should hold (an expectation); null: unknown or not read. */
export const NodeValuesSchema = z.object({
  /** "server H:P, database D, user U": the parts compared (never the password). */
  database: z.string().nullable(),
  keyFingerprint: z.string().nullable(),
  version: z.string().nullable(),
  /** Sorted names of the extensions /health lists. */
  extensions: z.array(z.string()).nullable(),
  /** The XML config's WebServer settings meant to be identical: label to value. */
  webServer: z.record(z.string(), z.string()).nullable(),
  /** The env file's variables other than secrets: name to value. */
  env: z.record(z.string(), z.string()).nullable(),
});
export type NodeValues = z.infer<typeof NodeValuesSchema>;

/** Saved in the drift file (drift-file.ts) and read back through this schema. */
export const DesiredStateSchema = z.object({
  v: z.literal(1),
  basis: z.enum(['applied', 'profile']),
  /** When it was saved (the apply's end); null for a state derived at check time. */
  appliedAt: z.string().nullable(),
  product: z.string(),
  storagePath: z.string(),
  nodes: z.record(z.string(), NodeValuesSchema),
  /** The balancer's members (node ids), sorted. */
  members: z.array(z.string()),
});
export type DesiredState = z.infer<typeof DesiredStateSchema>;

/** The parts of a connection the drift check compares: server, database, user (never the password). */
export function connectionParts(kind: ClusterProfile['database']['kind'], text: string | null): string | null {
  if (!text) return null;
  const r = parseConnectionString(kind, text);
  if (!r.ok) return 'a connection string that cannot be read';
  const e = r.endpoint;
  const server = `${e.host.toLowerCase()}${e.instance ? `\\${e.instance.toLowerCase()}` : ''}:${e.port}`;
  return `server ${server}, database ${e.database.toLowerCase()}, user ${e.integratedSecurity ? '(integrated security)' : (e.user ?? '(none)').toLowerCase()}`;
}

/** The value most servers hold; a tie goes to the first server in the profile's order. */
function common<T>(values: T[], key: (v: T) => string = (v) => JSON.stringify(v)): T | null {
  const counts = new Map<string, { v: T; n: number; first: number }>();
  values.forEach((v, i) => {
    const k = key(v);
    const c = counts.get(k);
    if (c) c.n += 1;
    else counts.set(k, { v, n: 1, first: i });
  });
  const best = [...counts.values()].sort((a, b) => b.n - a.n || a.first - b.first)[0];
  return best ? best.v : null;
}

/** A map whose every name holds the value most servers give it (absent where most lack it). */
function commonMap(maps: Record<string, string>[]): Record<string, string> | null {
  if (!maps.length) return null;
  const names = new Set(maps.flatMap((m) => Object.keys(m)));
  const out: Record<string, string> = {};
  for (const name of [...names].sort()) {
    const v = common(maps.map((m) => m[name] ?? null));
    if (v !== null) out[name] = v;
  }
  return out;
}

const present = <T>(xs: (T | null)[]): T[] => xs.filter((x): x is T => x !== null);

/**
 * The desired state from the profile and a reading of the cluster: the database from the profile;
 * the key from `keyFingerprint` (a provided or kept key) or else the servers' common one; version,
 * extensions and per-server settings the servers' common value (after an apply every server holds it).
 */
export function desiredState(o: {
  profile: ClusterProfile;
  reading: Record<string, NodeValues | null>;
  basis: DesiredState['basis'];
  appliedAt: string | null;
  keyFingerprint?: string | null;
}): DesiredState {
  const ids = o.profile.nodes.map(nodeId);
  const read = present(ids.map((id) => o.reading[id] ?? null));
  const database = connectionParts(o.profile.database.kind, o.profile.database.connectionString);
  const keyFingerprint = o.keyFingerprint ?? common(present(read.map((r) => r.keyFingerprint)));
  const version = common(present(read.map((r) => r.version)));
  const extensions = common(present(read.map((r) => r.extensions)));
  const webServer = commonMap(present(read.map((r) => r.webServer)));
  const env = commonMap(present(read.map((r) => r.env)));
  const expected: NodeValues = { database, keyFingerprint, version, extensions, webServer, env };
  return {
    v: 1, basis: o.basis, appliedAt: o.appliedAt, product: o.profile.product, storagePath: o.profile.storage.path,
    nodes: Object.fromEntries(ids.map((id) => [id, expected])),
    members: [...ids].sort(),
  };
}
