import { describe, expect, it } from 'vitest';
import type { UpgradeEvent, UpgradePlan } from '../../shared/upgrade-schema';
import { FakeBalancer } from '../balancer/testing/fake-balancer';
import { FakeUpgradeCluster, MAINTENANCE_PATH, MAJOR_PATH, testPlan, type FakeFault } from './testing/fake-upgrade';
import { runUpgrade } from './upgrade-run';
import { buildUpgradePlan } from './upgrade-plan';
import { upgradePath } from '../../shared/upgrade-paths';

const IDS = ['node1', 'node2', 'node3'];
const FAST = { drainTimeoutMs: 200, confirmTimeoutMs: 200, readyTimeoutMs: 200, pollMs: 1 };

async function run(o: { plan?: UpgradePlan; faults?: FakeFault[]; balancer?: boolean; lock?: () => Promise<{ broke: string | null; stop(): Promise<unknown> }> } = {}) {
  const cluster = new FakeUpgradeCluster(IDS, '2025.14');
  cluster.faults.push(...(o.faults ?? []));
  const before = cluster.servers.map((s) => ({ ...s }));
  const balancer = o.balancer === false ? null : new FakeBalancer(IDS, cluster.journal);
  const events: UpgradeEvent[] = [];
  const plan = o.plan ?? testPlan(IDS, '2025.14', '2026.1', 'coordinated', MAJOR_PATH);
  const report = await runUpgrade(plan, {
    profile: cluster.profile(), upgraders: cluster.upgraders(), database: cluster.database(), balancer, health: cluster.health(),
    backupDir: '/backups', emit: (e) => void events.push(e), drain: FAST, healthTimeoutMs: 1000, ...(o.lock ? { lock: o.lock } : {}),
  });
  return { cluster, before, balancer, events, report };
}

/** Index of the first journal entry matching, or -1. */
const at = (j: string[], re: RegExp) => j.findIndex((e) => re.test(e));
const lastAt = (j: string[], re: RegExp) => j.findLastIndex((e) => re.test(e));

function expectPutBack(r: Awaited<ReturnType<typeof run>>) {
  expect(r.report.status).toBe('rolled-back');
  for (const s of r.cluster.servers) {
    const old = r.before.find((b) => b.id === s.id)!;
    expect(s.version, s.id).toBe('2025.14');
    expect(s.running, s.id).toBe(true);
    expect(s.config, s.id).toBe(old.config);
    expect(s.extensions, s.id).toBe(old.extensions);
    expect(r.cluster.healthyAt(s.id), s.id).toBe(true);
  }
  expect(r.cluster.schema).toBe('2025.14');
  expect(r.report.nodes.every((n) => n.healthy && n.versionAfter === '2025.14' && n.manual === null)).toBe(true);
  expect(r.report.manualSteps).toEqual([]);
  expect([...r.balancer!.states.values()].every((v) => v === 'ready')).toBe(true);
}

describe('runUpgrade, coordinated', () => {
  it('upgrades every server behind the balancer, backups verified before anything stops, the outage measured', async () => {
    const r = await run();
    const j = r.cluster.journal;
    expect(r.report.status).toBe('upgraded');
    expect(r.cluster.servers.map((s) => [s.version, s.running])).toEqual(IDS.map(() => ['2026.1', true]));
    expect(r.report.nodes.map((n) => [n.id, n.result, n.versionBefore, n.versionAfter, n.healthy])).toEqual(IDS.map((id) => [id, 'upgraded', '2025.14', '2026.1', true]));
    expect(r.report.database).toEqual({ backup: '/backups/db.dump', restored: false, schemaUpgradeExitCode: 0 });
    // Every backup verified before the first drain or stop; every server drained before the first stop.
    const firstChange = at(j, /balancer drain|stop$/);
    expect(lastAt(j, /verify|db verify/)).toBeLessThan(firstChange);
    expect(lastAt(j, /balancer drain/)).toBeLessThan(at(j, / stop$/));
    // Every server stopped before the first install; node1 upgrades the schema before the others install.
    expect(lastAt(j, / stop$/)).toBeLessThan(at(j, /install/));
    expect(at(j, /node1 upgradedb/)).toBeLessThan(at(j, /node2 install/));
    expect(at(j, /node1 health 2026.1/)).toBeLessThan(at(j, /node2 install/));
    expect(at(j, /check-sync/)).toBeLessThan(at(j, /balancer resume/));
    expect(typeof r.report.outageMs).toBe('number');
    // Each plan step: started then done, in the plan's order.
    const done = r.events.filter((e) => e.type === 'upgrade-step' && e.status === 'done').map((e) => (e as { stepId: string }).stepId);
    expect(done).toEqual(testPlan(IDS, '2025.14', '2026.1', 'coordinated', MAJOR_PATH).steps.map((s) => s.id));
    expect(r.report.steps.every((s) => s.status === 'done' && s.finishedAt)).toBe(true);
  });

  it('without balancer access, the balancer steps are manual steps in the report, not silently skipped', async () => {
    const r = await run({ balancer: false });
    expect(r.report.status).toBe('upgraded');
    expect(r.report.steps.filter((s) => s.status === 'skipped').map((s) => s.stepId)).toEqual(['balancer-maintenance', 'balancer-reopen']);
    expect(r.report.manualSteps).toHaveLength(6);
    expect(r.report.manualSteps.map((m) => m.title).join('\n')).toMatch(/node1/);
  });

  it('holds the cluster lock for the whole run, and refuses without it, changing nothing', async () => {
    const lockLog: string[] = [];
    const ok = await run({ lock: async () => {
      lockLog.push('take');
      return { broke: null, stop: async () => void lockLog.push('release') };
    } });
    expect(ok.report.status).toBe('upgraded');
    expect(lockLog).toEqual(['take', 'release']);
    const held = await run({ lock: () => Promise.reject(new Error('another wizard is changing this cluster: ann@pc1')) });
    expect(held.report.status).toBe('refused');
    expect(held.report.reason).toMatch(/another wizard/);
    expect(held.cluster.journal).toEqual([]);
  });

  it('says in the report when the cluster lock could not be removed, whatever the outcome', async () => {
    const left = 'The cluster lock /etc/proget.env.ha-wizard-lock on node1 could not be removed (permission denied). Delete it by hand.';
    const lock = async () => ({ broke: null, stop: async () => left });
    const upgraded = await run({ lock });
    const undone = await run({ lock, faults: [{ on: 'install', node: 'node2', version: '2026.1' }] });
    expect([upgraded.report.status, undone.report.status]).toEqual(['upgraded', 'rolled-back']);
    for (const r of [upgraded, undone]) expect(r.report.manualSteps).toContainEqual({ title: 'Remove the cluster lock', detail: left, url: null });
    const released = await run({ lock: async () => ({ broke: null, stop: async () => null }) });
    expect(released.report.manualSteps.map((m) => m.title)).not.toContain('Remove the cluster lock');
  });

  it('a server without an extensions folder is upgraded; a missing config backup fails before anything stops', async () => {
    const cluster = new FakeUpgradeCluster(IDS, '2025.14');
    const n2 = cluster.upgrader('node2');
    const ups = cluster.upgraders();
    ups.set('node2', { ...n2, backupFiles: async (d) => (await n2.backupFiles(d)).filter((b) => b.what === 'config') });
    const deps = { profile: cluster.profile(), upgraders: ups, database: cluster.database(), balancer: null, health: cluster.health(), backupDir: '/b', emit: () => undefined, healthTimeoutMs: 1000 };
    const plan = testPlan(IDS, '2025.14', '2026.1', 'coordinated', MAJOR_PATH);
    const ok = await runUpgrade(plan, deps);
    expect(ok.status).toBe('upgraded');
    expect(ok.steps.find((s) => s.stepId === 'backup-extensions:node2')?.detail).toBe('no extensions folder on this server: nothing to copy');
    const none = new FakeUpgradeCluster(IDS, '2025.14');
    const n3 = none.upgrader('node3');
    const ups3 = none.upgraders();
    ups3.set('node3', { ...n3, backupFiles: async (d) => (await n3.backupFiles(d)).filter((b) => b.what === 'extensions') });
    const bad = await runUpgrade(plan, { ...deps, profile: none.profile(), upgraders: ups3, database: none.database(), health: none.health() });
    expect(bad.status).toBe('rolled-back');
    expect(bad.reason).toBe('backup-config:node3 failed: node3: no config backup was written');
    expect(none.journal.some((e) => / stop$/.test(e))).toBe(false);
  });
});

describe('runUpgrade, rolling', () => {
  it('one server at a time: drained, upgraded, health-gated, resumed; the others keep serving', async () => {
    const plan = testPlan(IDS, '2025.14', '2025.20', 'rolling', MAINTENANCE_PATH);
    const r = await run({ plan });
    const j = r.cluster.journal;
    expect(r.report.status).toBe('upgraded');
    expect(r.cluster.servers.every((s) => s.version === '2025.20' && s.running)).toBe(true);
    for (const [i, id] of IDS.entries()) {
      expect(at(j, new RegExp(`balancer drain ${id}`))).toBeLessThan(at(j, new RegExp(`${id} stop`)));
      expect(at(j, new RegExp(`${id} health`))).toBeLessThan(at(j, new RegExp(`balancer resume ${id}`)));
      if (i > 0) expect(at(j, new RegExp(`balancer resume ${IDS[i - 1]}`))).toBeLessThan(at(j, new RegExp(`balancer drain ${id}`)));
    }
    expect(r.report.outageMs).toBeNull();
    expect(r.report.database.schemaUpgradeExitCode).toBeNull();
  });

  it('refuses a rolling upgrade where the two versions cannot serve side by side, before anything changes', async () => {
    const r = await run({ plan: testPlan(IDS, '2025.14', '2026.1', 'rolling', MAJOR_PATH) });
    expect(r.report.status).toBe('refused');
    expect(r.report.reason).toMatch(/cannot serve side by side/);
    expect(r.cluster.journal).toEqual([]);
  });

  it('a failure on the second server puts the first back too, and resumes both', async () => {
    const r = await run({ plan: testPlan(IDS, '2025.14', '2025.20', 'rolling', MAINTENANCE_PATH), faults: [{ on: 'never-healthy', node: 'node2', version: '2025.20' }] });
    expectPutBack(r);
    expect(r.report.nodes.map((n) => n.result)).toEqual(['restored', 'restored', 'untouched']);
    expect(r.cluster.journal).not.toContain('db restore');
  });
});

describe('runUpgrade, a failure at any step undoes the run', () => {
  const cases: { name: string; faults: FakeFault[]; failed: string; dbRestored: boolean; stopped: boolean }[] = [
    { name: 'install fails on the first server', faults: [{ on: 'install', node: 'node1', version: '2026.1' }], failed: 'install:node1', dbRestored: false, stopped: true },
    { name: 'install fails on node2', faults: [{ on: 'install', node: 'node2', version: '2026.1' }], failed: 'install:node2', dbRestored: true, stopped: true },
    { name: 'upgradedb fails', faults: [{ on: 'upgradeSchema', node: 'node1' }], failed: 'upgrade-schema:node1', dbRestored: true, stopped: true },
    { name: 'start fails on node2', faults: [{ on: 'start', node: 'node2', version: '2026.1' }], failed: 'start:node2', dbRestored: true, stopped: true },
    { name: 'the first server never gets healthy', faults: [{ on: 'never-healthy', node: 'node1', version: '2026.1' }], failed: 'wait-healthy:node1', dbRestored: true, stopped: true },
    { name: 'the middle server never gets healthy', faults: [{ on: 'never-healthy', node: 'node2', version: '2026.1' }], failed: 'wait-healthy:node2', dbRestored: true, stopped: true },
    { name: 'node3 never gets healthy', faults: [{ on: 'never-healthy', node: 'node3', version: '2026.1' }], failed: 'wait-healthy:node3', dbRestored: true, stopped: true },
    { name: 'the backup location is full', faults: [{ on: 'db-backup' }], failed: 'backup-database', dbRestored: false, stopped: false },
    { name: "node2's config backup cannot be written", faults: [{ on: 'backupFiles', node: 'node2' }], failed: 'backup-config:node2', dbRestored: false, stopped: false },
    { name: 'a backup does not verify', faults: [{ on: 'verifyBackup', node: 'node3' }], failed: 'verify-backups', dbRestored: false, stopped: false },
  ];
  for (const c of cases) {
    it(`${c.name}: every server back on the old version, configs byte-identical, the schema old, healthy`, async () => {
      const r = await run({ faults: c.faults });
      expectPutBack(r);
      expect(r.report.reason).toContain(`${c.failed} failed`);
      expect(r.events).toContainEqual(expect.objectContaining({ type: 'upgrade-step', stepId: c.failed, status: 'failed' }));
      expect(r.report.database.restored).toBe(c.dbRestored);
      expect(r.cluster.journal.includes('db restore')).toBe(c.dbRestored);
      expect(r.cluster.journal.some((e) => / stop$/.test(e))).toBe(c.stopped);
      const undo = r.events.filter((e) => e.type === 'upgrade-undo');
      if (c.stopped) {
        expect(undo.length).toBeGreaterThan(0);
        expect(undo.every((e) => e.status !== 'failed')).toBe(true);
        // The database is restored only once every server is stopped, and before any is started again.
        if (c.dbRestored) expect(at(r.cluster.journal, /db restore/)).toBeLessThan(lastAt(r.cluster.journal, /start$/));
      } else {
        expect(undo).toEqual([]);
        expect(r.report.nodes.every((n) => n.result === 'untouched')).toBe(true);
      }
    });
  }

  it('a failed install on node1 at the first server needs no database restore (the schema was never touched)', async () => {
    const r = await run({ faults: [{ on: 'install', node: 'node1', version: '2026.1' }] });
    expect(r.report.database.schemaUpgradeExitCode).toBeNull();
    expect(r.report.steps.find((s) => s.stepId === 'install:node1')?.detail).toMatch(/exited with 1603/);
  });

  it('records the schema upgrade exit code when it fails', async () => {
    const r = await run({ faults: [{ on: 'upgradeSchema', node: 'node1' }] });
    expect(r.report.database.schemaUpgradeExitCode).toBe(2);
  });
});

describe('runUpgrade, the balancer', () => {
  it('a drain the balancer refuses: nothing is stopped, the run is undone and every server is in rotation', async () => {
    const cluster = new FakeUpgradeCluster(IDS, '2025.14');
    const balancer = new FakeBalancer(IDS, cluster.journal);
    balancer.faults.add('drain-fails');
    const report = await runUpgrade(testPlan(IDS, '2025.14', '2026.1', 'coordinated', MAJOR_PATH), {
      profile: cluster.profile(), upgraders: cluster.upgraders(), database: cluster.database(), balancer, health: cluster.health(), backupDir: '/b', emit: () => undefined, drain: FAST,
    });
    expect(report.status).toBe('rolled-back');
    expect(report.reason).toMatch(/^balancer-maintenance failed: drain refused/);
    expect(cluster.journal.some((e) => / stop$/.test(e))).toBe(false);
    expect([...balancer.states.values()]).toEqual(['ready', 'ready', 'ready']);
    expect(report.outageMs).toBeNull();
  });

  it('a balancer that cannot be read before the run: refused, nothing touched', async () => {
    const cluster = new FakeUpgradeCluster(IDS, '2025.14');
    const balancer = new FakeBalancer(IDS, cluster.journal);
    balancer.faults.add('members-fail');
    const report = await runUpgrade(testPlan(IDS, '2025.14', '2026.1', 'coordinated', MAJOR_PATH), {
      profile: cluster.profile(), upgraders: cluster.upgraders(), database: cluster.database(), balancer, health: cluster.health(), backupDir: '/b', emit: () => undefined, drain: FAST,
    });
    expect(report.status).toBe('refused');
    expect(report.reason).toContain('the load balancer cannot be read before the upgrade');
    expect(cluster.journal).toEqual([]);
  });
});

describe('runUpgrade, a rollback that cannot finish', () => {
  it('says per server which version it is on, which backup to put back and the exact command', async () => {
    const r = await run({ faults: [{ on: 'never-healthy', node: 'node3', version: '2026.1' }, { on: 'install', node: 'node2', version: '2025.14' }] });
    expect(r.report.status).toBe('rollback-failed');
    const n2 = r.report.nodes.find((n) => n.id === 'node2')!;
    expect(n2.result).toBe('rollback-failed');
    expect(n2.manual).toContain('node2 is now on version 2026.1 (it should be on 2025.14)');
    expect(n2.manual).toContain('set the image tag of the service "proget" in /opt/node2/compose.yaml to 2025.14, then run: docker compose -f /opt/node2/compose.yaml up -d proget');
    expect(n2.manual).toContain('/backups/node2/node2-config over /etc/node2.config');
    expect(n2.manual).toContain('/backups/node2/node2-extensions over /var/node2/extensions');
    expect(n2.manual).toContain('the installer exited with 1603');
    // The others are back, and node2 is kept out of rotation while it is not.
    for (const id of ['node1', 'node3']) expect(r.report.nodes.find((n) => n.id === id)).toMatchObject({ result: 'restored', healthy: true, versionAfter: '2025.14' });
    expect(r.balancer!.states.get('node2')).toBe('drain');
    expect(r.report.manualSteps.map((m) => m.title)).toEqual(['Finish putting back node2', 'Put node2 back into rotation at HAProxy']);
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'upgrade-undo', stepId: 'install:node2', status: 'failed' }));
  });

  it('a database restore that fails leaves every server stopped and says how to restore it by hand', async () => {
    const r = await run({ faults: [{ on: 'never-healthy', node: 'node2', version: '2026.1' }, { on: 'db-restore' }] });
    expect(r.report.status).toBe('rollback-failed');
    expect(r.cluster.servers.every((s) => !s.running)).toBe(true);
    expect(r.report.database.restored).toBe(false);
    expect(r.report.manualSteps[0]).toMatchObject({ title: 'Restore the database from its backup' });
    expect(r.report.manualSteps[0]!.detail).toContain('pg_restore --clean --if-exists --dbname=<the product\'s database> /backups/db.dump');
    expect(r.report.nodes.every((n) => n.result === 'rollback-failed' && n.manual?.includes('left stopped'))).toBe(true);
    // No server was started on a schema the old version cannot read.
    const j = r.cluster.journal;
    expect(j.slice(at(j, /db restore/)).filter((e) => / start$/.test(e))).toEqual([]);
    // Nothing serves again, so the outage has not ended: no figure that reads as if it had.
    expect(r.report.outageMs).toBeNull();
  });

  it('a server left out while the others serve again: the outage ends when they are back', async () => {
    const r = await run({ faults: [{ on: 'never-healthy', node: 'node3', version: '2026.1' }, { on: 'install', node: 'node2', version: '2025.14' }] });
    expect(r.report.status).toBe('rollback-failed');
    expect(typeof r.report.outageMs).toBe('number');
  });
});

describe('runUpgrade refuses a plan that would change a server before its backups are verified', () => {
  it('a plan made for another version than a server has now (run twice, or changed since): refused, nothing touched', async () => {
    const cluster = new FakeUpgradeCluster(IDS, '2025.14');
    cluster.server('node2').version = '2025.15';
    const plan = testPlan(IDS, '2025.14', '2026.1', 'coordinated', MAJOR_PATH);
    const r = await runUpgrade(plan, { profile: cluster.profile(), upgraders: cluster.upgraders(), database: cluster.database(), balancer: null, health: cluster.health(), backupDir: '/b', emit: () => undefined });
    expect(r.status).toBe('refused');
    expect(r.reason).toBe('the plan was made for servers on 2025.14, but node2 is on 2025.15: make a new plan');
    expect(cluster.journal).toEqual([]);
  });

  it('a stop before verify-backups: refused, nothing touched', async () => {
    const plan = testPlan(IDS, '2025.14', '2026.1', 'coordinated', MAJOR_PATH);
    const stop = plan.steps.findIndex((s) => s.id === 'stop:node1');
    const [s] = plan.steps.splice(stop, 1);
    plan.steps.unshift(s!);
    const r = await run({ plan });
    expect(r.report.status).toBe('refused');
    expect(r.report.reason).toMatch(/before its backups are verified/);
    expect(r.cluster.journal).toEqual([]);
  });

  it('a path the rule table does not allow: refused with its reason', async () => {
    const plan = testPlan(IDS, '2024.3', '2026.1', 'coordinated', { allowed: false, reason: 'upgrade to 2025.14 first', via: '2025.14' });
    const r = await run({ plan });
    expect(r.report.status).toBe('refused');
    expect(r.report.reason).toContain('upgrade to 2025.14 first');
    expect(r.cluster.journal).toEqual([]);
  });
});

describe('runUpgrade with the real rule table and plan (upgrade-plan.ts)', () => {
  const realPlan = (cluster: FakeUpgradeCluster, to: string, mode: UpgradePlan['mode']) => {
    const path = upgradePath('2025.14', to);
    if (!path.allowed) throw new Error(path.reason);
    return buildUpgradePlan({ profile: cluster.profile(), from: '2025.14', to, mode, path, backupDir: '/backups', upgraders: [...cluster.upgraders().values()], database: cluster.database(), balancerDriven: true });
  };
  const deps = (cluster: FakeUpgradeCluster, balancer: FakeBalancer | null) => ({
    profile: cluster.profile(), upgraders: cluster.upgraders(), database: cluster.database(), balancer, health: cluster.health(), backupDir: '/backups', emit: () => undefined, drain: FAST, healthTimeoutMs: 1000,
  });

  it('2025.14 -> 2026.1 coordinated upgrades; with node3 never healthy it rolls back without a database restore (2025 reads 2026)', async () => {
    const ok = new FakeUpgradeCluster(IDS, '2025.14');
    expect((await runUpgrade(realPlan(ok, '2026.1', 'coordinated'), deps(ok, new FakeBalancer(IDS, ok.journal)))).status).toBe('upgraded');
    expect(ok.servers.every((s) => s.version === '2026.1') && ok.schema === '2026.1').toBe(true);
    const bad = new FakeUpgradeCluster(IDS, '2025.14');
    bad.reads = (v, schema) => major(schema) <= major(v) + 1;
    bad.faults.push({ on: 'never-healthy', node: 'node3', version: '2026.1' });
    const before = bad.servers.map((s) => s.config);
    const r = await runUpgrade(realPlan(bad, '2026.1', 'coordinated'), deps(bad, new FakeBalancer(IDS, bad.journal)));
    expect(r.status).toBe('rolled-back');
    expect(r.database.restored).toBe(false);
    expect(bad.servers.map((s) => [s.version, s.running, bad.healthyAt(s.id)])).toEqual(IDS.map(() => ['2025.14', true, true]));
    expect(bad.servers.map((s) => s.config)).toEqual(before);
  });

  it('2025.14 -> 2025.20 rolling upgrades one at a time', async () => {
    const c = new FakeUpgradeCluster(IDS, '2025.14');
    const r = await runUpgrade(realPlan(c, '2025.20', 'rolling'), deps(c, new FakeBalancer(IDS, c.journal)));
    expect(r.status).toBe('upgraded');
    expect(c.servers.every((s) => s.version === '2025.20')).toBe(true);
  });
});

const major = (v: string) => Number(v.split('.')[0]);
