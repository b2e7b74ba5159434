/**
 * network.messenger with one dead peer among several (issue 10): the healthy nodes' results must not
 * wait for the dead node's probe or its SSH connect timeout. A fake context stands in for the nodes
 * (the point is ordering, not the network; the TCP probe itself is covered with the lab).
 */
import { describe, expect, it } from 'vitest';
import { SERVICE_MESSENGER_PORT } from '../../shared/products';
import { ConnectTimeoutError } from '../remote/remote-errors';
import type { ClusterContext } from '../run/cluster-context';
import { networkChecks } from './network-checks';
import { PENDING_GRACE_MS } from './peer-probe';

type Outcome = { ok: true } | { ok: false; error: unknown };
const never = <T>() => new Promise<T>(() => {});
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Nodes n0..n{count-1} at host h{i}; `slow` hosts' probes answer only when `probe` says so. */
/** `tcpDown`: peers whose TCP connection from this computer never opened (a dead link); the others' did. */
function fakeContext(count: number, connects: Record<string, Promise<Outcome>>, probe: (host: string) => Promise<{ reachable: boolean; error: string | null }>, tcpDown: string[] = []) {
  const probed: string[] = [];
  const nodes = Array.from({ length: count }, (_, i) => ({ id: `n${i}`, profile: { host: `h${i}` } }));
  const answer = (host: string) => {
    probed.push(host);
    return probe(host);
  };
  const ops = {
    tcpProbeMany: (targets: { host: string; port: number }[]) => Promise.all(targets.map(async (t) => ({ ...t, ...(await answer(t.host)) }))),
    tcpProbe: (host: string) => answer(host),
  };
  const ctx = {
    nodes, settings: { connectTimeoutMs: 5000 },
    ops: async () => ops,
    memoStarted: (key: string) => connects[key.replace(/^connect:/, '')],
    pool: { tcpOpened: (id: string) => !tcpDown.includes(id) },
  } as unknown as ClusterContext;
  return { ctx, probed };
}

const messenger = networkChecks.find((c) => c.id === 'network.messenger')!;
const up = Promise.resolve<Outcome>({ ok: true });

describe('network.messenger with a dead peer', () => {
  it('healthy nodes report before the dead node\'s SSH connect settles; the dead one is named, not waited for', async () => {
    let deadSettled = false;
    const deadConnect = never<Outcome>();
    void deadConnect.finally(() => (deadSettled = true));
    const connects: Record<string, Promise<Outcome>> = { n0: up, n1: up, n2: up, n3: up, n4: up, n5: up, n6: up, n7: up, n8: up, n9: deadConnect };
    const { ctx } = fakeContext(10, connects, (host) => (host === 'h9' ? never() : sleep(2).then(() => ({ reachable: true, error: null }))));
    // The dead node's connect never settles here; the healthy nodes wait at most the grace for it.
    const outcomes = await Promise.all(Array.from({ length: 9 }, (_, i) =>
      Promise.race([messenger.run(ctx, `n${i}`), sleep(PENDING_GRACE_MS + 500).then(() => 'still waiting' as const)])));
    outcomes.forEach((outcome, i) => {
      expect(outcome).not.toBe('still waiting');
      if (outcome === 'still waiting') return;
      expect(outcome.status).toBe('pass');
      expect(outcome.detail).toContain('not checked: n9 had not answered SSH from this computer yet');
      expect(outcome.detail).not.toMatch(new RegExp(`reaches .*n${i}\\b`));
    });
    expect(deadSettled).toBe(false);
  });

  it('a dead link (no TCP connection ever opened) costs the others no grace: they answer as soon as their probes do', async () => {
    const connects: Record<string, Promise<Outcome>> = { n0: up, n1: up, n2: up, n3: never<Outcome>() };
    const { ctx } = fakeContext(4, connects, (host) => (host === 'h3' ? never() : sleep(5).then(() => ({ reachable: true, error: null }))), ['n3']);
    const started = performance.now();
    const outcome = await Promise.race([messenger.run(ctx, 'n0'), sleep(PENDING_GRACE_MS).then(() => 'still waiting' as const)]);
    expect(outcome).not.toBe('still waiting');
    expect(performance.now() - started).toBeLessThan(PENDING_GRACE_MS / 2);
    if (outcome !== 'still waiting') expect(outcome.detail).toContain('not checked: n3 had not answered SSH from this computer yet');
  });

  it('a peer whose SSH connect already failed is reported at once and not probed', async () => {
    const failed = Promise.resolve<Outcome>({ ok: false, error: new ConnectTimeoutError('h2', 22, 5000) });
    const { ctx, probed } = fakeContext(3, { n0: up, n1: up, n2: failed }, async () => ({ reachable: true, error: null }));
    const outcome = await messenger.run(ctx, 'n0');
    expect(probed).toEqual(['h1']);
    expect(outcome).toMatchObject({ status: 'pass' });
    expect(outcome.detail).toBe(`reaches n1 on TCP ${SERVICE_MESSENGER_PORT}; not checked: n2 does not answer SSH from this computer either`);
  });

  it('a peer that answered SSH is waited for: a port it drops is still reported', async () => {
    const { ctx } = fakeContext(3, { n0: up, n1: up, n2: up }, (host) =>
      host === 'h2' ? sleep(80).then(() => ({ reachable: false, error: 'timed out' })) : Promise.resolve({ reachable: true, error: null }));
    const outcome = await messenger.run(ctx, 'n0');
    expect(outcome).toMatchObject({ status: 'warn', data: { unreachable: ['n2'] } });
    expect(outcome.detail).toContain('cannot reach n2 (timed out)');
  });

  it('with no other peer to go by, a peer still connecting is probed and its answer awaited', async () => {
    let release!: (o: Outcome) => void;
    const connecting = new Promise<Outcome>((r) => (release = r));
    const { ctx } = fakeContext(2, { n0: up, n1: connecting }, () => sleep(60).then(() => ({ reachable: true, error: null })));
    const outcome = await messenger.run(ctx, 'n0');
    release({ ok: true });
    expect(outcome).toMatchObject({ status: 'pass', detail: `reaches n1 on TCP ${SERVICE_MESSENGER_PORT}` });
  });

  it('a peer whose SSH connect finishes within the grace after the others answered is waited for', async () => {
    let release!: (o: Outcome) => void;
    const connecting = new Promise<Outcome>((r) => (release = r));
    const { ctx } = fakeContext(3, { n0: up, n1: up, n2: connecting }, (host) =>
      host === 'h2' ? sleep(PENDING_GRACE_MS / 2 + 150).then(() => ({ reachable: false, error: 'timed out' })) : Promise.resolve({ reachable: true, error: null }));
    setTimeout(() => release({ ok: true }), PENDING_GRACE_MS / 2);
    const outcome = await messenger.run(ctx, 'n0');
    expect(outcome).toMatchObject({ status: 'warn', data: { unreachable: ['n2'] } });
    expect(outcome.detail).not.toContain('not checked');
  });

  it('a peer still connecting when the others answered, whose connect then fails, is not waited for past that', async () => {
    let fail!: (o: Outcome) => void;
    const connecting = new Promise<Outcome>((r) => (fail = r));
    const { ctx } = fakeContext(2, { n0: up, n1: connecting }, () => never());
    setTimeout(() => fail({ ok: false, error: new ConnectTimeoutError('h1', 22, 5000) }), 30);
    const outcome = await messenger.run(ctx, 'n0');
    expect(outcome).toMatchObject({ status: 'warn' });
    expect(outcome.detail).toContain('not checked: n1 does not answer SSH from this computer either');
  });
});
