/**
 * The cluster's encryption key as the nodes hold it today and as the profile asks for it: what the
 * key check reports, the plan writes and apply re-derives (one reading, so the three cannot drift).
 */
import { decideEncryptionKey, type KeyChoice, type KeyDecision, type NodeKeyState } from '../config/encryption-key';
import { parseConnectionString } from '../../shared/connection-string/connection-strings';
import type { ClusterContext } from '../run/cluster-context';

/** Whether a node's configured connection names the same server and database as the profile. */
function sameDatabase(ctx: ClusterContext, sql: string | null, pg: string | null): boolean {
  const target = parseConnectionString(ctx.profile.database.kind, ctx.profile.database.connectionString);
  const mine = ctx.profile.database.kind === 'postgres' ? pg : sql;
  if (!target.ok || !mine) return false;
  const theirs = parseConnectionString(ctx.profile.database.kind, mine);
  if (!theirs.ok) return false;
  const a = target.endpoint;
  const b = theirs.endpoint;
  return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port && a.database.toLowerCase() === b.database.toLowerCase() && (a.instance ?? '').toLowerCase() === (b.instance ?? '').toLowerCase();
}

/** Each readable node's key and whether it is on the cluster's database; unreadable nodes are left out. */
async function nodeKeyStates(ctx: ClusterContext): Promise<{ states: NodeKeyState[]; unreadable: string[] }> {
  const states: NodeKeyState[] = [];
  const unreadable: string[] = [];
  for (const n of ctx.nodes) {
    const c = await ctx.config(n.id).catch(() => null);
    if (!c || c.error || (c.text !== null && !c.config)) {
      unreadable.push(n.id);
      continue;
    }
    states.push({ id: n.id, key: c.config?.encryptionKey ?? null, onClusterDatabase: !!c.config && sameDatabase(ctx, c.config.sqlConnectionString, c.config.postgresConnectionString) });
  }
  return { states, unreadable };
}

/** The profile's key choice, with a provided key resolved from its secret. */
async function keyChoice(ctx: ClusterContext): Promise<KeyChoice> {
  const e = ctx.profile.encryptionKey;
  if (e.mode === 'provided') return { mode: 'provided', key: await ctx.secrets.resolve(e.key, 'encryption key') };
  return e;
}

/**
 * The cluster's key decision read from the nodes now: the check reports it, the plan records it, and
 * apply re-reads it to confirm the kept key is still there. `key` never leaves the engine.
 */
export async function clusterKey(ctx: ClusterContext): Promise<{ decision: KeyDecision; key: string | null; read: string[]; unreadable: string[] }> {
  const { states, unreadable } = await nodeKeyStates(ctx);
  const { decision, key } = decideEncryptionKey(states, await keyChoice(ctx));
  return { decision, key, read: states.map((s) => s.id), unreadable };
}
