/**
 * One node probing its peers on a TCP port, without one dead peer holding back the answer (issue 10).
 * A peer this computer already failed to reach over SSH is reported at once and not probed. A peer
 * whose SSH connect is still pending is probed on its own; if every other peer has answered and it has
 * not, and its connect is still pending PENDING_GRACE_MS later (or failed), it is reported "not checked"
 * rather than waited for: its own 'server.reachable' says what is wrong with it. The grace is only for a
 * peer whose TCP connection from this computer is open (alive, its login still under way). A peer whose
 * SSH connect succeeded is always waited for (a firewall dropping the port is what the probe is for).
 */
import { ConnectError, ConnectTimeoutError } from '../remote/remote-errors';
import type { ClusterContext } from '../run/cluster-context';

export interface PeerAnswer {
  id: string;
  reachable: boolean;
  error: string | null;
  /** Set when the peer was not probed, or its probe not waited for; says why. */
  notChecked?: string;
}

/** How long a peer still connecting over SSH is waited for once every other peer has answered. */
export const PENDING_GRACE_MS = 500;

type ConnectOutcome = { ok: true } | { ok: false; error: unknown };
type PeerState = 'up' | 'down' | 'pending';

/** A failed connect that says the network did not get there (not a host-key or login refusal). */
const unreachable = (o: ConnectOutcome) =>
  !o.ok && (o.error instanceof ConnectTimeoutError || (o.error instanceof ConnectError && o.error.code !== 'NO_COMMON_ALGORITHM'));

export async function probePeers(ctx: ClusterContext, id: string, port: number): Promise<PeerAnswer[]> {
  const peers = ctx.nodes.filter((n) => n.id !== id);
  const ops = await ctx.ops(id);
  const timeoutMs = ctx.settings.connectTimeoutMs;
  // The peers' SSH connects as this run started them (server.reachable); never started here.
  const states = new Map<string, PeerState>(peers.map((p) => [p.id, 'pending']));
  const settled = new Map<string, Promise<PeerState>>();
  for (const p of peers) {
    const connect = ctx.memoStarted<ConnectOutcome>(`connect:${p.id}`);
    if (!connect) continue;
    settled.set(p.id, connect.then((o) => {
      const s: PeerState = o.ok || !unreachable(o) ? 'up' : 'down';
      states.set(p.id, s);
      return s;
    }));
  }
  // Let connects that have already settled record their state before we look.
  await new Promise((r) => setImmediate(r));

  const answers = new Map<string, PeerAnswer>();
  const down = peers.filter((p) => states.get(p.id) === 'down');
  for (const p of down) answers.set(p.id, { id: p.id, reachable: false, error: null, notChecked: `${p.id} does not answer SSH from this computer either` });

  const up = peers.filter((p) => states.get(p.id) === 'up');
  const pending = peers.filter((p) => states.get(p.id) === 'pending');
  const upProbe = up.length
    ? ops.tcpProbeMany(up.map((p) => ({ host: p.profile.host, port })), timeoutMs).then((rs) => up.forEach((p, i) => answers.set(p.id, { id: p.id, reachable: rs[i]!.reachable, error: rs[i]!.error })))
    : Promise.resolve();
  const pendingProbes = pending.map((p) => ops.tcpProbe(p.profile.host, port, timeoutMs).then((r) => {
    answers.set(p.id, { id: p.id, reachable: r.reachable, error: r.error });
  }));
  // Every answer but p's is in: stop waiting for p unless its SSH connect succeeded meanwhile.
  const othersDone = (p: string) => Promise.all([upProbe, ...pendingProbes.filter((_, i) => pending[i]!.id !== p)]);
  await Promise.all(pending.map(async (p, i) => {
    const wait = async (): Promise<void> => {
      await othersDone(p.id);
      if (pending.length + up.length === 1) return new Promise<void>(() => {}); // no others to go by: wait for the probe or the connect
      // A live peer's handshake may just be a little behind the others': give its connect a moment. Not a
      // peer whose TCP connection from this computer has not even opened while every other peer answered:
      // it is down or cut off, not slow (that moment cost every other node's result 0.5 s, issue 10).
      if (ctx.pool.tcpOpened(p.id)) {
        const grace = new Promise<void>((r) => setTimeout(r, PENDING_GRACE_MS).unref());
        await Promise.race([grace, settled.get(p.id) ?? grace]);
      }
      if (states.get(p.id) === 'up') return new Promise<void>(() => {}); // alive: the probe decides
      if (!answers.has(p.id)) answers.set(p.id, { id: p.id, reachable: false, error: null, notChecked: `${p.id} had not answered SSH from this computer yet` });
    };
    const turnedDown = (settled.get(p.id) ?? new Promise<PeerState>(() => {})).then((s) => {
      if (s === 'down' && !answers.has(p.id)) answers.set(p.id, { id: p.id, reachable: false, error: null, notChecked: `${p.id} does not answer SSH from this computer either` });
      return s === 'down' ? undefined : new Promise<void>(() => {});
    });
    await Promise.race([pendingProbes[i], wait(), turnedDown]);
  }));
  await upProbe;
  return peers.map((p) => answers.get(p.id)!);
}
