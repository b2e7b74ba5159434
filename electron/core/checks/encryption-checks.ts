/** Encryption key: present on each node, well formed, and one key for the cluster (fingerprints only). */
import { decideEncryptionKey, type KeyChoice, type NodeKeyState } from '../config/encryption-key';
import { ENCRYPTION_KEY_PATTERN, keyFingerprint } from '../config/product-config';
import { parseConnectionString } from '../../shared/connection-string/connection-strings';
import { fail, listNames, pass, warn, type Check } from './check';
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
export async function nodeKeyStates(ctx: ClusterContext): Promise<{ states: NodeKeyState[]; unreadable: string[] }> {
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

export async function keyChoice(ctx: ClusterContext): Promise<KeyChoice> {
  const e = ctx.profile.encryptionKey;
  if (e.mode === 'provided') return { mode: 'provided', key: await ctx.secrets.resolve(e.key, 'encryption key') };
  return e;
}

export const encryptionChecks: Check[] = [
  {
    id: 'encryption.present', title: 'Encryption key on each server', area: 'encryption', scope: 'node', needs: ['server.product-installed'],
    async run(ctx, id) {
      const c = await ctx.config(id!);
      if (c.error) return fail(`the configuration cannot be read: ${c.error}`, `Fix ${ctx.node(id!).configPath} by hand (or restore it from a backup), then re-run validation.`);
      const key = c.config?.encryptionKey;
      if (!key) return warn('no encryption key: the product falls back to this machine\'s own key, so users are logged out whenever the load balancer switches server', 'Nothing to do by hand: the wizard writes the cluster\'s key to every server.', { fingerprint: null });
      return pass(keyFingerprint(key), { fingerprint: keyFingerprint(key) });
    },
  },
  {
    id: 'encryption.format', title: 'Encryption key is well formed', area: 'encryption', scope: 'node', needs: ['encryption.present'],
    async run(ctx, id) {
      const key = (await ctx.config(id!)).config?.encryptionKey;
      if (!key) return pass('no key to check (the cluster\'s key will be written)');
      if (!ENCRYPTION_KEY_PATTERN.test(key.trim())) return fail(`key ${keyFingerprint(key)} is not 32 hexadecimal characters`, 'An EncryptionKey is 16 random bytes written as 32 hex characters. If this server has no data of its own, let the wizard replace it; otherwise ask Inedo support before changing it.');
      return pass('32 hexadecimal characters');
    },
  },
  {
    id: 'encryption.cluster-key', title: 'One encryption key for the cluster', area: 'encryption', scope: 'cluster', needs: ['encryption.present'],
    async run(ctx) {
      const { states, unreadable } = await nodeKeyStates(ctx);
      const { decision } = decideEncryptionKey(states, await keyChoice(ctx));
      const missing = unreadable.length ? ` (${listNames(unreadable)} could not be read)` : '';
      if (decision.kind === 'conflict') {
        const detail = Object.entries(decision.fingerprints).map(([fp, ids]) => `${fp} on ${listNames(ids) || 'the profile'}`).join('; ');
        return fail(`${decision.reason}: ${detail}${missing}`, 'Decide which key the cluster keeps: the one whose server holds the data you keep. Set encryptionKey to { "mode": "keep-node", "node": "<that server>" } (in the wizard: the Encryption key page).', { decision });
      }
      if (decision.kind === 'generate') return pass(`no server has a key yet: the wizard will generate one and write it to all ${states.length}${missing}`, { decision });
      const changes = decision.nodesToChange.length ? `; it will be written to ${listNames(decision.nodesToChange)}` : '; every server already has it';
      const detail = `keeping ${decision.fingerprint} (${decision.reason}${decision.fromNodes.length ? `, from ${listNames(decision.fromNodes)}` : ''})${changes}${missing}`;
      if (decision.discards.length) return warn(`${detail}. Replaced: ${decision.discards.join(', ')}`, 'Secrets that the replaced keys protected (stored credentials on those servers\' own databases) become unreadable; they are not part of the cluster\'s data.', { decision });
      return pass(detail, { decision });
    },
  },
];
