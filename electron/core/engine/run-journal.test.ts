/**
 * Runs read back by id (`run.get`, `run.list`): a window that was reloaded mid-Apply or mid-check gets
 * every event sent so far, in order, and the outcome once there is one; kept until dismissed, and a run
 * still going on is never forgotten to make room.
 */
import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../shared/apply-schema';
import { KEPT_RUNS } from '../../shared/contract';
import { randomPassword } from '../../shared/testing/hostile-passwords';
import { seededRandom } from '../../shared/testing/seeded-random';
import { RunJournal } from './run-records';
import { PROFILE, fakePlan, fakeService } from './testing/service-fakes';

const REPORT = { status: 'applied' as const, reason: null, nodes: [], settings: [], manualSteps: [], startedAt: '2026-11-30T10:00:00.000Z', finishedAt: '2026-11-30T10:00:05.000Z' };

describe('run.get over a real service', () => {
  it('an apply under way is read back with its events so far, then with its outcome', async () => {
    let release: () => void = () => undefined;
    const { service, rec } = fakeService({
      createPlan: async () => fakePlan('h'),
      applyPlan: async ({ onEvent }) => {
        const events: ApplyEvent[] = [
          { type: 'apply-step', nodeId: 'n1', step: 'backup', status: 'started', detail: '' },
          { type: 'apply-log', level: 'info', message: 'n1: backed up' },
          { type: 'apply-step', nodeId: 'n1', step: 'backup', status: 'done', detail: '/backup/1' },
        ];
        for (const e of events) onEvent?.(e);
        await new Promise<void>((r) => { release = r; });
        return REPORT;
      },
    });
    const plan = await service.call('plan.create', { profile: PROFILE });
    if (!plan.ok) throw new Error('plan expected');
    await service.call('apply.start', { runId: 'a1', planId: plan.value.planId });

    const during = await service.call('run.get', { id: 'a1' });
    expect(during).toEqual({ ok: true, value: { run: { kind: 'apply', runId: 'a1', planId: plan.value.planId, startedAt: expect.any(String), events: expect.any(Array), done: null } } });
    if (!during.ok || during.value.run?.kind !== 'apply') throw new Error('apply run expected');
    // The very events the window received, in the order it received them.
    expect(during.value.run.events).toEqual(rec.events.filter((e) => e.name === 'apply.event').map((e) => (e.payload as { event: ApplyEvent }).event));
    expect(await service.call('run.list', {})).toEqual({ ok: true, value: [{ kind: 'apply', runId: 'a1', startedAt: expect.any(String), running: true }] });

    release();
    await rec.next('apply.done', 'a1');
    const after = await service.call('run.get', { id: 'a1' });
    expect(after.ok && after.value.run?.done).toEqual({ ok: true, report: REPORT });
    expect(await service.call('run.list', {})).toMatchObject({ ok: true, value: [{ runId: 'a1', running: false }] });

    expect(await service.call('run.dismiss', { id: 'a1' })).toEqual({ ok: true, value: { dismissed: true } });
    expect(await service.call('run.get', { id: 'a1' })).toEqual({ ok: true, value: { run: null } });
  });

  it('a failed check run is read back with its reason, its secrets masked', async () => {
    const rnd = seededRandom(11);
    for (let i = 0; i < 50; i++) {
      const secret = randomPassword(rnd);
      const { service, rec } = fakeService({
        runChecks: async ({ onEvent, secrets }) => {
          onEvent?.({ type: 'check-started', id: 'server.login', target: 'n1' });
          await secrets.resolve({ prompt: 'ssh:n1' }, 'the SSH password');
          throw new Error(`login failed with ${secret}`);
        },
      });
      await service.call('checks.run', { runId: `c${i}`, profile: PROFILE, secrets: { 'ssh:n1': secret } });
      await rec.next('checks.done', `c${i}`);
      const r = await service.call('run.get', { id: `c${i}` });
      if (!r.ok || r.value.run?.kind !== 'checks') throw new Error('checks run expected');
      expect(r.value.run.events).toEqual([{ type: 'check-started', id: 'server.login', target: 'n1' }]);
      expect(r.value.run.done).toEqual({ ok: false, error: expect.stringMatching(/^login failed with /) });
      expect(JSON.stringify(r)).not.toContain(secret);
    }
  });
});

describe('RunJournal', () => {
  it('forgets the oldest finished runs past its limit, never one still running', () => {
    const j = new RunJournal(KEPT_RUNS);
    j.begin({ kind: 'apply', runId: 'long', planId: 'plan-1' });
    for (let i = 0; i < KEPT_RUNS + 5; i++) {
      j.begin({ kind: 'checks', runId: `c${i}` });
      j.checksDone(`c${i}`, { ok: false, error: 'x' });
    }
    expect(j.get('long')).toMatchObject({ done: null });
    expect(j.get('c0')).toBeNull();
    expect(j.get(`c${KEPT_RUNS + 4}`)).not.toBeNull();
    expect(j.list().filter((r) => !r.running)).toHaveLength(KEPT_RUNS);
  });

  it('takes no event after the outcome, nor an event of the other kind', () => {
    const j = new RunJournal(5);
    j.begin({ kind: 'checks', runId: 'c' });
    j.applyEvent('c', { type: 'apply-log', level: 'info', message: 'not mine' });
    j.checksDone('c', { ok: false, error: 'stopped' });
    j.checkEvent('c', { type: 'check-started', id: 'x', target: 'n1' });
    expect(j.get('c')).toMatchObject({ events: [], done: { ok: false, error: 'stopped' } });
  });
});
