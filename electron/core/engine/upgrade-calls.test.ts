/**
 * The upgrade calls through the real dispatcher, the real runner and a real reports folder, over the
 * in-memory cluster (testing/fake-upgrade.ts) in place of SSH, the database and /health: the plan kept by
 * id only when the preflight lets it, the run streaming its steps and ending with its report written as
 * HTML and JSON and marked in the history, a secret in an installer's output masked everywhere.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract';
import type { UpgradeEvent, UpgradeReport } from '../../shared/upgrade-schema';
import { SecretResolver } from '../secrets';
import { ReportsFolder } from '../reports/reports-folder';
import { FakeUpgradeCluster } from '../upgrade/testing/fake-upgrade';
import { fakeUpgradeEngine } from '../upgrade/testing/fake-upgrade-engine';
import { dispatch, type Handlers } from './dispatcher';
import { upgradeCalls } from './upgrade-calls';

const IDS = ['node1', 'node2', 'node3'];
const SECRET = 'Hunter2-db-pw';
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

async function rig(o: { failPreflight?: boolean } = {}) {
  const cluster = new FakeUpgradeCluster(IDS, '2025.14');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upgrade-calls-'));
  dirs.push(dir);
  const events: { name: EventName; payload: unknown }[] = [];
  const history: string[] = [];
  const built: string[] = [];
  const engine = fakeUpgradeEngine(cluster, { built, ...o });
  const handlers = upgradeCalls({
    emit: (name, payload) => void events.push({ name, payload }),
    resolver: (i) => {
      const r = new SecretResolver({ resolve: async () => 'unused' });
      for (const v of Object.values(i.secrets)) r.redactor.add(v);
      return r;
    },
    settings: () => ({ connectTimeoutMs: 1000, checkTimeoutMs: 1000, knownHostsPath: '' }),
    reports: new ReportsFolder(dir), version: () => 'test', lock: () => ({ owner: { user: 'u', host: 'h', pid: 1, tool: 't' } }),
    record: (_p, text) => void history.push(text), engine,
  }) as unknown as Handlers;
  return { cluster, handlers, events, history, built, dir };
}

const until = async (f: () => boolean) => { for (let i = 0; i < 400 && !f(); i++) await new Promise((r) => setTimeout(r, 5)); };

describe('upgrade.plan', () => {
  it('keeps the plan under an upgrade id when every preflight item passes', async () => {
    const r = await rig();
    const profile = r.cluster.profile();
    const out = await dispatch(r.handlers, 'upgrade.plan', { profile, to: '2026.1', backupDir: '/backups' });
    expect(out.ok).toBe(true);
    const v = (out as { value: { planId: string; plan: { steps: unknown[] } } }).value;
    expect(v.planId).toMatch(/^upgrade-/);
    expect(v.plan.steps.length).toBeGreaterThan(10);
    expect(r.built).toEqual(['2025.14->2026.1']);
  });

  it('answers the preflight without a plan when an item fails; nothing is kept to start', async () => {
    const r = await rig({ failPreflight: true });
    const out = await dispatch(r.handlers, 'upgrade.plan', { profile: r.cluster.profile(), to: '2026.1', backupDir: '/backups' });
    expect(out).toMatchObject({ ok: true, value: { planId: null, plan: null, preflight: [{ id: 'versions', status: 'fail' }] } });
    expect(r.built).toEqual([]);
  });
});

describe('upgrade.start', () => {
  it('runs the kept plan: events per step, then the report, written as HTML and JSON and marked in the history', async () => {
    const r = await rig();
    const planned = await dispatch(r.handlers, 'upgrade.plan', { profile: r.cluster.profile(), to: '2026.1', backupDir: '/backups' });
    const planId = (planned as { value: { planId: string } }).value.planId;
    const started = await dispatch(r.handlers, 'upgrade.start', { runId: 'run-1', planId });
    expect(started).toEqual({ ok: true, value: { started: true } });
    await until(() => r.events.some((e) => e.name === 'upgrade.done'));
    const done = r.events.find((e) => e.name === 'upgrade.done')!.payload as { ok: true; report: UpgradeReport; reportPath: string };
    expect(done.ok).toBe(true);
    expect(done.report.status).toBe('upgraded');
    expect(r.cluster.servers.every((s) => s.version === '2026.1')).toBe(true);
    expect(r.events.filter((e) => e.name === 'upgrade.event').length).toBeGreaterThan(30);
    expect(done.reportPath).toMatch(/-upgrade\.html$/);
    const html = await fs.readFile(done.reportPath, 'utf8');
    expect(html).toContain('Upgraded: every server runs 2026.1');
    const json = JSON.parse(await fs.readFile(done.reportPath.replace(/\.html$/, '.json'), 'utf8')) as { kind: string; report: UpgradeReport };
    expect(json.kind).toBe('upgrade');
    expect(json.report.status).toBe('upgraded');
    expect((await new ReportsFolder(r.dir).list()).map((k) => k.kind)).toEqual(['upgrade']);
    expect(r.history).toEqual(['Upgraded from 2025.14 to 2026.1 (coordinated, 3 servers).']);
  });

  it("masks the call's secrets in the events, the report and the history", async () => {
    const r = await rig();
    const upgraders = r.cluster.upgraders();
    const n2 = upgraders.get('node2')!;
    // An installer that echoes the database password in its output, and fails.
    const install = n2.install.bind(n2);
    n2.install = async (v) => (v === '2026.1' ? { exitCode: 1, output: `login failed for password=${SECRET}` } : install(v));
    const profile = r.cluster.profile();
    const planned = await dispatch(r.handlers, 'upgrade.plan', { profile, to: '2026.1', backupDir: '/backups', secrets: { 'db-password': SECRET } });
    const planId = (planned as { value: { planId: string } }).value.planId;
    r.cluster.upgraders = () => upgraders;
    await dispatch(r.handlers, 'upgrade.start', { runId: 'run-2', planId, secrets: { 'db-password': SECRET } });
    await until(() => r.events.some((e) => e.name === 'upgrade.done'));
    const done = r.events.find((e) => e.name === 'upgrade.done')!.payload as { report: UpgradeReport; reportPath: string };
    expect(done.report.status).toBe('rolled-back');
    const failed = r.events.map((e) => e.payload as { event?: UpgradeEvent }).find((p) => p.event?.type === 'upgrade-step' && p.event.status === 'failed');
    expect(failed?.event).toMatchObject({ stepId: 'install:node2' });
    const everything = JSON.stringify(r.events) + (await fs.readFile(done.reportPath, 'utf8')) + r.history.join('\n');
    expect(everything).toContain('login failed for password=');
    expect(everything).not.toContain(SECRET);
  });

  it('refuses a plan id it does not keep', async () => {
    const r = await rig();
    const out = await dispatch(r.handlers, 'upgrade.start', { runId: 'run-3', planId: 'upgrade-nope' });
    expect(out).toMatchObject({ ok: false, error: { kind: 'refused' } });
  });
});
