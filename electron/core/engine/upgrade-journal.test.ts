/**
 * An upgrade is kept like an apply (issue 14, a window reloaded mid-upgrade): over a real service, the real
 * dispatcher and the real upgrade runner on the in-memory cluster, `run.list` shows it running, `run.get`
 * gives the plan it runs and every event the window got so far, in order, then its outcome and report path;
 * it is kept until dismissed, and a failed run keeps its reason with the secrets masked.
 */
import { describe, expect, it } from 'vitest';
import type { UpgradeEvent } from '../../shared/upgrade-schema';
import { randomPassword } from '../../shared/testing/hostile-passwords';
import { seededRandom } from '../../shared/testing/seeded-random';
import { FakeUpgradeCluster } from '../upgrade/testing/fake-upgrade';
import { fakeUpgradeEngine } from '../upgrade/testing/fake-upgrade-engine';
import type { UpgradeEngine } from '../upgrade/upgrade-engine';
import type { SecretResolver } from '../secrets';
import { RunJournal } from './run-records';
import { fakeService } from './testing/service-fakes';

const IDS = ['node1', 'node2', 'node3'];

/** A service over the in-memory cluster whose node2 installer waits for `release` (the run stays under way). */
function rig(over: (base: Partial<UpgradeEngine>) => Partial<UpgradeEngine> = (b) => b) {
  const cluster = new FakeUpgradeCluster(IDS, '2025.14');
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => { release = r; });
  const upgraders = cluster.upgraders();
  const n2 = upgraders.get('node2')!;
  const install = n2.install.bind(n2);
  n2.install = async (v) => {
    await gate;
    return install(v);
  };
  cluster.upgraders = () => upgraders;
  const { service, rec } = fakeService({ upgrade: over(fakeUpgradeEngine(cluster)) });
  const upgradeEvents = (runId: string) => rec.events.filter((e) => e.name === 'upgrade.event' && (e.payload as { runId: string }).runId === runId).map((e) => (e.payload as { event: UpgradeEvent }).event);
  return { cluster, service, rec, release: () => release(), upgradeEvents };
}

async function plan(service: ReturnType<typeof rig>['service'], cluster: FakeUpgradeCluster) {
  const planned = await service.call('upgrade.plan', { profile: cluster.profile(), to: '2026.1', backupDir: '/backups' });
  if (!planned.ok || !planned.value.planId || !planned.value.plan) throw new Error(`a plan expected: ${JSON.stringify(planned)}`);
  return { planId: planned.value.planId, plan: planned.value.plan };
}

const until = async (f: () => boolean) => { for (let i = 0; i < 400 && !f(); i++) await new Promise((r) => setTimeout(r, 5)); };

describe('an upgrade in the run journal', () => {
  it('is listed while it runs and read back with its plan and every event so far, then with its outcome; kept until dismissed', async () => {
    const r = rig();
    const { planId, plan: shown } = await plan(r.service, r.cluster);
    expect(await r.service.call('upgrade.start', { runId: 'up-1', planId })).toEqual({ ok: true, value: { started: true } });
    // Under way: node1 is upgraded, node2's installer waits.
    await until(() => r.upgradeEvents('up-1').some((e) => e.type === 'upgrade-step' && e.stepId === 'install:node2' && e.status === 'started'));

    expect(await r.service.call('run.list', {})).toEqual({ ok: true, value: [{ kind: 'upgrade', runId: 'up-1', startedAt: expect.any(String), running: true }] });
    const during = await r.service.call('run.get', { id: 'up-1' });
    if (!during.ok || during.value.run?.kind !== 'upgrade') throw new Error(`an upgrade run expected: ${JSON.stringify(during)}`);
    expect(during.value.run).toMatchObject({ runId: 'up-1', planId, plan: shown, done: null });
    // The very events the window received, in the order it received them.
    expect(during.value.run.events).toEqual(r.upgradeEvents('up-1'));
    expect(during.value.run.events.length).toBeGreaterThan(10);

    r.release();
    const done = await r.rec.next('upgrade.done', 'up-1');
    expect(done).toMatchObject({ ok: true, report: { status: 'upgraded', to: '2026.1' } });
    const after = await r.service.call('run.get', { id: 'up-1' });
    if (!after.ok || after.value.run?.kind !== 'upgrade') throw new Error('an upgrade run expected');
    // The outcome as the window got it, report path included (no reports folder in this host: null).
    expect(after.value.run.done).toEqual({ ok: true, report: done.ok ? done.report : null, reportPath: null });
    expect(after.value.run.events).toEqual(r.upgradeEvents('up-1'));
    expect(await r.service.call('run.list', {})).toMatchObject({ ok: true, value: [{ kind: 'upgrade', runId: 'up-1', running: false }] });

    expect(await r.service.call('run.dismiss', { id: 'up-1' })).toEqual({ ok: true, value: { dismissed: true } });
    expect(await r.service.call('run.get', { id: 'up-1' })).toEqual({ ok: true, value: { run: null } });
    expect(await r.service.call('run.list', {})).toEqual({ ok: true, value: [] });
  });

  it('keeps a run that ended in failure with its reason, the call\'s secrets masked (seeded passwords)', async () => {
    const rnd = seededRandom(14);
    for (let i = 0; i < 40; i++) {
      const secret = randomPassword(rnd);
      // The runner itself throws (not a step failing) after it read the password: the engine's last word is the error's message.
      let secrets: SecretResolver | null = null;
      const r = rig((base) => ({
        ...base,
        openContext: (p, s, x) => { secrets = x; return base.openContext!(p, s, x); },
        runUpgrade: async () => {
          await secrets!.resolve({ prompt: 'ssh:node2' }, 'the SSH password');
          throw new Error(`cannot reach node2 with ${secret}`);
        },
      }));
      r.release();
      const { planId } = await plan(r.service, r.cluster);
      await r.service.call('upgrade.start', { runId: `up-f${i}`, planId, secrets: { 'ssh:node2': secret } });
      const done = await r.rec.next('upgrade.done', `up-f${i}`);
      const got = await r.service.call('run.get', { id: `up-f${i}` });
      if (!got.ok || got.value.run?.kind !== 'upgrade') throw new Error('an upgrade run expected');
      expect(got.value.run.done).toEqual(done.ok ? null : { ok: false, error: done.error });
      expect(got.value.run.done).toMatchObject({ ok: false, error: expect.stringMatching(/^cannot reach node2 with /) });
      expect(JSON.stringify(got)).not.toContain(secret);
    }
  });

  it('refusing to start keeps nothing: a plan id it does not know is no run to come back to', async () => {
    const r = rig();
    const out = await r.service.call('upgrade.start', { runId: 'up-x', planId: 'upgrade-unknown' });
    expect(out).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(await r.service.call('run.list', {})).toEqual({ ok: true, value: [] });
  });
});

describe('RunJournal with upgrades', () => {
  const plan = () => ({ $schema: 'ha-wizard/upgrade-plan@1' as const, product: 'proget', from: '2025.14', to: '2026.1', mode: 'coordinated' as const, path: { allowed: true as const, rolling: false, schemaChanges: true, restoreDatabaseOnRollback: true, note: 'n' }, nodes: [], steps: [], backups: [], expected: 'x', warnings: [] });

  it('takes no event after the outcome, nor an apply\'s or a check\'s event', () => {
    const j = new RunJournal(5);
    j.begin({ kind: 'upgrade', runId: 'u', planId: 'upgrade-1', plan: plan() });
    j.applyEvent('u', { type: 'apply-log', level: 'info', message: 'not mine' });
    j.checkEvent('u', { type: 'check-started', id: 'x', target: 'n1' });
    j.upgradeEvent('u', { type: 'upgrade-log', level: 'warn', message: 'mine' });
    j.upgradeDone('u', { ok: false, error: 'stopped' });
    j.upgradeEvent('u', { type: 'upgrade-log', level: 'warn', message: 'too late' });
    expect(j.get('u')).toMatchObject({ kind: 'upgrade', events: [{ type: 'upgrade-log', level: 'warn', message: 'mine' }], done: { ok: false, error: 'stopped' } });
  });

  it('never forgets a running upgrade to make room', () => {
    const j = new RunJournal(3);
    j.begin({ kind: 'upgrade', runId: 'long', planId: 'upgrade-1', plan: plan() });
    for (let i = 0; i < 10; i++) {
      j.begin({ kind: 'checks', runId: `c${i}` });
      j.checksDone(`c${i}`, { ok: false, error: 'x' });
    }
    expect(j.get('long')).toMatchObject({ kind: 'upgrade', done: null });
    expect(j.list().filter((r) => r.kind === 'upgrade')).toEqual([{ kind: 'upgrade', runId: 'long', startedAt: expect.any(String), running: true }]);
  });
});
