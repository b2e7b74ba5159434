import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../shared/apply-schema';
import { FakeBalancer } from './testing/fake-balancer';
import { clusterOf } from './testing/profiles';
import { removeNode, type RemoveNodeInput } from './remove-node';

/** A three-server cluster in memory: health per server URL, what was done to the removed one. */
function rig(o: { healthy?: Record<string, boolean>; access?: boolean; lb?: FakeBalancer | null } = {}) {
  const profile = clusterOf(3, o.access === false ? {} : { loadBalancer: { type: 'haproxy', sticky: false, access: { kind: 'haproxy-api', host: '10.0.0.9', port: 9999 } } });
  const health: Record<string, boolean> = { node1: true, node2: true, node3: true, ...o.healthy };
  const lb = o.lb === undefined ? new FakeBalancer(['node1', 'node2', 'node3']) : o.lb;
  const done: string[] = [];
  const events: ApplyEvent[] = [];
  const idOf = (url: string) => `node${url.match(/10\.0\.0\.(\d+)/)![1]}`;
  const input: RemoveNodeInput = {
    profile, node: 'node3', drainTimeoutMs: 2000, gateMs: 50, pollMs: 5,
    openControl: async () => lb,
    healthy: async (url) => ({ ok: health[idOf(url)]!, detail: health[idOf(url)] ? 'OK' : 'no answer' }),
    server: (n) => ({
      backupConfig: async (path) => { done.push(`backup ${n.id} ${path}`); return `${path}.bak`; },
      stopService: async () => { done.push(`stop ${n.id}`); health[n.id] = false; },
      startService: async () => { done.push(`start ${n.id}`); health[n.id] = true; },
    }),
    onEvent: (e) => { events.push(e); },
  };
  return { input, lb, done, events, health };
}

describe('removing a server', () => {
  it('drains, waits until it serves nothing, backs up, stops, then takes it out of the balancer, in that order', async () => {
    const r = rig();
    r.lb!.sessionsAfterDrain = [2, 1, 0];
    const report = await removeNode(r.input);
    expect(report.status).toBe('applied');
    expect(report.nodes[0]!.backupPath).toBe('/etc/proget.env.bak');
    expect(r.lb!.calls.filter((c) => c !== 'members')).toEqual(['drain node3', 'setMembers node1,node2', 'close']);
    expect(r.done).toEqual(['backup node3 /etc/proget.env', 'stop node3']);
    const steps = r.events.flatMap((e) => (e.type === 'apply-step' && e.status === 'done' ? [e.step] : []));
    expect(steps).toEqual(['drain', 'wait-drained', 'backup', 'stop', 'balancer']);
    // The runtime change is forgotten at HAProxy's reload: the admin is told to install the config.
    expect(report.manualSteps.map((m) => m.title)).toEqual(['Take node3 out of haproxy.cfg']);
  });

  it('refuses to remove the last healthy server, and changes nothing', async () => {
    const r = rig({ healthy: { node1: false, node2: false } });
    const report = await removeNode(r.input);
    expect(report.status).toBe('refused');
    expect(report.reason).toMatch(/node3 is the cluster's last healthy server/);
    expect(r.done).toEqual([]);
    expect(r.lb!.calls).toEqual([]);
  });

  it('refuses while no server is healthy at all, saying so rather than "last healthy"', async () => {
    const r = rig({ healthy: { node1: false, node2: false, node3: false } });
    const report = await removeNode(r.input);
    expect(report.status).toBe('refused');
    expect(report.reason).toBe('no server of the cluster is healthy now (node3: no answer; node1: no answer; node2: no answer): the wizard removes a server only while another serves. Bring one back to health first');
    expect(r.done).toEqual([]);
  });

  it('refuses the only server and an unknown one', async () => {
    const r = rig();
    expect((await removeNode({ ...r.input, node: 'node7' })).reason).toMatch(/no server node7/);
    expect((await removeNode({ ...r.input, profile: clusterOf(1), node: 'node1' })).reason).toMatch(/only server/);
    expect(r.done).toEqual([]);
  });

  it('without balancer access it does not stop the server, and gives the balancer steps', async () => {
    const r = rig({ access: false, lb: null });
    const report = await removeNode(r.input);
    expect(report.status).toBe('refused');
    expect(report.reason).toMatch(/take it out of the balancer first/);
    expect(report.manualSteps[0]!.title).toBe('Take node3 out of rotation at HAProxy; Remove node3 from HAProxy');
    expect(report.manualSteps[0]!.detail).toMatch(/set server inedo_nodes\/node3 state drain.*drain timeout 0/s);
    expect(r.done).toEqual([]);
  });

  it('with drain timeout 0 (the balancer already handled) it stops the server without touching the balancer', async () => {
    const r = rig({ access: false, lb: null });
    const report = await removeNode({ ...r.input, drainTimeoutMs: 0 });
    expect(report.status).toBe('applied');
    expect(r.done).toEqual(['backup node3 /etc/proget.env', 'stop node3']);
    expect(report.manualSteps[0]!.title).toBe('Keep node3 out of the load balancer');
  });

  it('goes on after the drain timeout when the server still has sessions, and says so', async () => {
    const r = rig();
    r.lb!.sessionsAfterDrain = [5];
    const report = await removeNode({ ...r.input, drainTimeoutMs: 30 });
    expect(report.status).toBe('applied');
    expect(r.events.some((e) => e.type === 'apply-log' && /still had 5 sessions/.test(e.message))).toBe(true);
  });

  it('stops and puts the server back when another goes down during the removal', async () => {
    const r = rig();
    const stop = r.input.server;
    r.input.server = (n) => ({ ...stop(n), stopService: async () => { r.done.push(`stop ${n.id}`); r.health.node3 = false; r.health.node2 = false; } });
    const report = await removeNode(r.input);
    expect(report.status).toBe('rolled-back');
    expect(report.reason).toMatch(/after stopping node3, the cluster is not healthy: node2: no answer/);
    expect(r.done).toEqual(['backup node3 /etc/proget.env', 'stop node3', 'start node3']);
    expect(r.lb!.calls).toContain('resume node3');
    expect(r.lb!.calls.some((c) => c.startsWith('setMembers'))).toBe(false);
    expect(report.nodes[0]!.result).toBe('restored');
  });

  it('a balancer that refuses the drain leaves the server running and in rotation', async () => {
    const r = rig();
    r.lb!.failOn = 'drain';
    const report = await removeNode(r.input);
    expect(report.status).toBe('rolled-back');
    expect(report.reason).toMatch(/drain failed: drain refused by the fake/);
    expect(r.done).toEqual([]);
  });

  it('holds the cluster lock for the whole run and releases it; a lock held elsewhere refuses before the balancer or a server is touched', async () => {
    const r = rig();
    const seen: string[] = [];
    r.input.lock = async () => ({ broke: 'broke the stale lock of x@y', stop: async () => { seen.push(`released after ${r.done.length} changes`); } });
    const origin = r.input.server;
    r.input.server = (n) => { seen.push('server'); return origin(n); };
    const report = await removeNode(r.input);
    expect(report.status).toBe('applied');
    expect(seen).toEqual(['server', 'released after 2 changes']);
    expect(r.events).toContainEqual({ type: 'apply-log', level: 'warn', message: 'broke the stale lock of x@y' });

    const held = rig();
    let opened = 0;
    held.input.openControl = async () => { opened++; return held.lb; };
    held.input.lock = async () => { throw new Error('another wizard is changing this cluster: ann@pc7 (pid 4, ha-wizard 1.0) since 2026-12-01T05:00:00Z'); };
    const refused = await removeNode(held.input);
    expect(refused).toMatchObject({ status: 'refused', reason: expect.stringMatching(/another wizard is changing this cluster: ann@pc7/) });
    expect(refused.nodes[0]!.result).toBe('untouched');
    expect({ opened, done: held.done, lb: held.lb!.calls }).toEqual({ opened: 0, done: [], lb: [] });
  });

  it('says the refusals that need no server before it takes the lock: an unknown server, the last healthy one', async () => {
    for (const [r, why] of [[rig(), /there is no server nope/], [rig({ healthy: { node1: false, node2: false } }), /last healthy server/]] as const) {
      let locked = 0;
      r.input.lock = async () => { locked++; return { broke: null, stop: async () => undefined }; };
      if (why.source.includes('nope')) r.input.node = 'nope';
      const report = await removeNode(r.input);
      expect(report).toMatchObject({ status: 'refused', reason: expect.stringMatching(why) });
      expect(locked).toBe(0);
    }
  });

  it('releases the lock when the run stops on a failure', async () => {
    const r = rig();
    let released = 0;
    r.input.lock = async () => ({ broke: null, stop: async () => { released++; } });
    r.input.server = () => ({ backupConfig: async () => { throw new Error('disk full'); }, stopService: async () => undefined, startService: async () => undefined });
    const report = await removeNode(r.input);
    expect(report.status).toBe('rolled-back');
    expect(released).toBe(1);
  });

  it('says in the report when the cluster lock could not be removed, whether the run applied or rolled back', async () => {
    const left = 'The cluster lock /etc/proget.env.ha-wizard-lock on node1 could not be removed (read-only file system). Delete it by hand.';
    const applied = rig();
    applied.input.lock = async () => ({ broke: null, stop: async () => left });
    const failed = rig();
    failed.input.lock = async () => ({ broke: null, stop: async () => left });
    failed.input.server = () => ({ backupConfig: async () => { throw new Error('disk full'); }, stopService: async () => undefined, startService: async () => undefined });
    const reports = [await removeNode(applied.input), await removeNode(failed.input)];
    expect(reports.map((r) => r.status)).toEqual(['applied', 'rolled-back']);
    for (const r of reports) expect(r.manualSteps).toContainEqual({ title: 'Remove the cluster lock', detail: left, url: null });
  });
});
