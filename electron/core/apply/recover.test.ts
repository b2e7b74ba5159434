/**
 * Recovery after the wizard dies mid-apply, on a fake cluster, no lab. A SIGKILL is simulated by a
 * journal that stops dead at record k (its append never returns, and nothing after it runs: a throw
 * would reach apply's own rollback, which a killed process never gets to). For every k: recover
 * --rollback leaves every node byte-identical to before, running it and healthy, no temp file; recover
 * --finish leaves the cluster exactly as an uninterrupted apply does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeCluster } from './testing/fake-nodes';
import { BACKUP_SUFFIX, HEALTH_TIMEOUT_MS, applyOn, engineSettings, planOn, secretsFor, threeNodes } from './testing/fake-run';
import { type ApplyJournal, FileJournal, readOpenJournal } from './journal';
import { describeJournal, journalState } from './journal-state';
import { recoverFinish, recoverRollback, type RecoverInput } from './recover';
import { sha256 } from './masked-diff';

const IDS = ['node1', 'node2', 'node3'];
let cluster: FakeCluster;
let dir: string;
beforeEach(async () => {
  cluster = await FakeCluster.start(threeNodes());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-wizard-recover-'));
});
afterEach(async () => {
  await cluster.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The journal, frozen for good at its record k (0-based): k records are on disk, then nothing. */
function killAt(k: number, inner: ApplyJournal): { journal: ApplyJournal; killed: Promise<'killed'> } {
  let n = 0;
  let hit!: () => void;
  const killed = new Promise<'killed'>((r) => {
    hit = () => r('killed');
  });
  const gate = () => {
    if (n++ < k) return false;
    hit();
    return true;
  };
  const dead = () => new Promise<never>(() => undefined);
  return {
    killed,
    journal: {
      identity: inner.identity,
      append: (r) => (gate() ? dead() : inner.append(r)),
      end: (s, d) => (gate() ? dead() : inner.end(s, d)),
    },
  };
}

/** What an uninterrupted apply leaves: the files and settings (the kept key makes it the same every time). */
let planned: { files: Map<string, string>; settings: Map<string, string | null>; records: number };
beforeAll(async () => {
  const c = await FakeCluster.start(threeNodes());
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-wizard-recover-'));
  let records = 0;
  const inner = FileJournal.for(d, c.profile());
  const counting: ApplyJournal = { identity: inner.identity, append: (r) => (records++, inner.append(r)), end: (s, x) => (records++, inner.end(s, x)) };
  const { report } = await applyOn(c, await planOn(c), undefined, { journal: counting });
  expect(report.status).toBe('applied');
  planned = { files: new Map(c.nodes.map((n) => [n.id, sha256(n.config()!)])), settings: new Map(c.settings.values), records };
  await c.stop();
  fs.rmSync(d, { recursive: true, force: true });
});

/** Apply killed at record k; returns the journal's state as the next run reads it (null: none left). */
async function killedApply(k: number) {
  const plan = await planOn(cluster);
  const { journal, killed } = killAt(k, FileJournal.for(dir, plan.profile));
  const outcome = await Promise.race([killed, applyOn(cluster, plan, undefined, { journal }).then((r) => r.report.status)]);
  const open = await readOpenJournal(dir, plan.profile);
  return { outcome, open, plan };
}

const recoverInput = (open: NonNullable<Awaited<ReturnType<typeof readOpenJournal>>>): RecoverInput => ({
  profile: cluster.profile(), settings: engineSettings(), secrets: secretsFor(cluster), state: journalState(open.records),
  journal: FileJournal.for(dir, cluster.profile()), healthTimeoutMs: HEALTH_TIMEOUT_MS, openContext: cluster.openContext,
});

function expectNoTempFiles(): void {
  for (const n of cluster.nodes) expect(n.extras().filter((p) => !/\.ha-wizard-\d{8}T\d{6}Z(-\d+)?\.bak$/.test(p)), `${n.id}: temp files`).toEqual([]);
}

describe('recover after a kill at every journal record', () => {
  it('the full apply writes enough records to test', () => {
    expect(planned.records).toBeGreaterThanOrEqual(2 + 3 * 8);
  });

  for (let k = 0; k <= 2 + 3 * 8 + 4; k++) {
    it(`killed at record ${k}: recover --rollback leaves every node as before, running it, healthy`, async () => {
      const originals = new Map(cluster.nodes.map((n) => [n.id, n.config()!]));
      const settingsBefore = new Map(cluster.settings.values);
      const { outcome, open } = await killedApply(k);
      if (k >= planned.records) expect(outcome).toBe('applied');
      if (outcome !== 'killed' || !open) {
        // Killed before the first record, or after the last: nothing to recover.
        expect(k === 0 || k >= planned.records - 1, `k=${k}: ${outcome}`).toBe(true);
        return;
      }
      expect(describeJournal(journalState(open.records), open.file)).toMatch(/^An apply to this cluster was cut short: its last step: /);
      const report = await recoverRollback(recoverInput(open));
      expect(report.status, JSON.stringify(report)).toBe('recovered');
      for (const id of IDS) {
        const n = cluster.node(id);
        expect(n.config()!.equals(originals.get(id)!), `${id} has its original file`).toBe(true);
        expect(n.running!.equals(originals.get(id)!), `${id} runs its original file`).toBe(true);
        expect(n.runningHealth()!.status, `${id} is healthy`).toBe(200);
      }
      expectNoTempFiles();
      expect(await readOpenJournal(dir, cluster.profile()), 'the journal is done').toBeNull();
      // Settings the API had been asked to set are back at their values before, nothing left by hand.
      // (A setting that had no value is set back to '': the API sets text only.)
      expect(new Set(cluster.settings.values.keys()), 'no setting added').toEqual(new Set(settingsBefore.keys()));
      for (const [name, v] of settingsBefore) expect(cluster.settings.values.get(name) ?? '', `${name} is as before`).toBe(v ?? '');
      expect(report.manual).toEqual([]);
    });

    it(`killed at record ${k}: recover --finish leaves the cluster as planned`, async () => {
      const { outcome, open } = await killedApply(k);
      if (outcome !== 'killed' || !open) return;
      const state = journalState(open.records);
      const plan = await planOn(cluster);
      const { halfDone, apply } = await recoverFinish({ ...recoverInput(open), state, plan });
      expect(halfDone.status).toBe('recovered');
      expect(['applied', 'nothing-to-do']).toContain(apply!.status);
      for (const id of IDS) {
        const n = cluster.node(id);
        expect(sha256(n.config()!), `${id} has the planned file`).toBe(planned.files.get(id));
        expect(n.running!.equals(n.config()!), `${id} runs its new file`).toBe(true);
        expect(n.runningHealth()!.status).toBe(200);
      }
      expect(cluster.settings.values).toEqual(planned.settings);
      expectNoTempFiles();
      expect(await readOpenJournal(dir, cluster.profile()), 'the journal is done').toBeNull();
    });
  }
});

describe('recover --rollback and the product settings', () => {
  // Records: 0 begin, 1-24 the nodes, 25/26 Storage.PackagesRootPath about/done, 27/28 Web.BaseUrl, 29 end.
  const BOTH_SET = 29;
  const before = { 'Storage.PackagesRootPath': '/var/proget/packages', 'Web.BaseUrl': null };

  it('sets each back to its value before, newest first, through the first node, journaled', async () => {
    const { outcome, open } = await killedApply(BOTH_SET);
    expect(outcome).toBe('killed');
    expect(journalState(open!.records).settingsBefore).toEqual(before);
    const mark = cluster.journal.length;
    const report = await recoverRollback(recoverInput(open!));
    expect(report.status).toBe('recovered');
    expect(report.settings).toEqual([
      { name: 'Web.BaseUrl', result: 'set-back', detail: 'back to empty (it had no value) (through node1)' },
      { name: 'Storage.PackagesRootPath', result: 'set-back', detail: 'back to "/var/proget/packages" (through node1)' },
    ]);
    expect(cluster.changes(mark).filter((e) => e.startsWith('settings'))).toEqual(['settings set Web.BaseUrl=', 'settings set Storage.PackagesRootPath=/var/proget/packages']);
  });

  it('a journal of an older wizard (no value before): the nodes are restored, the setting is left as a line to do by hand, the journal is done', async () => {
    const { outcome, open } = await killedApply(BOTH_SET);
    expect(outcome).toBe('killed');
    const old = fs.readFileSync(open!.file, 'utf8').split('\n').map((l) => l.replace(/,"previous":(null|"[^"]*")/, '')).join('\n');
    expect(old).not.toContain('previous');
    fs.writeFileSync(open!.file, old);
    const reopened = await readOpenJournal(dir, cluster.profile());
    expect(journalState(reopened!.records).settingsBefore).toEqual({});
    const report = await recoverRollback(recoverInput(reopened!));
    expect(report.status).toBe('failed');
    expect(report.reason).toBe('a product setting was not set back: see what is left to do by hand');
    expect(report.nodes.map((n) => [n.id, n.result])).toEqual([['node3', 'restored'], ['node2', 'restored'], ['node1', 'restored']]);
    expect(report.manual).toEqual(['Web.BaseUrl', 'Storage.PackagesRootPath'].map((name) =>
      `the settings API was asked to set ${name}, but the journal does not say its value before (an older wizard wrote it): check it in the product's Administration > Advanced Settings and set it back by hand`));
    expect(cluster.settings.values.get('Web.BaseUrl'), 'left as the apply set it').toBe('https://proget.example');
    // Another rollback could do nothing more: the journal does not stay open.
    expect(await readOpenJournal(dir, cluster.profile())).toBeNull();
  });

  it('the first node\'s settings API fails: set back through the next one', async () => {
    const { open } = await killedApply(BOTH_SET);
    cluster.settings.failingSets.add(cluster.settings.sets + 1);
    const report = await recoverRollback(recoverInput(open!));
    expect(report.status).toBe('recovered');
    expect(report.settings.map((x) => x.detail)).toEqual(['back to empty (it had no value) (through node2)', 'back to "/var/proget/packages" (through node1)']);
  });

  it('the settings API fails on every node: the nodes are restored, the setting is a line with its exact value, the journal stays open, and a second rollback sets it back', async () => {
    const { open } = await killedApply(BOTH_SET);
    const sets = cluster.settings.sets;
    for (const i of [1, 2, 3]) cluster.settings.failingSets.add(sets + i);
    const report = await recoverRollback(recoverInput(open!));
    expect(report.status).toBe('failed');
    expect(report.nodes.every((n) => n.result === 'restored')).toBe(true);
    expect(report.settings.map((x) => [x.name, x.result])).toEqual([['Web.BaseUrl', 'failed'], ['Storage.PackagesRootPath', 'set-back']]);
    expect(report.manual).toHaveLength(1);
    expect(report.manual[0]).toMatch(/^set Web\.BaseUrl back to empty \(it had no value\) by hand in the product's Administration > Advanced Settings \(node1: the settings API answered HTTP 500: .*; node2: .*; node3: .*\)$/);
    expect(JSON.stringify(report)).not.toContain(cluster.settings.apiKey);
    expect(cluster.settings.values.get('Storage.PackagesRootPath')).toBe('/var/proget/packages');
    const still = await readOpenJournal(dir, cluster.profile());
    expect(still, 'the journal stays open').not.toBeNull();
    const again = await recoverRollback(recoverInput(still!));
    expect(again.status).toBe('recovered');
    expect(cluster.settings.values.get('Web.BaseUrl')).toBe('');
    expect(await readOpenJournal(dir, cluster.profile())).toBeNull();
  });
});

describe('a write cut short in the middle leaves its temp file', () => {
  const TEMPS = ['/srv/node1/proget.env.ha-wizard-new-0123456789ab', '/srv/node1/proget.env.ha-wizard-restore-ba9876543210'];
  const MINE = '/srv/node1/proget.env.ha-wizard-new-by-the-admin';
  async function killedMidWrite() {
    const { outcome, open } = await killedApply(4);
    expect(outcome).toBe('killed');
    expect(journalState(open!.records).nodes.find((n) => n.id === 'node1')?.wrote, 'node1\'s write had started').toBe(true);
    // What a kill inside replaceVerified leaves: its temp file (a restore's too), beside an admin's look-alike.
    for (const p of [...TEMPS, MINE]) cluster.node('node1').files.set(p, { bytes: Buffer.from('half'), mode: 0o100600 });
    return open!;
  }

  it('recover --rollback removes the temp files, and nothing else', async () => {
    const report = await recoverRollback(recoverInput(await killedMidWrite()));
    expect(report.status).toBe('recovered');
    expect(report.nodes.find((n) => n.id === 'node1')?.detail).toContain('removed proget.env.ha-wizard-new-0123456789ab, proget.env.ha-wizard-restore-ba9876543210, left by the write that was cut short');
    expect([...cluster.node('node1').files.keys()].filter((p) => p.includes('.ha-wizard-') && !p.endsWith('.bak'))).toEqual([MINE]);
  });

  it('recover --finish removes them too', async () => {
    const open = await killedMidWrite();
    const { halfDone, apply } = await recoverFinish({ ...recoverInput(open), plan: await planOn(cluster) });
    expect(halfDone.status).toBe('recovered');
    expect(apply?.status).toBe('applied');
    expect([...cluster.node('node1').files.keys()].filter((p) => p.includes('.ha-wizard-') && !p.endsWith('.bak'))).toEqual([MINE]);
  });
});

describe('recover --rollback refuses a backup it cannot trust', () => {
  for (const damage of ['missing', 'different'] as const) {
    it(`a ${damage} backup: refused with the reason, nothing changed`, async () => {
      const { outcome, open } = await killedApply(1 + 8 + 3); // node2's write started
      expect(outcome).toBe('killed');
      const node1 = cluster.node('node1');
      const backup = `${node1.configPath}${BACKUP_SUFFIX}`;
      if (damage === 'missing') node1.files.delete(backup);
      else node1.files.set(backup, { bytes: Buffer.from('someone else\n'), mode: 0o100640 });
      const before = cluster.nodes.map((n) => n.config()!.toString('hex'));
      const mark = cluster.journal.length;
      const report = await recoverRollback(recoverInput(open!));
      expect(report.status).toBe('refused');
      expect(report.reason).toMatch(damage === 'missing' ? /^node1: the backup \S+ cannot be read/ : /^node1: the backup \S+ differs from the one apply made/);
      expect(cluster.changes(mark)).toEqual([]);
      expect(cluster.nodes.map((n) => n.config()!.toString('hex'))).toEqual(before);
      expect(await readOpenJournal(dir, cluster.profile()), 'the journal stays open').not.toBeNull();
    });
  }
});

describe('recover and the cluster lock a killed apply leaves', () => {
  it('refused while the lock stands, naming its owner; with --break-lock it is broken (the process is gone), saying so, and the rollback runs', async () => {
    const gone = { user: 'admin', host: os.hostname(), pid: 99_999_999, tool: 'ha-wizard test' };
    const plan = await planOn(cluster);
    const { journal, killed } = killAt(12, FileJournal.for(dir, plan.profile));
    expect(await Promise.race([killed, applyOn(cluster, plan, undefined, { journal, lock: { owner: gone } }).then((r) => r.report.status)])).toBe('killed');
    expect(cluster.node('node1').files.has(`/srv/node1/.ha-wizard-cluster.lock`), 'the killed apply held the lock').toBe(true);
    const open = await readOpenJournal(dir, plan.profile);
    const me = { user: 'admin', host: 'other-laptop', pid: 1, tool: 'ha-wizard test' };
    const refused = await recoverRollback({ ...recoverInput(open!), lock: { owner: me } });
    expect(refused.status).toBe('refused');
    expect(refused.reason).toMatch(/^the cluster is locked by admin@\S+ \(pid 99999999, ha-wizard test\) since .* looks stale: its process 99999999 no longer runs on this machine; --break-lock breaks it$/);
    const r = await recoverRollback({ ...recoverInput(open!), lock: { owner: me, breakLock: true } });
    expect(r.status).toBe('recovered');
    expect(r.manual[0]).toMatch(/^\(broke the stale lock of admin@\S+ \(pid 99999999, ha-wizard test\)/);
    expect(cluster.node('node1').files.has(`/srv/node1/.ha-wizard-cluster.lock`), 'and the lock is gone').toBe(false);
  });
});
