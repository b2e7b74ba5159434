/**
 * The service's history (issue 13): a watch's rounds feed the keeper, each event is sent as `health.event`,
 * `health.history` answers what was kept, an apply leaves an event, and the notification switch is kept.
 */
import { describe, expect, it } from 'vitest';
import { EVENTS } from '../../shared/contract';
import type { ClusterHealthSnapshot, NodeState } from '../../shared/health-snapshot';
import { ProfileSchema } from '../../shared/profile';
import { clusterKey } from '../health/history/cluster-key';
import { PROFILE, SNAPSHOT, fakeService } from './testing/service-fakes';
import { recordApply } from './history-calls';

const at = (state: NodeState): ClusterHealthSnapshot => ({
  ...SNAPSHOT, at: new Date().toISOString(),
  nodes: [{ ...SNAPSHOT.nodes[0]!, state, healthy: state === 'healthy', error: state === 'healthy' ? null : 'the service is stopped: the server answers over SSH, but http://10.0.0.1:8624 refuses connections (ECONNREFUSED)' }],
});
const KEY = clusterKey(ProfileSchema.parse(PROFILE));

describe('the history behind the contract', () => {
  it('a watch that sees n1 stop and start again: watch-started, node-down, node-back as health.event, and in health.history', async () => {
    const states: NodeState[] = ['healthy', 'healthy', 'service-stopped', 'service-stopped', 'healthy', 'healthy'];
    const { service, rec } = fakeService({
      healthWatcher: () => ({
        async watch(_ms, onSnapshot, signal) {
          for (const s of states) await onSnapshot(at(s));
          await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
        },
      }),
    });
    expect(await service.call('health.watch', { runId: 'w1', profile: PROFILE, intervalSeconds: 5 })).toEqual({ ok: true, value: { started: true } });
    await expect.poll(() => rec.events.filter((e) => e.name === 'health.event').length).toBe(3);
    const sent = rec.events.filter((e) => e.name === 'health.event').map((e) => e.payload as { cluster: string; event: { kind: string; node: string | null; text: string } });
    for (const p of sent) expect(EVENTS['health.event'].safeParse(p).success).toBe(true);
    expect(sent.map((p) => [p.cluster, p.event.kind, p.event.node])).toEqual([[KEY, 'watch-started', null], [KEY, 'node-down', 'n1'], [KEY, 'node-back', 'n1']]);
    expect(sent[1]!.event.text).toMatch(/^n1 went down \(service stopped\): its service is stopped: .*ECONNREFUSED/);

    const h = await service.call('health.history', { profile: PROFILE, hours: 1 });
    if (!h.ok) throw new Error(h.error.message);
    expect(h.value.cluster).toBe(KEY);
    expect(h.value.events.map((e) => e.kind)).toEqual(['watch-started', 'node-down', 'node-back']);
    expect(h.value.nodes.map((n) => n.id)).toEqual(['n1']);
    expect(h.value.nodes[0]!.buckets).toHaveLength(60);
    expect(h.value.nodes[0]!.buckets.at(-1)!.state).toBe('service-stopped');

    await service.call('health.stop', { runId: 'w1' });
    await expect.poll(async () => {
      const r = await service.call('health.history', { profile: PROFILE, hours: 1 });
      return r.ok ? r.value.events.at(-1)!.kind : null;
    }).toBe('watch-stopped');
  });

  it('an apply leaves an event in words', async () => {
    const { service, rec } = fakeService({});
    recordApply(service.history, ProfileSchema.parse(PROFILE), { status: 'applied', reason: null, nodes: [{ id: 'n1', result: 'changed', backupPath: null, steps: [], manual: null }], settings: [], manualSteps: [], startedAt: '', finishedAt: '' }, () => undefined);
    await expect.poll(() => rec.events.filter((e) => e.name === 'health.event').length).toBe(1);
    expect(rec.events[0]!.payload).toMatchObject({ cluster: KEY, event: { kind: 'apply', node: null, text: 'A change was applied to 1 server.' } });
  });

  it('the notification switch is off by default and is kept once set (in memory without a host store)', async () => {
    const { service } = fakeService({});
    expect(await service.call('settings.get', {})).toEqual({ ok: true, value: { notifications: false } });
    expect(await service.call('settings.set', { notifications: true })).toEqual({ ok: true, value: { notifications: true } });
    expect(await service.call('settings.get', {})).toEqual({ ok: true, value: { notifications: true } });
    expect((await service.call('settings.set', { notifications: 'yes' } as never)).ok).toBe(false);
  });
});
