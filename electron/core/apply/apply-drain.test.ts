/**
 * Apply behind a balancer it can drive (fake BalancerControl, fake cluster; no lab): each server is
 * drained and waited on before its restart, resumed after its health gate, one at a time; a failed
 * resume fails the apply with the step to run by hand; rollback resumes what it drained; an
 * unreachable balancer refuses the apply before anything changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../shared/plan-schema';
import { FakeBalancer } from '../balancer/testing/fake-balancer';
import { FakeCluster } from './testing/fake-nodes';
import { UNHEALTHY_TIMEOUT_MS, applyOn, planOn, threeNodes } from './testing/fake-run';

let cluster: FakeCluster;
let lb: FakeBalancer;
beforeEach(async () => {
  cluster = await FakeCluster.start(threeNodes());
  lb = new FakeBalancer(['node1', 'node2', 'node3'], cluster.journal);
});
afterEach(() => cluster.stop());

const IDS = ['node1', 'node2', 'node3'];
const ACCESS = { kind: 'haproxy-api', host: 'lb.example', port: 9999 } as const;
const withAccess = (plan: Plan): Plan => ({ ...plan, profile: { ...plan.profile, loadBalancer: { ...plan.profile.loadBalancer, type: 'haproxy', access: ACCESS } } });
const drainOpts = { drainTimeoutMs: 3000, pollMs: 10 };
const apply = (plan: Plan, healthTimeoutMs?: number) => applyOn(cluster, plan, healthTimeoutMs, { openBalancer: async () => lb, drain: drainOpts });
/** The journal's lines about the balancer and each node's restart and health gate. */
const around = (j: string[]) => j.filter((e) => /^balancer |^event \S+ (drain|wait-drained|restart|wait-healthy|resume|rollback) |restart ok|health 200/.test(e));

function guarded(id: string): string[] {
  return [
    `event ${id} drain started`, `balancer drain ${id}`, `event ${id} drain done`,
    `event ${id} wait-drained started`, `event ${id} wait-drained done`,
    `event ${id} restart started`, `${id} restart ok`, `event ${id} restart done`,
    `event ${id} wait-healthy started`, `${id} health 200`, `event ${id} wait-healthy done`,
    `event ${id} resume started`, `balancer resume ${id}`, `event ${id} resume done`,
  ];
}

describe('apply drains each server at the balancer around its restart', () => {
  it('drain, wait until it serves nothing, restart, health gate, resume: one server at a time', async () => {
    lb.sessions.set('node2', 3);
    const plan = withAccess(await planOn(cluster));
    const mark = cluster.journal.length;
    const { report, events } = await apply(plan);
    expect(report.status, report.reason ?? '').toBe('applied');
    expect(around(cluster.journal.slice(mark))).toEqual(IDS.flatMap(guarded));
    // node2 held 3 sessions: its restart came only once the balancer counted none.
    expect(lb.sessions.get('node2')).toBe(0);
    expect(events.find((e) => e.type === 'apply-step' && e.nodeId === 'node2' && e.step === 'wait-drained' && e.status === 'done')).toMatchObject({ detail: 'serves nothing' });
    expect([...lb.states.values()]).toEqual(['ready', 'ready', 'ready']);
    expect(report.nodes.map((n) => n.steps.map((s) => s.step).filter((s, i, a) => a.indexOf(s) === i))).toEqual(
      IDS.map(() => ['backup', 'write', 'drain', 'wait-drained', 'restart', 'wait-healthy', 'resume']),
    );
    expect(lb.closed).toBe(true);
  });

  it('a server that keeps its sessions is restarted after the bounded wait, and the step says so', async () => {
    lb.sessions.set('node1', 1_000_000);
    const plan = withAccess(await planOn(cluster));
    const started = Date.now();
    const { report, events } = await applyOn(cluster, plan, undefined, { openBalancer: async () => lb, drain: { drainTimeoutMs: 300, pollMs: 10 } });
    expect(report.status).toBe('applied');
    expect(Date.now() - started).toBeLessThan(10_000);
    const done = events.find((e) => e.type === 'apply-step' && e.nodeId === 'node1' && e.step === 'wait-drained' && e.status === 'done');
    expect(done).toMatchObject({ detail: expect.stringMatching(/^still \d+ session\(s\) after 0 s: restarted anyway$/) });
  });

  it('a resume that fails fails the apply, names the step to run by hand, and the rollback resumes it', async () => {
    const plan = withAccess(await planOn(cluster));
    lb.faults.add('resume-ignored');
    const { report } = await applyOn(cluster, plan, undefined, { openBalancer: async () => lb, drain: { ...drainOpts, confirmTimeoutMs: 300 } });
    expect(report.status).toBe('rollback-failed');
    expect(report.reason).toMatch(/^node1: resume failed: the balancer still shows node1 as drain after resuming it .*By hand: On the HAProxy host:\s+echo 'set server inedo_nodes\/node1 state ready' \| sudo socat stdio/s);
    const n1 = report.nodes.find((n) => n.id === 'node1')!;
    expect(n1.result).toBe('rollback-failed');
    expect(n1.manual).toMatch(/^On node1 \(.+\): the file is back and the service healthy, but the server is still out of the load balancer's rotation: On the HAProxy host:\s+echo 'set server inedo_nodes\/node1 state ready' \| sudo socat stdio/s);
    // Node 2 and 3 were never drained nor touched.
    expect(lb.journal.filter((e) => e.startsWith('balancer ') && !e.includes('node1'))).toEqual([]);
  });

  it('the next server is not drained until the balancer counts the one before up; one it never counts up fails the apply', async () => {
    const plan = withAccess(await planOn(cluster));
    lb.faults.add('resume-down');
    const { report, events } = await applyOn(cluster, plan, undefined, { openBalancer: async () => lb, drain: { ...drainOpts, readyTimeoutMs: 300 } });
    expect(report.status).toBe('rollback-failed');
    expect(report.reason).toMatch(/^node1: resume failed: node1 is back in rotation but the balancer does not count it up after 0 s \(DOWN\): check that the balancer reaches its \/health$/);
    expect(lb.journal.filter((e) => e.startsWith('balancer ') && e.includes('node2'))).toEqual([]);
    expect(events.some((e) => e.type === 'apply-step' && e.nodeId === 'node2')).toBe(false);
  });

  it('a server whose health gate fails is rolled back, drained again around that restart, and resumed', async () => {
    const plan = withAccess(await planOn(cluster));
    cluster.node('node2').faults.add('unhealthy-config');
    const mark = cluster.journal.length;
    const { report } = await apply(plan, UNHEALTHY_TIMEOUT_MS);
    expect(report.status, JSON.stringify(report.nodes)).toBe('rolled-back');
    expect(report.reason).toMatch(/^node2: wait-healthy failed/);
    const j = around(cluster.journal.slice(mark));
    const rb = j.indexOf('event node2 rollback started');
    expect(j.slice(0, rb)).toEqual([...guarded('node1'), ...guarded('node2').slice(0, 9), 'event node2 wait-healthy failed']);
    expect(j.slice(rb)).toEqual([
      'event node2 rollback started',
      'event node2 drain started', 'balancer drain node2', 'event node2 drain done', 'event node2 wait-drained started', 'event node2 wait-drained done',
      'node2 restart ok', 'node2 health 200', 'event node2 rollback done',
      'event node2 resume started', 'balancer resume node2', 'event node2 resume done',
      'event node1 rollback started',
      'event node1 drain started', 'balancer drain node1', 'event node1 drain done', 'event node1 wait-drained started', 'event node1 wait-drained done',
      'node1 restart ok', 'node1 health 200', 'event node1 rollback done',
      'event node1 resume started', 'balancer resume node1', 'event node1 resume done',
    ]);
    expect([...lb.states.values()]).toEqual(['ready', 'ready', 'ready']);
  });

  it('a server drained whose restart then fails is resumed by the rollback', async () => {
    const plan = withAccess(await planOn(cluster));
    cluster.node('node1').faults.add('no-start');
    const { report } = await apply(plan);
    expect(report.status, JSON.stringify(report.nodes)).toBe('rolled-back');
    expect(lb.journal.filter((e) => e.startsWith('balancer '))).toEqual(['balancer drain node1', 'balancer drain node1', 'balancer resume node1']);
    expect(lb.states.get('node1')).toBe('ready');
  });

  it('a balancer that cannot be reached refuses the apply before anything changes; a server it does not list is restarted without a drain', async () => {
    const plan = withAccess(await planOn(cluster));
    const mark = cluster.journal.length;
    const down = await applyOn(cluster, plan, undefined, { openBalancer: async () => Promise.reject(new Error('connect ECONNREFUSED lb.example:9999')) });
    expect(down.report.status).toBe('refused');
    expect(down.report.reason).toBe('the load balancer cannot be reached to drain each server before its restart: connect ECONNREFUSED lb.example:9999');
    expect(cluster.changes(mark)).toEqual([]);
    // A server being added is not in the balancer yet: it gets no traffic, so no drain (grow-shrink's add plans).
    const short = new FakeBalancer(['node1', 'node3'], cluster.journal);
    const missing = await applyOn(cluster, plan, undefined, { openBalancer: async () => short });
    expect(missing.report.status, missing.report.reason ?? '').toBe('applied');
    expect(missing.report.nodes.find((n) => n.id === 'node2')!.steps.map((x) => x.step)).not.toContain('drain');
    expect(missing.report.nodes.find((n) => n.id === 'node1')!.steps.map((x) => x.step)).toContain('drain');
    expect(short.journal.filter((j) => j.startsWith('balancer') && j.includes('node2'))).toEqual([]);
    expect(short.closed).toBe(true);
  });

  it('a balancer whose library fails with a thrown value that is not an Error refuses the apply all the same, saying what it threw', async () => {
    const plan = withAccess(await planOn(cluster));
    const mark = cluster.journal.length;
    // Some libraries reject with a bare string or object: the refusal must still be a refusal, not a crash.
    const odd = Object.assign(new FakeBalancer(IDS, cluster.journal), { members: () => Promise.reject('the runtime socket closed') });
    const { report } = await applyOn(cluster, plan, undefined, { openBalancer: async () => odd });
    expect(report.status).toBe('refused');
    expect(report.reason).toBe('the runtime socket closed');
    expect(cluster.changes(mark)).toEqual([]);
    expect(odd.closed).toBe(true);
  });

  it('without access in the profile, the balancer is never opened and apply runs as before', async () => {
    const plan = await planOn(cluster);
    let opened = 0;
    const { report } = await applyOn(cluster, plan, undefined, { openBalancer: async () => (opened++, lb) });
    expect(report.status).toBe('applied');
    expect(opened).toBe(0);
    expect(report.nodes.flatMap((n) => n.steps.map((s) => s.step))).not.toContain('drain');
    expect(plan.manualSteps.find((s) => s.title.startsWith('Configure the'))!.detail).toMatch(/some requests may fail during each restart; with access to the balancer in the profile the wizard would take each server out of rotation first\.$/);
  });
});
