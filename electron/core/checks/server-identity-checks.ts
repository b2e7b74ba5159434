/**
 * Two entries of the profile that are one server: the same normalised address and port (host-name.ts:
 * `[FD00::11]`, `fd00::11` and `fd00:0::11` are one), or the same host key behind two addresses (its
 * IPv4 and IPv6 address, a name and its IP). A cluster of one server listed twice fails over to nothing.
 */
import { hostKeyId } from '../remote/known-hosts';
import { HostKeyError } from '../remote/remote-errors';
import { catalog } from '../../shared/check-catalog';
import { fail, listNames, pass, type Check } from './check';
import { connect } from './server-checks';
import type { ClusterContext } from '../run/cluster-context';

/** The host key a node presented this run (trusted or not), or null when it never got that far. */
async function presentedKey(ctx: ClusterContext, id: string): Promise<string | null> {
  const r = await connect(ctx, id);
  if (!r.ok) return r.error instanceof HostKeyError ? r.error.presented : null;
  return (await ctx.pool.get(id).catch(() => null))?.hostKey.fingerprint || null;
}

/** Groups of two or more node ids sharing a key. */
function sameKey(entries: { id: string; key: string | null }[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const e of entries) if (e.key) groups.set(e.key, [...(groups.get(e.key) ?? []), e.id]);
  return [...groups.entries()].filter(([, ids]) => ids.length > 1);
}

export const serverIdentityChecks: Check[] = [
  {
    ...catalog('servers.distinct'), title: 'Every entry is a different server',
    async run(ctx) {
      const byAddress = sameKey(ctx.nodes.map((n) => ({ id: n.id, key: hostKeyId(n.profile.host, n.profile.port) })));
      const keys = await Promise.all(ctx.nodes.map(async (n) => ({ id: n.id, key: await presentedKey(ctx, n.id) })));
      // A group already named for its address is not named again for its key.
      const named = new Set(byAddress.map(([, ids]) => ids.join('\n')));
      const byKey = sameKey(keys).filter(([, ids]) => !named.has(ids.join('\n')));
      const found = [
        ...byAddress.map(([address, ids]) => `${listNames(ids)} are the same server (both at ${address})`),
        ...byKey.map(([fingerprint, ids]) => `${listNames(ids)} are the same server (the same host key, ${fingerprint}, at ${listNames(ids.map((id) => hostKeyId(ctx.node(id).profile.host, ctx.node(id).profile.port)))})`),
      ];
      if (found.length) {
        return fail(found.join('; '), 'Keep one entry per server and remove the other. If they really are two machines cloned from one image, give each its own SSH host key (on the clone: remove /etc/ssh/ssh_host_* and run ssh-keygen -A), then accept the new key.', {
          sameAddress: Object.fromEntries(byAddress), sameHostKey: Object.fromEntries(byKey),
        });
      }
      const unknown = keys.filter((k) => !k.key).map((k) => k.id);
      const servers = ctx.nodes.length === 1 ? 'one server' : `${ctx.nodes.length} different addresses`;
      return pass(`${servers}${unknown.length ? `; the host key of ${listNames(unknown)} could not be compared` : `, ${ctx.nodes.length === 1 ? 'its' : 'each with its own'} host key`}`);
    },
  },
];
