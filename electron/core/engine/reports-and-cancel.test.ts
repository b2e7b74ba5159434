/**
 * The service's reports folder and cancellation, over fake engine functions (no network): every check
 * run and apply leaves its report files (the secret the admin typed in none of them), the list and the
 * folder are answered, Apply's report can be saved, and checks.cancel ends a run at once as cancelled.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, EventName, EventPayload } from '../../shared/contract';
import { DEFAULT_SETTINGS } from '../run/engine-settings';
import { REAL_ENGINE, type EngineDeps } from './engine-deps';
import { CheckRunCancelledError, type CheckRunOutput } from './check-run';
import { PROFILE, fakeHost, fakePlan } from './testing/service-fakes';
import { WizardService } from './wizard-service';

const SECRET = 'Typed-S3cret!pw';
let dir: string;

beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ha-svc-reports-')); });
afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

function serviceWith(deps: Partial<EngineDeps>) {
  const events: { name: EventName; payload: unknown }[] = [];
  const saved: CallInput<'file.save'>[] = [];
  const opened: string[] = [];
  const refuse = () => Promise.reject(new Error('no fake'));
  const host = { ...fakeHost(saved), reportsDir: path.join(dir, 'reports'), openPath: async (p: string) => { opened.push(p); return { opened: true }; } };
  const service = new WizardService(host, <E extends EventName>(name: E, payload: EventPayload<E>) => void events.push({ name, payload }),
    { ...DEFAULT_SETTINGS, knownHostsPath: '' }, { runChecks: refuse, createPlan: refuse, applyPlan: refuse, healthWatcher: () => ({ watch: refuse }), newPlanId: REAL_ENGINE.newPlanId, ...deps });
  const next = async (name: EventName, runId: string) => {
    for (let i = 0; i < 200; i++) {
      const e = events.find((x) => x.name === name && (x.payload as { runId: string }).runId === runId);
      if (e) return e.payload;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no ${name} for ${runId}`);
  };
  return { service, saved, opened, next };
}

/** A check run whose result texts carry the secret, as a careless check might: the report must mask it. */
const leakyChecks: EngineDeps['runChecks'] = async ({ secrets }) => {
  const pw = await secrets.resolve({ prompt: 'db' }, 'database password');
  return {
    results: [{ id: 'database.login', title: 'Database login', area: 'database', target: 'cluster', status: 'fail', detail: `login failed with ${pw}`, remedy: `Check the password ${pw}`, durationMs: 3 }],
    summary: { pass: 0, warn: 0, fail: 1, skip: 0 }, startedAt: new Date('2026-11-30T10:00:00Z'), finishedAt: new Date('2026-11-30T10:00:02Z'), handshakes: {}, inventory: [],
  } satisfies CheckRunOutput;
};

async function allFiles(folder: string): Promise<string[]> {
  return (await fs.readdir(folder)).map((f) => path.join(folder, f));
}

describe('reports kept in the reports folder', () => {
  it('a check run and an apply each leave HTML and JSON, with no secret, listed newest first', async () => {
    const { service, next, saved } = serviceWith({
      runChecks: leakyChecks,
      createPlan: async () => fakePlan('h'),
      applyPlan: async ({ secrets }) => {
        const pw = await secrets.resolve({ prompt: 'db' }, 'database password');
        return { status: 'applied', reason: null, nodes: [{ id: 'n1', result: 'changed', backupPath: '/etc/proget.env.bak', steps: [{ step: 'write', status: 'done', detail: `wrote with ${pw}` }], manual: null }], settings: [], manualSteps: [], startedAt: '2026-11-30T11:00:00.000Z', finishedAt: '2026-11-30T11:00:05.000Z' };
      },
    });
    const secrets = { db: SECRET, 'ssh:n1': SECRET };
    await service.call('checks.run', { runId: 'c1', profile: PROFILE, secrets });
    expect(await next('checks.done', 'c1')).toMatchObject({ ok: true });
    const plan = await service.call('plan.create', { profile: PROFILE, secrets });
    if (!plan.ok) throw new Error(plan.error.message);
    await service.call('apply.start', { runId: 'a1', planId: plan.value.planId, secrets });
    expect(await next('apply.done', 'a1')).toMatchObject({ ok: true });

    const files = await allFiles(path.join(dir, 'reports'));
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      '2026-11-30T10-00-02-000Z-checks.html', '2026-11-30T10-00-02-000Z-checks.json', '2026-11-30T11-00-05-000Z-apply.html', '2026-11-30T11-00-05-000Z-apply.json',
    ]);
    for (const f of files) expect(await fs.readFile(f, 'utf8'), f).not.toContain(SECRET);

    const list = await service.call('reports.list', {});
    expect(list).toEqual({ ok: true, value: { folder: path.join(dir, 'reports'), kept: 100, runs: [
      { id: '2026-11-30T11-00-05-000Z-apply', kind: 'apply', at: '2026-11-30T11:00:05.000Z', summary: 'Applied: 1 of 1 servers changed' },
      { id: '2026-11-30T10-00-02-000Z-checks', kind: 'checks', at: '2026-11-30T10:00:02.000Z', summary: 'Not ready: 0 passed, 0 warnings, 1 failed, 0 skipped' },
    ] } });

    // Apply's own Save report, as HTML and JSON, masked too.
    expect(await service.call('report.save', { of: 'apply', runId: 'a1', format: 'html' })).toMatchObject({ ok: true, value: { saved: true } });
    expect(await service.call('report.save', { of: 'apply', runId: 'a1', format: 'json' })).toMatchObject({ ok: true });
    expect(saved.map((s) => s.suggestedName)).toEqual(['ha-wizard-apply-2026-11-30T11-00-05-000Z.html', 'ha-wizard-apply-2026-11-30T11-00-05-000Z.json']);
    for (const s of saved) expect(s.content).not.toContain(SECRET);
    expect(JSON.parse(saved[1]!.content)).toMatchObject({ status: 'applied', nodes: [{ id: 'n1', result: 'changed' }] });
    expect(await service.call('report.save', { of: 'apply', runId: 'a-never', format: 'html' })).toMatchObject({ ok: false, error: { kind: 'refused' } });
  });

  it('opens the folder and a kept report, nothing else', async () => {
    const { service, next, opened } = serviceWith({ runChecks: leakyChecks });
    expect(await service.call('reports.openFolder', {})).toEqual({ ok: true, value: { opened: true } });
    await service.call('checks.run', { runId: 'c1', profile: PROFILE, secrets: { db: SECRET } });
    await next('checks.done', 'c1');
    expect(await service.call('reports.open', { id: '2026-11-30T10-00-02-000Z-checks' })).toEqual({ ok: true, value: { opened: true } });
    expect(opened).toEqual([path.join(dir, 'reports'), path.join(dir, 'reports', '2026-11-30T10-00-02-000Z-checks.html')]);
    expect(await service.call('reports.open', { id: '2026-11-30T10-00-02-000Z-apply' })).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(await service.call('reports.open', { id: '../../etc/passwd' })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(opened).toHaveLength(2);
  });

  it('a reports folder that cannot be written does not fail the run', async () => {
    await fs.writeFile(path.join(dir, 'reports'), 'a file where the folder should be');
    const { service, next } = serviceWith({ runChecks: leakyChecks });
    await service.call('checks.run', { runId: 'c1', profile: PROFILE, secrets: { db: SECRET } });
    expect(await next('checks.done', 'c1')).toMatchObject({ ok: true });
    expect(service.reportsFolderError).toMatch(/EEXIST|ENOTDIR/);
  });
});

describe('checks.cancel', () => {
  it('aborts the run it names: checks.done says cancelled; an unknown or finished run is not cancelled', async () => {
    let signal: AbortSignal | undefined;
    const { service, next } = serviceWith({
      runChecks: (input) => new Promise((_resolve, reject) => {
        signal = input.signal;
        input.signal?.addEventListener('abort', () => reject(new CheckRunCancelledError()));
      }),
    });
    await service.call('checks.run', { runId: 'c1', profile: PROFILE });
    expect(signal?.aborted).toBe(false);
    expect(await service.call('checks.cancel', { runId: 'c-other' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await service.call('checks.cancel', { runId: 'c1' })).toEqual({ ok: true, value: { cancelled: true } });
    expect(signal?.aborted).toBe(true);
    expect(await next('checks.done', 'c1')).toEqual({ runId: 'c1', ok: false, cancelled: true, error: expect.stringMatching(/cancelled/) });
    expect(await service.call('checks.cancel', { runId: 'c1' })).toEqual({ ok: true, value: { cancelled: false } });
  });
});
