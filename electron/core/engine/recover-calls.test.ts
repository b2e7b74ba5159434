/**
 * The app's side of an apply cut short, through the service's own calls, on a fake cluster (no lab): a
 * real apply killed mid-way leaves its journal in the app's journal folder; recover.status says what was
 * cut short; apply.start is refused while it is open; recover.start rolls back or finishes, its steps as
 * apply.event and its outcome as apply.done. And the app's own apply writes the journal and holds the
 * cluster lock: a second service against the same cluster is refused, naming the first by name.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCluster } from '../apply/testing/fake-nodes';
import { applyOn, planOn, secretsFor, threeNodes } from '../apply/testing/fake-run';
import { type ApplyJournal, FileJournal, readOpenJournal } from '../apply/journal';
import { sha256 } from '../apply/masked-diff';
import { DEFAULT_SETTINGS } from '../run/engine-settings';
import type { EventName, EventPayload } from '../../shared/contract';
import { REAL_ENGINE } from './engine-deps';
import { fakeHost } from './testing/service-fakes';
import { WizardService } from './wizard-service';
import { CUT_SHORT_REFUSAL, ROLLED_BACK_REASON } from './recover-calls';
import { lockPathFor } from '../apply/cluster-lock';

let cluster: FakeCluster;
let dirs: string[];
beforeEach(async () => {
  cluster = await FakeCluster.start(threeNodes());
  dirs = [];
});
afterEach(async () => {
  await cluster.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-wizard-recover-calls-'));
  dirs.push(d);
  return d;
};

/** A service as the app runs it (its journal folder given by the host), over the fake cluster. */
function appService(journalDir: string) {
  const events: { name: EventName; payload: unknown }[] = [];
  const host = { ...fakeHost([]), journalDir };
  const service = new WizardService(host, <E extends EventName>(name: E, payload: EventPayload<E>) => void events.push({ name, payload }),
    { ...DEFAULT_SETTINGS, knownHostsPath: '' },
    { ...REAL_ENGINE, createPlan: () => planOn(cluster), openContext: (p, s) => cluster.openContext(p, s, secretsFor(cluster)) });
  const done = async (runId: string) => {
    for (let i = 0; i < 600; i++) {
      const e = events.find((x) => x.name === 'apply.done' && (x.payload as { runId: string }).runId === runId);
      if (e) return e.payload as EventPayload<'apply.done'>;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no apply.done for ${runId}`);
  };
  const stepsOf = (runId: string) => events.filter((x) => x.name === 'apply.event' && (x.payload as { runId: string }).runId === runId)
    .map((x) => (x.payload as EventPayload<'apply.event'>).event).flatMap((e) => (e.type === 'apply-step' ? [`${e.nodeId} ${e.step} ${e.status}`] : []));
  return { service, done, stepsOf };
}

/** A real apply whose journal stops dead at record k (a SIGKILL: nothing after it runs). */
async function killedApply(dir: string, k: number): Promise<void> {
  const plan = await planOn(cluster);
  const inner = FileJournal.for(dir, plan.profile);
  let n = 0;
  let hit!: () => void;
  const killed = new Promise<'killed'>((r) => (hit = () => r('killed')));
  const gate = () => (n++ < k ? false : (hit(), true));
  const dead = () => new Promise<never>(() => undefined);
  const journal: ApplyJournal = { identity: inner.identity, append: (r) => (gate() ? dead() : inner.append(r)), end: (s, d) => (gate() ? dead() : inner.end(s, d)) };
  expect(await Promise.race([killed, applyOn(cluster, plan, undefined, { journal }).then((r) => r.report.status)])).toBe('killed');
}

const profile = () => cluster.profile();

describe('recover.status and recover.start after an apply killed mid-way (node2 being written)', () => {
  it('says what was cut short in words, refuses another apply, and rolls back every node byte for byte, with progress', async () => {
    const dir = tmp();
    const originals = new Map(cluster.nodes.map((n) => [n.id, n.config()!]));
    await killedApply(dir, 1 + 8 + 3);
    const app = appService(dir);

    const status = await app.service.call('recover.status', { profile: profile() });
    expect(status.ok).toBe(true);
    const s = status.ok ? status.value! : null;
    expect(s!.headline).toBe('An apply to this cluster was cut short (the wizard was closed or lost its connection) while writing the new settings file on node2.');
    expect(s!.servers.map((x) => [x.id, x.changed, x.state])).toEqual([
      ['node1', true, 'has its new settings file, was restarted and is healthy'],
      ['node2', true, 'may have its new settings file, and was not restarted'],
    ]);
    expect(s!.rollback[0]).toMatch(/^node2: put back its settings file from the backup \/srv\/node2\/proget\.env\.ha-wizard-\d{8}T\d{6}Z\.bak/);
    expect(s!.finish[0]).toBe('Restart node2, where the new settings file is in place, and wait until each reports healthy.');

    const plan = await app.service.call('plan.create', { profile: profile() });
    expect(plan.ok).toBe(true);
    const refused = await app.service.call('apply.start', { runId: 'r-apply', planId: plan.ok ? plan.value.planId : 'plan-x' });
    expect(refused).toEqual({ ok: false, error: { kind: 'refused', message: CUT_SHORT_REFUSAL } });

    expect((await app.service.call('recover.start', { runId: 'r-back', profile: profile(), action: 'rollback' })).ok).toBe(true);
    const done = await app.done('r-back');
    expect(done.ok && done.report.status, JSON.stringify(done)).toBe('rolled-back');
    expect(done.ok && done.report.nodes.map((n) => [n.id, n.result])).toEqual([['node2', 'restored'], ['node1', 'restored']]);
    for (const n of cluster.nodes) {
      expect(n.config()!.equals(originals.get(n.id)!), `${n.id} has its original file`).toBe(true);
      expect(n.runningHealth()!.status, `${n.id} is healthy`).toBe(200);
    }
    expect(app.stepsOf('r-back')).toEqual(['node2 rollback started', 'node2 rollback done', 'node1 rollback started', 'node1 rollback done']);
    expect(await app.service.call('recover.status', { profile: profile() })).toEqual({ ok: true, value: null });
    // And now an apply is allowed again.
    const again = await app.service.call('plan.create', { profile: profile() });
    expect((await app.service.call('apply.start', { runId: 'r-apply2', planId: again.ok ? again.value.planId : 'plan-x' })).ok).toBe(true);
    expect((await app.done('r-apply2')).ok).toBe(true);
  });

  it('finishes with the plan the admin reviewed: the half-done node restarted, then the rest applied, as an uninterrupted apply leaves it', async () => {
    const clean = await FakeCluster.start(threeNodes());
    const { report } = await applyOn(clean, await planOn(clean));
    expect(report.status).toBe('applied');
    const planned = new Map(clean.nodes.map((n) => [n.id, sha256(n.config()!)]));
    await clean.stop();

    const dir = tmp();
    await killedApply(dir, 1 + 8 + 3);
    const app = appService(dir);
    expect(await app.service.call('recover.start', { runId: 'r-fin', profile: profile(), action: 'finish' })).toEqual({ ok: false, error: { kind: 'refused', message: 'Finishing needs the new plan you reviewed: make the plan again.' } });
    const plan = await app.service.call('plan.create', { profile: profile() });
    expect((await app.service.call('recover.start', { runId: 'r-fin', profile: profile(), action: 'finish', planId: plan.ok ? plan.value.planId : 'plan-x' })).ok).toBe(true);
    const done = await app.done('r-fin');
    expect(done.ok && done.report.status, JSON.stringify(done)).toBe('applied');
    expect(app.stepsOf('r-fin').slice(0, 2)).toEqual(['node2 restart started', 'node2 wait-healthy done']);
    for (const n of cluster.nodes) expect(sha256(n.config()!), `${n.id} as planned`).toBe(planned.get(n.id));
    expect(await readOpenJournal(dir, profile())).toBeNull();
  });

  it('killed after the settings were set: Roll back says it sets them back to their old values, does so, and reports each', async () => {
    const dir = tmp();
    await killedApply(dir, 1 + 3 * 8 + 4); // both settings set, the end record never written
    const app = appService(dir);
    const status = await app.service.call('recover.status', { profile: profile() });
    const s = status.ok ? status.value! : null;
    expect(s!.settings).toEqual(['Storage.PackagesRootPath', 'Web.BaseUrl']);
    expect(s!.rollback.slice(-2)).toEqual([
      'Set the product setting Web.BaseUrl back to empty (it had no value), its value before the apply, and check that it reads back so.',
      'Set the product setting Storage.PackagesRootPath back to "/var/proget/packages", its value before the apply, and check that it reads back so.',
    ]);
    expect((await app.service.call('recover.start', { runId: 'r-set', profile: profile(), action: 'rollback' })).ok).toBe(true);
    const done = await app.done('r-set');
    expect(done.ok && done.report.status, JSON.stringify(done)).toBe('rolled-back');
    expect(done.ok && done.report.settings).toEqual([
      { name: 'Web.BaseUrl', status: 'restored', detail: 'back to empty (it had no value) (through node1)' },
      { name: 'Storage.PackagesRootPath', status: 'restored', detail: 'back to "/var/proget/packages" (through node1)' },
    ]);
    expect(done.ok && done.report.manualSteps).toEqual([]);
    expect(app.stepsOf('r-set').slice(-4)).toEqual(['null settings started', 'null settings done', 'null settings started', 'null settings done']);
    expect(cluster.settings.values.get('Storage.PackagesRootPath')).toBe('/var/proget/packages');
  });

  it('a setting the settings API will not set back: the run says so once, as a setting left by hand', async () => {
    const dir = tmp();
    await killedApply(dir, 1 + 3 * 8 + 4);
    const sets = cluster.settings.sets;
    for (const i of [1, 2, 3]) cluster.settings.failingSets.add(sets + i);
    const app = appService(dir);
    expect((await app.service.call('recover.start', { runId: 'r-left', profile: profile(), action: 'rollback' })).ok).toBe(true);
    const done = await app.done('r-left');
    expect(done.ok && done.report.status).toBe('rollback-failed');
    expect(done.ok && done.report.settings.map((x) => [x.name, x.status])).toEqual([['Web.BaseUrl', 'restore-failed'], ['Storage.PackagesRootPath', 'restored']]);
    expect(done.ok && done.report.settings[0]!.detail).toMatch(/^set Web\.BaseUrl back to empty \(it had no value\) by hand in the product's Administration > Advanced Settings \(node1: /);
    expect(done.ok && done.report.manualSteps).toEqual([]);
  });

  it('a stale cluster lock left by the killed wizard: Roll back is refused naming it, without the CLI flag; with breakLock it rolls back and says it broke it', async () => {
    const dir = tmp();
    const originals = new Map(cluster.nodes.map((n) => [n.id, n.config()!]));
    await killedApply(dir, 1 + 8 + 3);
    // What a wizard killed mid-apply leaves on the first node: its lock, its process gone from this machine.
    const node1 = cluster.node('node1');
    const lock = lockPathFor(node1.configPath);
    const at = new Date().toISOString();
    const owner = { user: 'admin', host: os.hostname(), pid: 99999999, tool: 'HA Wizard 0.1.0' };
    node1.files.set(lock, { bytes: Buffer.from(JSON.stringify({ owner, since: at, heartbeat: at, token: 'killed' })), mode: 0o100600 });
    const app = appService(dir);

    expect((await app.service.call('recover.start', { runId: 'r-locked', profile: profile(), action: 'rollback' })).ok).toBe(true);
    const refused = await app.done('r-locked');
    expect(refused.ok && refused.report.status).toBe('refused');
    const words = `the cluster is locked by admin@${os.hostname()} (pid 99999999, HA Wizard 0.1.0) since ${at}, last heartbeat ${at} (${lock}), and the lock looks stale: its process 99999999 no longer runs on this machine`;
    expect(refused.ok && [refused.report.reason, refused.report.staleLock]).toEqual([words, words]);
    expect(node1.config()!.equals(originals.get('node1')!), 'refused: node1 still has its new file').toBe(false);

    expect((await app.service.call('recover.start', { runId: 'r-broke', profile: profile(), action: 'rollback', breakLock: true })).ok).toBe(true);
    const done = await app.done('r-broke');
    expect(done.ok && done.report.status, JSON.stringify(done)).toBe('rolled-back');
    expect(done.ok && [done.report.staleLock, done.report.reason]).toEqual([undefined, ROLLED_BACK_REASON]);
    expect(done.ok && done.report.manualSteps.map((m) => m.detail)).toEqual([expect.stringMatching(/^\(broke the stale lock of admin@.* \(its process 99999999 no longer runs on this machine\)\)$/)]);
    for (const n of cluster.nodes) expect(n.config()!.equals(originals.get(n.id)!), `${n.id} has its original file`).toBe(true);
    expect(node1.files.has(lock), 'the recovery removed its own lock').toBe(false);
    expect(await app.service.call('recover.status', { profile: profile() })).toEqual({ ok: true, value: null });
  });

  it('recover.start with nothing cut short is refused, saying so', async () => {
    const app = appService(tmp());
    expect(await app.service.call('recover.start', { runId: 'r', profile: profile(), action: 'rollback' })).toEqual({ ok: false, error: { kind: 'refused', message: 'No apply to this cluster was cut short: there is nothing to finish or roll back.' } });
  });
});

describe("the app's apply: journal and cluster lock", () => {
  it('writes its journal in the app folder while it runs, and does not offer to recover its own running apply; a second app on the same cluster is refused, naming the first and since when', async () => {
    const [dirA, dirB] = [tmp(), tmp()];
    const a = appService(dirA);
    const b = appService(dirB);
    const planA = await a.service.call('plan.create', { profile: profile() });
    const planB = await b.service.call('plan.create', { profile: profile() });
    // node1 answers "starting" for a few seconds after its restart: A holds the lock meanwhile.
    cluster.node('node1').slowStart = 3;
    expect((await a.service.call('apply.start', { runId: 'ra', planId: planA.ok ? planA.value.planId : 'plan-x' })).ok).toBe(true);
    for (let i = 0; i < 100 && !(await readOpenJournal(dirA, profile())); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await readOpenJournal(dirA, profile()), 'A journals its apply in its own folder').not.toBeNull();

    expect((await b.service.call('apply.start', { runId: 'rb', planId: planB.ok ? planB.value.planId : 'plan-x' })).ok).toBe(true);
    const refused = await b.done('rb');
    expect(refused.ok && refused.report.status).toBe('refused');
    const who = `${os.userInfo().username}@${os.hostname()} (pid ${process.pid}, HA Wizard 0.1.0)`;
    expect(refused.ok && refused.report.reason).toMatch(new RegExp(`^another wizard is changing this cluster: ${who.replace(/[.()]/g, '\\$&')} since \\d{4}-\\d\\d-\\d\\dT`));

    // A's own apply is under way, not cut short: a reloaded window asking must get no recovery offer.
    expect(await a.service.call('recover.status', { profile: profile() })).toEqual({ ok: true, value: null });
    const applied = await a.done('ra');
    expect(applied.ok && applied.report.status).toBe('applied');
    expect(await readOpenJournal(dirA, profile()), 'done: moved into the history').toBeNull();
    expect(fs.readdirSync(path.join(dirA, 'history'))).toHaveLength(1);
  });
});
