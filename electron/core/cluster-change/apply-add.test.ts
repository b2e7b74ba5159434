import { describe, expect, it } from 'vitest';
import type { ApplyEvent, ApplyReport } from '../../shared/apply-schema';
import type { PlanWarning } from '../../shared/plan-schema';
import { takeAddedIntoRotation } from './apply-add';
import { ownDataReason } from './plan-add';
import { FakeBalancer } from './testing/fake-balancer';
import { clusterOf } from './testing/profiles';

const applied = (status: ApplyReport['status'] = 'applied'): ApplyReport => ({
  status, reason: null, nodes: [{ id: 'node3', result: 'changed', backupPath: '/etc/proget.env.bak', steps: [], manual: null }], settings: [], manualSteps: [], startedAt: 'a', finishedAt: 'b',
});
const grown = clusterOf(3);

describe('the added server and the balancer', () => {
  it('after a successful apply, the balancer gains it and it reads back ready', async () => {
    const lb = new FakeBalancer(['node1', 'node2']);
    const events: ApplyEvent[] = [];
    const r = await takeAddedIntoRotation(applied(), { nodeId: 'node3', grown }, async () => lb, (e) => { events.push(e); }, 1000);
    expect(r.status).toBe('applied');
    expect(lb.calls[0]).toBe('setMembers node1,node2,node3');
    expect(r.nodes[0]!.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['balancer:started', 'balancer:done']);
    expect(events).toHaveLength(2);
  });

  it('never touches the balancer when the apply did not succeed (the server is not healthy)', async () => {
    for (const status of ['refused', 'rolled-back', 'rollback-failed'] as const) {
      const lb = new FakeBalancer(['node1', 'node2']);
      const r = await takeAddedIntoRotation(applied(status), { nodeId: 'node3', grown }, async () => lb, () => undefined, 1000);
      expect(r.status).toBe(status);
      expect(lb.calls).toEqual([]);
    }
  });

  it('without access the plan\'s manual step stands and nothing is driven', async () => {
    const r = await takeAddedIntoRotation(applied(), { nodeId: 'node3', grown }, async () => null, () => undefined, 1000);
    expect(r).toEqual(applied());
  });

  it('a balancer that refuses leaves the server configured, says why and what to do by hand', async () => {
    const lb = new FakeBalancer(['node1', 'node2']);
    lb.failOn = 'setMembers';
    const r = await takeAddedIntoRotation(applied(), { nodeId: 'node3', grown }, async () => lb, () => undefined, 1000);
    expect(r.status).toBe('applied');
    expect(r.reason).toBe('node3 is configured and healthy, but the balancer did not take it: setMembers refused by the fake');
    expect(r.manualSteps.map((m) => m.title)).toEqual(['Add node3 to HAProxy']);
    expect(r.manualSteps[0]!.detail).toMatch(/^When node3 reports healthy:\nIn .*server node3 /s);
    expect(lb.calls).toContain('close');
  });
});

describe('a new server\'s own data, in words', () => {
  const db = (name: string) => ({ server: 'db:5432', name });
  it('names its own database and key, and nothing for another server\'s warnings', () => {
    const w: PlanWarning[] = [
      { kind: 'database-moved', nodeId: 'node3', host: 'h', currentDatabase: db('proget_node3'), sharedDatabase: db('proget') },
      { kind: 'key-replaced', nodeId: 'node3', host: 'h', currentFingerprint: 'SHA256:aaa', clusterFingerprint: 'SHA256:bbb' },
      { kind: 'database-moved', nodeId: 'node2', host: 'h', currentDatabase: db('x'), sharedDatabase: db('proget') },
    ];
    expect(ownDataReason('node3', w)).toBe('node3 already has data of its own: it uses a database of its own (proget_node3 on db:5432), not the cluster\'s (proget on db:5432); and it has an encryption key of its own (SHA256:aaa), not the cluster\'s (SHA256:bbb). Joining the cluster leaves that data behind (what it stored and encrypted is no longer seen). Add it anyway only if that data may be left behind.');
    expect(ownDataReason('node4', w)).toBeNull();
  });
});
