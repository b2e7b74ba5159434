/**
 * The grow-and-shrink calls through the real dispatcher and run records, over fakes of the
 * cluster-change functions: an add plan is kept by id (with what its apply does next), a refusal is
 * answered as such, and a removal streams apply's events and one apply.done, its secrets masked.
 */
import { describe, expect, it } from 'vitest';
import { KEPT_RUNS, type EventName, type EventPayload } from '../../shared/contract';
import type { Plan } from '../../shared/plan-schema';
import { nodeId } from '../../shared/profile';
import { SecretResolver } from '../secrets';
import type { AddFollowUp } from '../cluster-change/apply-add';
import { clusterOf, testNode } from '../cluster-change/testing/profiles';
import { dispatch, type Handlers } from './dispatcher';
import { nodeChangeCalls, type NodeChangeEngine } from './node-change-calls';
import { RecentRecords, RunJournal } from './run-records';
import { fakePlan } from './testing/service-fakes';

function rig(engine: Partial<NodeChangeEngine>) {
  const events: { name: EventName; payload: unknown }[] = [];
  const plans = new RecentRecords<Plan>(KEPT_RUNS);
  const addFollowUps = new Map<string, AddFollowUp>();
  const journal = new RunJournal(KEPT_RUNS);
  const handlers = nodeChangeCalls({
    emit: <E extends EventName>(name: E, payload: EventPayload<E>) => { events.push({ name, payload }); },
    journal, plans, addFollowUps,
    resolver: (i) => resolverWith(i.secrets),
    settings: () => ({ connectTimeoutMs: 1000, checkTimeoutMs: 1000, knownHostsPath: '' }),
    version: () => 'test', newPlanId: () => 'plan-add-1', engine,
    lock: () => ({ owner: { user: 'ann', host: 'pc7', pid: 4, tool: 'HA Wizard test' } }),
  }) as unknown as Handlers;
  return { handlers, events, plans, addFollowUps, journal };
}
function resolverWith(values: Record<string, string>): SecretResolver {
  const r = new SecretResolver({ resolve: async () => 'unused' });
  for (const v of Object.values(values)) r.redactor.add(v);
  return r;
}
const profile = clusterOf(2);
const node = testNode(3);
const until = async (f: () => boolean) => { for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 5)); };

describe('node.planAdd', () => {
  it('keeps the plan under its id, with the server to take into rotation once applied', async () => {
    const plan = fakePlan('add');
    const { handlers, plans, addFollowUps } = rig({ planAdd: async (i) => ({ plan, refused: null, licenceNote: null, nodeId: nodeId(i.node), grown: { ...i.profile, nodes: [...i.profile.nodes, i.node] } }) });
    const r = await dispatch(handlers, 'node.planAdd', { profile, node });
    expect(r).toMatchObject({ ok: true, value: { planId: 'plan-add-1', refused: null } });
    expect(plans.get('plan-add-1')).toBe(plan);
    expect(addFollowUps.get('plan-add-1')!.nodeId).toBe('node3');
    expect(addFollowUps.get('plan-add-1')!.grown.nodes.map(nodeId)).toEqual(['node1', 'node2', 'node3']);
  });

  it('a server with data of its own is answered with the reason, and nothing is kept', async () => {
    const { handlers, plans } = rig({ planAdd: async (i) => ({ plan: null, refused: i.leaveDataBehind ? null : 'node3 already has data of its own', licenceNote: 'six', nodeId: 'node3', grown: i.profile }) });
    const r = await dispatch(handlers, 'node.planAdd', { profile, node });
    expect(r).toEqual({ ok: true, value: { planId: null, plan: null, refused: 'node3 already has data of its own', licenceNote: 'six' } });
    expect(plans.get('plan-add-1')).toBeUndefined();
  });
});

describe('node.remove', () => {
  it('streams apply events and one apply.done, the typed password masked everywhere', async () => {
    const secret = 'S3cret-typed-1';
    const { handlers, events, journal } = rig({
      removeNodeRun: async (i) => {
        await i.onEvent?.({ type: 'apply-step', nodeId: i.node, step: 'stop', status: 'done', detail: 'stopped' });
        return { status: 'applied', reason: `used ${secret}`, nodes: [], settings: [], manualSteps: [], startedAt: 'a', finishedAt: 'b' };
      },
    });
    const r = await dispatch(handlers, 'node.remove', { runId: 'rm-1', profile, node: 'node2', drainTimeoutSeconds: 0, secrets: { p: secret } });
    expect(r).toEqual({ ok: true, value: { started: true } });
    await until(() => events.some((e) => e.name === 'apply.done'));
    expect(events.map((e) => e.name)).toEqual(['apply.event', 'apply.done']);
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(journal.get('rm-1')?.done).toMatchObject({ ok: true });
  });

  it('runs the removal under the app\'s cluster lock', async () => {
    let lock: unknown = null;
    const { handlers, events } = rig({
      removeNodeRun: async (i) => {
        lock = i.lock;
        return { status: 'applied', reason: null, nodes: [], settings: [], manualSteps: [], startedAt: 'a', finishedAt: 'b' };
      },
    });
    await dispatch(handlers, 'node.remove', { runId: 'rm-2', profile, node: 'node2', drainTimeoutSeconds: 0, secrets: {} });
    await until(() => events.some((e) => e.name === 'apply.done'));
    expect(lock).toEqual({ owner: { user: 'ann', host: 'pc7', pid: 4, tool: 'HA Wizard test' } });
  });
});
