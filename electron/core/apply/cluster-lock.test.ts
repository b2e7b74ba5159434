/**
 * The cluster lock on a fake cluster, no lab: held on the first node for the whole apply and removed
 * at the end; a second wizard is refused naming the owner and since when; a stale lock (no heartbeat
 * for 30 min, or a dead process of this machine) is broken only with --break-lock, saying so.
 */
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCluster } from './testing/fake-nodes';
import { applyOn, planOn, threeNodes } from './testing/fake-run';
import { LOCK_NAME, STALE_AFTER_MS, acquireClusterLock, lockPathFor, type LockOwner } from './cluster-lock';
import { formatApplyReport } from '../../cli/plan-command';

let cluster: FakeCluster;
beforeEach(async () => {
  cluster = await FakeCluster.start(threeNodes());
});
afterEach(() => cluster.stop());

const LOCK = `/srv/node1/${LOCK_NAME}`;
const alice: LockOwner = { user: 'alice', host: 'laptop-a', pid: 4242, tool: 'HA Wizard app' };
const bob: LockOwner = { user: 'bob', host: 'laptop-b', pid: 777, tool: 'ha-wizard 1.0' };
const ago = (ms: number) => () => new Date(Date.now() - ms);

describe('the cluster lock', () => {
  it('lives beside the first node\'s configuration, on Windows and Linux', () => {
    expect(lockPathFor('/srv/node1/proget.env')).toBe(LOCK);
    expect(lockPathFor('C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config')).toBe(`C:\\ProgramData\\Inedo\\SharedConfig\\${LOCK_NAME}`);
  });

  it('is held for the whole apply and removed at the end, applied or rolled back', async () => {
    for (const fail of [false, true]) {
      cluster.nodes.forEach((n) => {
        n.files.clear();
        n.files.set(n.configPath, { bytes: n.original!, mode: 0o100640 });
      });
      if (fail) cluster.node('node3').faults.add('write-denied');
      const held: boolean[] = [];
      const plan = await planOn(cluster);
      const { report } = await applyOn(cluster, plan, undefined, { lock: { owner: bob }, onEvent: () => void held.push(cluster.node('node1').files.has(LOCK)) });
      cluster.node('node3').faults.clear();
      expect(report.status).toBe(fail ? 'rolled-back' : 'applied');
      expect(held.length).toBeGreaterThan(10);
      expect(held.every(Boolean), 'the lock is there at every step').toBe(true);
      expect(cluster.node('node1').files.has(LOCK), 'and gone at the end').toBe(false);
    }
  });

  it('a lock that cannot be removed at the end is named in the report, with what to do', async () => {
    cluster.node('node1').faults.add('lock-stays');
    const { report } = await applyOn(cluster, await planOn(cluster), undefined, { lock: { owner: bob } });
    expect(report.status).toBe('applied');
    expect(cluster.node('node1').files.has(LOCK)).toBe(true);
    expect(report.manualSteps.at(-1)).toEqual({
      title: 'Remove the cluster lock', url: null,
      detail: `The cluster lock ${LOCK} on node1 could not be removed (Permission denied: ${LOCK}). Delete it by hand; until then another wizard is refused, and once the lock is stale it offers --break-lock.`,
    });
  });

  it('after a rollback the report lists only what is left (the lock), not the plan\'s steps for a cluster that applied', async () => {
    cluster.node('node1').faults.add('lock-stays');
    cluster.node('node3').faults.add('write-denied');
    const plan = await planOn(cluster);
    expect(plan.manualSteps.length).toBeGreaterThan(0);
    const { report } = await applyOn(cluster, plan, undefined, { lock: { owner: bob } });
    cluster.node('node3').faults.clear();
    expect(report.status).toBe('rolled-back');
    expect(report.manualSteps.map((m) => m.title)).toEqual(['Remove the cluster lock']);
    // The CLI says it too (it printed manual steps only after an apply that applied).
    const text = formatApplyReport(report);
    expect(text).toContain(`  TO DO BY HAND 1. Remove the cluster lock: The cluster lock ${LOCK} on node1 could not be removed`);
    for (const m of plan.manualSteps) expect(text).not.toContain(m.title);
  });

  it('after an apply the report lists the plan\'s steps, then what the run left', async () => {
    cluster.node('node1').faults.add('lock-stays');
    const plan = await planOn(cluster);
    const { report } = await applyOn(cluster, plan, undefined, { lock: { owner: bob } });
    expect(report.status).toBe('applied');
    expect(report.manualSteps.map((m) => m.title)).toEqual([...plan.manualSteps.map((m) => m.title), 'Remove the cluster lock']);
    expect(formatApplyReport(report)).toContain(`  next ${plan.manualSteps.length + 1}. Remove the cluster lock: `);
  });

  it('a second apply is refused, naming the owner and since when, and changes nothing', async () => {
    const theirs = await acquireClusterLock(cluster.session('node1'), '/srv/node1/proget.env', { owner: alice, now: ago(5 * 60_000) });
    const plan = await planOn(cluster);
    const mark = cluster.journal.length;
    const { report } = await applyOn(cluster, plan, undefined, { lock: { owner: bob, breakLock: true } });
    expect(report.status).toBe('refused');
    expect(report.reason).toMatch(/^another wizard is changing this cluster: alice@laptop-a \(pid 4242, HA Wizard app\) since \d{4}-\d\d-\d\dT[\d:.]+Z, last heartbeat .*; wait for it to finish$/);
    expect(cluster.changes(mark)).toEqual([`node1 create ${LOCK}`]);
    await theirs.release();
    expect((await applyOn(cluster, plan, undefined, { lock: { owner: bob } })).report.status).toBe('applied');
  });

  it('two wizards at once: exactly one applies, the other is refused', async () => {
    const plan = await planOn(cluster);
    const both = await Promise.all([applyOn(cluster, plan, undefined, { lock: { owner: alice } }), applyOn(cluster, plan, undefined, { lock: { owner: bob } })]);
    expect(both.map((b) => b.report.status).sort()).toEqual(['applied', 'refused']);
    expect(cluster.node('node1').files.has(LOCK)).toBe(false);
  });

  it('a stale lock (no heartbeat for 30 min) is refused without --break-lock, and broken with it, saying so', async () => {
    await acquireClusterLock(cluster.session('node1'), '/srv/node1/proget.env', { owner: alice, now: ago(STALE_AFTER_MS + 60_000) });
    const plan = await planOn(cluster);
    const refused = await applyOn(cluster, plan, undefined, { lock: { owner: bob } });
    expect(refused.report.reason).toMatch(/^the cluster is locked by alice@laptop-a .* and the lock looks stale: no heartbeat for 31 min \(the rule: 30 min\); --break-lock breaks it$/);
    const broken = await applyOn(cluster, plan, undefined, { lock: { owner: bob, breakLock: true } });
    expect(broken.report.status).toBe('applied');
    expect(broken.events.find((e) => e.type === 'apply-log')).toMatchObject({ level: 'warn', message: expect.stringMatching(/^broke the stale lock of alice@laptop-a \(pid 4242, HA Wizard app\) since .*no heartbeat for 31 min/) as unknown });
    expect(cluster.node('node1').files.has(LOCK)).toBe(false);
  });

  it('a lock of a process of this machine that no longer runs is stale at once; a live one is not', async () => {
    const here: LockOwner = { user: 'me', host: os.hostname(), pid: 99_999_999, tool: 'ha-wizard' };
    await acquireClusterLock(cluster.session('node1'), '/srv/node1/proget.env', { owner: here });
    const s = cluster.session('node1');
    await expect(acquireClusterLock(s, '/srv/node1/proget.env', { owner: bob, isLocalProcessAlive: () => true })).rejects.toThrow(/another wizard is changing this cluster/);
    await expect(acquireClusterLock(s, '/srv/node1/proget.env', { owner: bob })).rejects.toThrow(/looks stale: its process 99999999 no longer runs on this machine; --break-lock/);
    const mine = await acquireClusterLock(s, '/srv/node1/proget.env', { owner: bob, breakLock: true });
    expect(mine.broke).toMatch(/^broke the stale lock of me@/);
    await mine.release();
  });

  it('the heartbeat refreshes the lock; a lock broken by someone else is not ours to remove', async () => {
    const s = cluster.session('node1');
    let t = Date.now() - STALE_AFTER_MS - 60_000;
    const mine = await acquireClusterLock(s, '/srv/node1/proget.env', { owner: bob, now: () => new Date(t) });
    t = Date.now();
    await mine.refresh();
    // Refreshed: no longer stale, so nobody may break it.
    await expect(acquireClusterLock(s, '/srv/node1/proget.env', { owner: alice, breakLock: true })).rejects.toThrow(/another wizard is changing this cluster: bob@laptop-b/);
    expect(cluster.node('node1').extras().filter((p) => p.includes('.ha-wizard-new'))).toEqual([]);
    // Broken by alice once stale: bob's release leaves her lock alone.
    t = Date.now() - STALE_AFTER_MS - 60_000;
    await mine.refresh();
    const hers = await acquireClusterLock(s, '/srv/node1/proget.env', { owner: alice, breakLock: true });
    await expect(mine.release()).rejects.toThrow(/is no longer ours: alice@laptop-a \(pid 4242, HA Wizard app\) broke it/);
    expect(cluster.node('node1').files.has(LOCK)).toBe(true);
    await hers.release();
    expect(cluster.node('node1').files.has(LOCK)).toBe(false);
  });

  it('a lock file of another shape (fields missing or of the wrong kind) is an unreadable lock, never an owner made of "undefined"', async () => {
    const s = cluster.session('node1');
    const fresh = new Date().toISOString();
    const odd = [
      { owner: { host: 'laptop-a' }, heartbeat: fresh, token: 't' },
      { owner: { user: 'alice', host: 'laptop-a', pid: '4242', tool: 'x' }, since: fresh, heartbeat: fresh, token: 't' },
      [1, 2, 3],
      null,
    ];
    for (const content of odd) {
      cluster.node('node1').files.set(LOCK, { bytes: Buffer.from(JSON.stringify(content)), mode: 0o100600 });
      const refused = acquireClusterLock(s, '/srv/node1/proget.env', { owner: bob });
      await expect(refused, JSON.stringify(content)).rejects.toThrow(/^the cluster is locked by an unreadable lock \(.*\), and the lock looks stale: it cannot be read; --break-lock breaks it$/);
      const mine = await acquireClusterLock(s, '/srv/node1/proget.env', { owner: bob, breakLock: true });
      expect(mine.broke).toBe('broke the stale lock of an unreadable lock (it cannot be read)');
      await mine.release();
    }
  });
});
