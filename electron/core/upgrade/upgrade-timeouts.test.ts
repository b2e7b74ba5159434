/**
 * Issue 14, robustness item 1: no step waits for ever. A fake installer, upgradedb or stop that never settles:
 * the step fails at its (tiny) limit with words that say which step, on which server, how long; the signal it
 * was given is aborted (the real upgraders close the SSH channel then: ssh-exec-abort.test.ts, and the lab's
 * upgrade-timeouts.lab.test.ts); the run undoes itself and ends; the cluster lock is released.
 */
import { describe, expect, it } from 'vitest';
import type { UpgradeEvent } from '../../shared/upgrade-schema';
import { FakeUpgradeCluster, MAJOR_PATH, testPlan } from './testing/fake-upgrade';
import type { NodeUpgrader, StepOptions } from './upgrade-ports';
import { runUpgrade } from './upgrade-run';
import { DEFAULT_UPGRADE_HEALTH_TIMEOUT_MS, UPGRADE_STEP_LIMITS_MS, limitWords, stepLimitMs, withStepLimit, type UpgradeLimitKind } from './upgrade-timeouts';

const IDS = ['node1', 'node2', 'node3'];
const LIMIT = 150;

/** Never settles; records that its signal was aborted. */
function hang(o: StepOptions | undefined, seen: string[], what: string): Promise<never> {
  o?.signal?.addEventListener('abort', () => seen.push(`${what} aborted`));
  return new Promise<never>(() => undefined);
}

async function run(patch: (ups: Map<string, NodeUpgrader>, seen: string[]) => void, limits: Partial<Record<UpgradeLimitKind, number>>) {
  const cluster = new FakeUpgradeCluster(IDS, '2025.14');
  const ups = cluster.upgraders();
  const seen: string[] = [];
  patch(ups, seen);
  const events: UpgradeEvent[] = [];
  const lock: string[] = [];
  const started = performance.now();
  const report = await runUpgrade(testPlan(IDS, '2025.14', '2026.1', 'coordinated', MAJOR_PATH), {
    profile: cluster.profile(), upgraders: ups, database: cluster.database(), balancer: null, health: cluster.health(),
    backupDir: '/backups', emit: (e) => void events.push(e), healthTimeoutMs: 50, stepLimitsMs: limits,
    lock: async () => ({ broke: null, stop: async () => void lock.push('released') }),
  });
  return { cluster, report, events, seen, lock, ms: performance.now() - started };
}

describe('every upgrade step has a time limit', () => {
  it('an installer that never returns: the step fails at its limit, the signal is aborted, the run is undone and ends', async () => {
    const r = await run((ups, seen) => {
      const n2 = ups.get('node2')!;
      ups.set('node2', { ...n2, install: (v, o) => (v === '2026.1' ? hang(o, seen, 'install 2026.1') : n2.install(v, o)) });
    }, { install: LIMIT });
    expect(r.report.status).toBe('rolled-back');
    expect(r.report.reason).toBe(`install:node2 failed: the installer on node2 did not finish within ${LIMIT} ms: the wizard stopped waiting and abandoned it (its connection to the command is closed)`);
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'upgrade-step', stepId: 'install:node2', status: 'failed' }));
    expect(r.seen).toEqual(['install 2026.1 aborted']);
    // Put back as for any failure: every server on the old version, running, the schema old.
    expect(r.cluster.servers.map((s) => [s.version, s.running])).toEqual(IDS.map(() => ['2025.14', true]));
    expect(r.cluster.schema).toBe('2025.14');
    expect(r.lock).toEqual(['released']);
    // Bounded by the limit, not by the installer (a generous margin for a slow machine).
    expect(r.ms).toBeLessThan(LIMIT + 3000);
  });

  it('a stop that never returns, and upgradedb that never returns: each fails at its own limit, named', async () => {
    const stop = await run((ups, seen) => {
      const n3 = ups.get('node3')!;
      let calls = 0;
      // The forward stop hangs; the rollback's stop of node3 works.
      ups.set('node3', { ...n3, stop: (o) => (++calls === 1 ? hang(o, seen, 'stop') : n3.stop(o)) });
    }, { stop: LIMIT });
    expect(stop.report.status).toBe('rolled-back');
    expect(stop.report.reason).toMatch(new RegExp(`^stop:node3 failed: stopping the product's service on node3 did not finish within ${LIMIT} ms`));
    expect(stop.seen).toEqual(['stop aborted']);

    const db = await run((ups, seen) => {
      const n1 = ups.get('node1')!;
      ups.set('node1', { ...n1, upgradeSchema: (_v, o) => hang(o, seen, 'upgradedb') });
    }, { 'upgrade-schema': LIMIT });
    expect(db.report.status).toBe('rolled-back');
    expect(db.report.reason).toMatch(/^upgrade-schema:node1 failed: the schema upgrade \(upgradedb\) on node1 did not finish within/);
    expect(db.report.database.restored).toBe(true);
    expect(db.cluster.schema).toBe('2025.14');
  });

  it('a rollback step that hangs is abandoned too: the run ends, and says exactly what is left', async () => {
    const r = await run((ups, seen) => {
      const n2 = ups.get('node2')!;
      // Both the new version and the old one hang on node2.
      ups.set('node2', { ...n2, install: (v, o) => hang(o, seen, `install ${v}`) });
    }, { install: LIMIT });
    expect(r.report.status).toBe('rollback-failed');
    expect(r.seen).toEqual(['install 2026.1 aborted', 'install 2025.14 aborted']);
    const undo = r.events.find((e) => e.type === 'upgrade-undo' && e.stepId === 'install:node2' && e.status === 'failed');
    expect(undo).toMatchObject({ detail: expect.stringMatching(/the installer on node2 did not finish within 150 ms/) });
    expect(r.report.nodes.find((n) => n.id === 'node2')?.manual).toMatch(/node2 is now on .*the installer on node2 did not finish/);
    expect(r.lock).toEqual(['released']);
  });

  it('a step within its limit is not touched; the signal stays unaborted', async () => {
    let signal: AbortSignal | undefined;
    const r = await run((ups) => {
      const n1 = ups.get('node1')!;
      ups.set('node1', { ...n1, install: async (v, o) => { signal = o?.signal; await new Promise((res) => setTimeout(res, 20)); return n1.install(v, o); } });
    }, { install: 2000 });
    expect(r.report.status).toBe('upgraded');
    expect(signal?.aborted).toBe(false);
  });
});

describe('the limits, from one place', () => {
  it('installs and schema upgrades are generous, a stop or start a few minutes; health waits add their own timeout', () => {
    expect(UPGRADE_STEP_LIMITS_MS.install).toBeGreaterThanOrEqual(30 * 60_000);
    expect(UPGRADE_STEP_LIMITS_MS['upgrade-schema']).toBeGreaterThanOrEqual(30 * 60_000);
    expect(UPGRADE_STEP_LIMITS_MS.stop).toBeLessThanOrEqual(15 * 60_000);
    expect(stepLimitMs('wait-healthy', { healthTimeoutMs: 300_000 })).toBe(300_000 + UPGRADE_STEP_LIMITS_MS['wait-healthy']);
    expect(stepLimitMs('install', { stepLimitsMs: { install: 5 } })).toBe(5);
    // Without a health timeout given, the runner waits its default: the limit never cuts that short.
    expect(stepLimitMs('wait-healthy', {})).toBe(DEFAULT_UPGRADE_HEALTH_TIMEOUT_MS + UPGRADE_STEP_LIMITS_MS['wait-healthy']);
    expect([limitWords(60 * 60_000), limitWords(120 * 60_000), limitWords(2500), limitWords(150)]).toEqual(['60 min', '2 h', '2.5 s', '150 ms']);
  });

  it('a late rejection of the abandoned work is not an unhandled rejection', async () => {
    const late = withStepLimit('stop', 'node1', { stepLimitsMs: { stop: 10 } }, (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => setTimeout(() => reject(new Error('channel closed')), 5))));
    await expect(late).rejects.toThrow(/stopping the product's service on node1 did not finish within 10 ms/);
    await new Promise((r) => setTimeout(r, 30));
  });
});
