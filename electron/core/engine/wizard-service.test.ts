/**
 * The dispatcher and the service's run state, over small fakes of the engine functions (no network):
 * every call has a handler, input and output are held to the contract, errors are typed and masked,
 * plans are applied by id, reports are rendered from what was kept, and a failed health watch says so.
 */
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, EVENTS, KEPT_RUNS, type CallOutput } from '../../shared/contract';
import type { Plan } from '../../shared/plan-schema';
import { renderHtmlReport } from '../../shared/report/html-report';
import { randomPassword } from '../../shared/testing/hostile-passwords';
import { seededRandom } from '../../shared/testing/seeded-random';
import type { CheckRunOutput } from './check-run';
import type { Handlers } from './dispatcher';
import { PROFILE, SNAPSHOT, fakePlan, fakeService } from './testing/service-fakes';

const checksOutput = (): CheckRunOutput => ({
  results: [{ id: 'servers.ssh', title: 'SSH login', area: 'servers', target: 'n1', status: 'pass', detail: 'logged in', remedy: null, durationMs: 12 }],
  summary: { pass: 1, warn: 0, fail: 0, skip: 0 }, startedAt: new Date('2026-11-30T10:00:00Z'), finishedAt: new Date('2026-11-30T10:00:02Z'),
  handshakes: { n1: 1 }, inventory: [],
});

describe('the handler table', () => {
  it('has a handler for every call in the contract and nothing else', () => {
    const { service } = fakeService({});
    expect(service.handledCalls().sort()).toEqual([...CALL_NAMES].sort());
  });

  it('is checked by the compiler: a missing handler or a wrong output type does not compile', () => {
    const ok = async (): Promise<CallOutput<'app.info'>> => ({ version: '1', host: 'harness', secretStorage: 'memory-only', platform: 'linux' });
    // @ts-expect-error -- every call but one: the missing 'app.info' is a compile error
    const missing: Handlers = {} as Omit<Handlers, 'app.info'>;
    // @ts-expect-error -- app.info's handler answering something else is a compile error
    const wrong: Pick<Handlers, 'app.info'> = { 'app.info': async () => ({ version: 1 }) };
    expect([missing, wrong, ok]).toHaveLength(3);
  });
});

describe('input and output against the contract', () => {
  it('an unknown call and bad input are typed errors, not throws', async () => {
    const { service } = fakeService({});
    expect(await service.callFromWire('fs.readFile', {})).toEqual({ ok: false, error: { kind: 'unknown-call', message: 'unknown call fs.readFile' } });
    const r = await service.call('checks.run', { runId: 'has spaces', profile: PROFILE });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('invalid-input');
      expect(r.error.message).toMatch(/^checks\.run: invalid input: runId: /);
    }
  });

  it('input is read as the JSON it stands for, whatever the transport (IPC keeps undefined properties, a WebSocket drops them)', async () => {
    const { service } = fakeService({});
    const profile = { ...PROFILE, name: undefined, nodes: [{ ...PROFILE.nodes[0], port: undefined }] };
    expect(await service.call('profile.validate', { profile })).toEqual({ ok: true, value: { ok: true, problems: [] } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await service.callFromWire('profile.validate', { profile: cyclic })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('an answer that does not match the contract is an error, never passed through', async () => {
    const { service } = fakeService({}, () => ({ version: 7, host: 'elsewhere' }));
    const r = await service.call('app.info', {});
    expect(r).toEqual({ ok: false, error: { kind: 'invalid-output', message: expect.stringMatching(/^app\.info: the engine's answer does not match the contract: version: /) } });
  });

  it('an event that does not match the contract ends the run with an error', async () => {
    const bad = { ...checksOutput(), results: [{ ...checksOutput().results[0]!, status: 'maybe' as never }] };
    const { service, rec } = fakeService({ runChecks: async () => bad });
    expect(await service.call('checks.run', { runId: 'r1', profile: PROFILE })).toEqual({ ok: true, value: { started: true } });
    const done = await rec.next('checks.done', 'r1');
    expect(done).toEqual({ runId: 'r1', ok: false, error: expect.stringMatching(/checks\.done: the engine's event does not match the contract: output\.results\.0\.status/) });
    expect(EVENTS['checks.done'].safeParse(done).success).toBe(true);
  });
});

describe('secrets in errors', () => {
  it('a secret the caller sent never appears in an error, whatever it is and wherever the error came from (300 seeded passwords)', async () => {
    const next = seededRandom(1207);
    for (let i = 0; i < 300; i++) {
      const secret = randomPassword(next, 4, 40);
      const { service } = fakeService({
        // Half the failures come through the run's resolver (it knows the value), half do not.
        createPlan: async ({ secrets }) => {
          if (i % 2) await secrets.resolve({ prompt: 'db' }, 'database password');
          throw new Error(`login failed for proget with password '${secret}' (${JSON.stringify(secret)})`);
        },
      });
      const r = await service.call('plan.create', { profile: PROFILE, secrets: { db: secret } });
      if (r.ok) throw new Error('expected a failure');
      expect(r.error.kind).toBe('failed');
      expect(r.error.message, `seed 1207, case ${i}`).not.toContain(secret);
      expect(r.error.message).toContain('********');
    }
  });

  it('nor in a refused input', async () => {
    const secret = 'hunter2-very-secret';
    const { service } = fakeService({});
    const r = await service.callFromWire('plan.create', { profile: { ...PROFILE, version: secret }, secrets: { db: secret } });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain(secret);
  });
});

describe('the plan by id', () => {
  it('apply.start applies exactly the plan made under that id; an unknown id is refused', async () => {
    const applied: Plan[] = [];
    let n = 0;
    const { service, rec } = fakeService({
      createPlan: async () => fakePlan(`hash-${++n}`),
      applyPlan: async ({ plan }) => {
        applied.push(plan);
        return { status: 'applied', reason: null, nodes: [], settings: [], manualSteps: [], startedAt: '2026-11-30T10:00:00.000Z', finishedAt: '2026-11-30T10:00:05.000Z' };
      },
    });
    const first = await service.call('plan.create', { profile: PROFILE });
    const second = await service.call('plan.create', { profile: PROFILE });
    if (!first.ok || !second.ok) throw new Error('plans expected');
    expect(first.value.planId).not.toBe(second.value.planId);

    expect(await service.call('apply.start', { runId: 'a1', planId: first.value.planId })).toEqual({ ok: true, value: { started: true } });
    expect(await rec.next('apply.done', 'a1')).toMatchObject({ ok: true, report: { status: 'applied' } });
    expect(applied).toEqual([first.value.plan]);
    expect(applied[0]!.profileHash).toBe('hash-1');

    const unknown = await service.call('apply.start', { runId: 'a2', planId: 'plan-nobody-made-this' });
    expect(unknown).toEqual({ ok: false, error: { kind: 'refused', message: expect.stringMatching(/no plan plan-nobody-made-this/) } });
    expect(applied).toHaveLength(1);
  });

  it('keeps the newest plans only, and forgets a dismissed one', async () => {
    const { service } = fakeService({ createPlan: async () => fakePlan('h') });
    const ids: string[] = [];
    for (let i = 0; i <= KEPT_RUNS; i++) {
      const r = await service.call('plan.create', { profile: PROFILE });
      if (r.ok) ids.push(r.value.planId);
    }
    const save = (planId: string) => service.call('report.save', { of: 'plan', planId });
    expect((await save(ids[0]!)).ok).toBe(false);
    expect((await save(ids[1]!)).ok).toBe(true);
    expect(await service.call('run.dismiss', { id: ids[1]! })).toEqual({ ok: true, value: { dismissed: true } });
    expect(await save(ids[1]!)).toMatchObject({ ok: false, error: { kind: 'refused' } });
  });
});

describe('reports rendered by the engine', () => {
  it('report.save renders the kept run with the CLI’s renderer and saves it through the host', async () => {
    const { service, rec } = fakeService({ runChecks: async () => checksOutput() });
    await service.call('checks.run', { runId: 'c1', profile: PROFILE });
    const done = await rec.next('checks.done', 'c1');
    expect(done).toMatchObject({ ok: true, output: { startedAt: '2026-11-30T10:00:00.000Z', results: [{ id: 'servers.ssh' }] } });
    expect(await service.call('report.save', { of: 'checks', runId: 'c1', format: 'html' })).toEqual({ ok: true, value: { saved: true, path: '/downloads/ha-wizard-report.html' } });
    expect(await service.call('report.save', { of: 'checks', runId: 'c1', format: 'json' })).toMatchObject({ ok: true });
    const [html, json] = rec.saved;
    const report = JSON.parse(json!.content);
    expect(report).toMatchObject({ schema: 'ha-wizard/check-report@1', summary: { pass: 1, verdict: 'ready' }, cluster: { product: 'proget', nodes: [{ id: 'n1' }] } });
    expect(html).toEqual({ suggestedName: 'ha-wizard-report.html', kind: 'html', content: renderHtmlReport(report) });
    expect(await service.call('report.save', { of: 'checks', runId: 'c-never', format: 'html' })).toMatchObject({ ok: false, error: { kind: 'refused' } });
  });
});

describe('health watching', () => {
  it('a failed watch sends a typed failure event, its secret masked (not a snapshot of { error })', async () => {
    const { service, rec } = fakeService({
      healthWatcher: ({ secrets }) => ({
        async watch() {
          const pw = await secrets.resolve({ prompt: 'ssh:n1' }, 'SSH password');
          throw new Error(`ssh n1: authentication failed for admin:${pw}`);
        },
      }),
    });
    expect(await service.call('health.watch', { runId: 'h1', profile: PROFILE, secrets: { 'ssh:n1': 'pa55-word-x' }, intervalSeconds: 5 })).toEqual({ ok: true, value: { started: true } });
    const ev = await rec.next('health.snapshot', 'h1');
    expect(ev).toEqual({ runId: 'h1', ok: false, error: 'ssh n1: authentication failed for admin:********' });
    expect(EVENTS['health.snapshot'].safeParse(ev).success).toBe(true);
  });

  it('each snapshot is sent and kept for the health report', async () => {
    const { service, rec } = fakeService({ healthWatcher: () => ({ watch: async (_ms, onSnapshot) => void (await onSnapshot(SNAPSHOT)) }) });
    await service.call('health.watch', { runId: 'h2', profile: PROFILE, intervalSeconds: 5 });
    expect(await rec.next('health.snapshot', 'h2')).toEqual({ runId: 'h2', ok: true, snapshot: SNAPSHOT });
    expect(await service.call('report.save', { of: 'health', runId: 'h2', format: 'html' })).toEqual({ ok: true, value: { saved: true, path: '/downloads/ha-wizard-health-2026-11-24T23-00-00-000Z.html' } });
    expect(rec.saved[0]!.content).toMatch(/ProGet/);
  });
});
