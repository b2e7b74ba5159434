/**
 * The apply journal on a fake cluster, no lab: a record before and after every step with the node and
 * its backup (path + sha256 of the bytes backed up); a finished apply moves it into the history; a torn
 * last line is ignored; and no password of a profile full of hostile ones is in it, in any encoding.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretResolver } from '../secrets';
import { sha256 } from './masked-diff';
import { FakeCluster } from './testing/fake-nodes';
import { STARTED, BACKUP_SUFFIX, UNHEALTHY_TIMEOUT_MS, applyOn, planOn, threeNodes } from './testing/fake-run';
import { FileJournal, parseJournal, readOpenJournal, type JournalRecord, type StepRecord } from './journal';
import { journalState } from './journal-state';
import { HOSTILE_PASSWORDS, randomPassword } from '../../shared/testing/hostile-passwords';
import { seededRandom } from '../../shared/testing/seeded-random';

let cluster: FakeCluster;
let dir: string;
beforeEach(async () => {
  cluster = await FakeCluster.start(threeNodes());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-wizard-journal-'));
});
afterEach(async () => {
  await cluster.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cfg = (id: string) => `/srv/${id}/proget.env`;
const historyFiles = () => (fs.existsSync(path.join(dir, 'history')) ? fs.readdirSync(path.join(dir, 'history')) : []);
const readHistory = () => parseJournal(fs.readFileSync(path.join(dir, 'history', historyFiles()[0]!), 'utf8'));
const brief = (r: JournalRecord) => (r.type === 'step' ? `${r.nodeId ?? '-'} ${r.step} ${r.status}` : r.type === 'end' ? `end ${r.status}` : `begin ${r.kind}`);

describe('the apply journal', () => {
  it('records every step before and after, with the node and its backup, and moves into the history when applied', async () => {
    const originals = new Map(cluster.nodes.map((n) => [n.id, n.config()!]));
    const plan = await planOn(cluster);
    const journal = FileJournal.for(dir, plan.profile);
    const { report } = await applyOn(cluster, plan, undefined, { journal });
    expect(report.status).toBe('applied');
    expect(fs.existsSync(journal.file), 'no open journal is left').toBe(false);
    expect(historyFiles()).toHaveLength(1);
    const records = readHistory();
    const perNode = (id: string) => ['backup', 'write', 'restart', 'wait-healthy'].flatMap((s) => [`${id} ${s} about`, `${id} ${s} done`]);
    expect(records.map(brief)).toEqual([
      'begin apply', ...perNode('node1'), ...perNode('node2'), ...perNode('node3'),
      '- settings about', '- settings done', '- settings about', '- settings done', 'end applied',
    ]);
    for (const r of records.filter((x): x is StepRecord => x.type === 'step' && x.nodeId !== null)) {
      expect(r).toMatchObject({ path: cfg(r.nodeId!), backupPath: `${cfg(r.nodeId!)}${BACKUP_SUFFIX}`, backupSha256: sha256(originals.get(r.nodeId!)!) });
    }
    expect(records[0]).toMatchObject({ type: 'begin', cluster: { product: 'proget', nodes: ['node1', 'node2', 'node3'] }, profileHash: plan.profileHash, at: STARTED.toISOString() });
    expect(records.filter((r) => r.type === 'step' && r.step === 'settings' && r.status === 'about').map((r) => (r as StepRecord).setting)).toEqual(['Storage.PackagesRootPath', 'Web.BaseUrl']);
    // Each setting's value before it was set, in its 'about' record (so recover --rollback can set it back).
    expect(records.flatMap((r) => (r.type === 'step' && r.step === 'settings' ? [[r.status, r.setting, r.previous]] : []))).toEqual([
      ['about', 'Storage.PackagesRootPath', '/var/proget/packages'], ['done', undefined, undefined], ['about', 'Web.BaseUrl', null], ['done', undefined, undefined],
    ]);
    expect(journalState(records).settingsBefore).toEqual({ 'Storage.PackagesRootPath': '/var/proget/packages', 'Web.BaseUrl': null });
  });

  it('the value before a setting is its first \'about\' record\'s: a later apply\'s holds what an earlier one set; a first without one (an older wizard) leaves it unknown', () => {
    const about = (setting: string, previous?: string | null): StepRecord =>
      ({ type: 'step', at: STARTED.toISOString(), step: 'settings', status: 'about', nodeId: null, setting, ...(previous === undefined ? {} : { previous }) });
    const s = journalState([about('A', '/old'), about('B'), about('A', '/new'), about('B', '/later'), about('C', null)]);
    expect(s.settings).toEqual(['A', 'B', 'C']);
    expect(s.settingsBefore).toEqual({ A: '/old', C: null });
  });

  it('a clean rollback finishes the journal', async () => {
    const plan = await planOn(cluster);
    cluster.node('node2').faults.add('unhealthy-config');
    const rolled = await applyOn(cluster, plan, UNHEALTHY_TIMEOUT_MS, { journal: FileJournal.for(dir, plan.profile) });
    expect(rolled.report.status).toBe('rolled-back');
    expect(await readOpenJournal(dir, plan.profile)).toBeNull();
    expect(readHistory().map(brief).slice(-3)).toEqual(['node1 rollback about', 'node1 rollback done', 'end rolled-back']);
  });

  it('a failed rollback leaves the journal open, saying so', async () => {
    cluster.node('node2').faults.add('no-start-ever');
    const plan2 = await planOn(cluster);
    const failed = await applyOn(cluster, plan2, undefined, { journal: FileJournal.for(dir, plan2.profile) });
    expect(failed.report.status).toBe('rollback-failed');
    const open = await readOpenJournal(dir, plan2.profile);
    expect(open).not.toBeNull();
    const state = journalState(open!.records);
    expect(state.end).toMatchObject({ status: 'rollback-failed', done: false });
    expect(state.nodes.map((n) => [n.id, n.wrote, n.restarted])).toEqual([['node1', true, true], ['node2', true, true]]);
  });

  it('a torn last line (a kill mid-write) is ignored, and the next record still reads', async () => {
    const journal = new FileJournal(dir, { product: 'proget', nodes: ['a', 'b'] });
    const rec: StepRecord = { type: 'step', at: STARTED.toISOString(), step: 'backup', status: 'about', nodeId: 'a', path: '/x', backupPath: '/x.bak', backupSha256: 'ab' };
    await journal.append(rec);
    const whole = fs.readFileSync(journal.file, 'utf8');
    for (let cut = 1; cut < whole.length - 1; cut++) {
      const torn = `${whole}${whole.slice(0, cut)}`;
      expect(parseJournal(torn), `cut at ${cut}`).toEqual([rec]);
    }
    fs.appendFileSync(journal.file, whole.slice(0, 17));
    await journal.append({ ...rec, status: 'done' });
    expect(parseJournal(fs.readFileSync(journal.file, 'utf8'))).toEqual([rec, { ...rec, status: 'done' }]);
  });

  it('a whole line of JSON that is no record (edited, or another tool\'s) is refused by its line number, never handed to recovery', () => {
    const rec: StepRecord = { type: 'step', at: STARTED.toISOString(), step: 'write', status: 'about', nodeId: 'a', path: '/x' };
    const odd = ['null', '42', '"step"', '[]', '{"type":"step"}', '{"type":"wat","at":"x"}', JSON.stringify({ ...rec, step: 'format-disk' }), JSON.stringify({ ...rec, nodeId: 7 })];
    for (const line of odd) {
      expect(() => parseJournal(`${JSON.stringify(rec)}\n${line}\n${JSON.stringify(rec)}\n`), line).toThrow(/^the journal's line 2 is not a record$/);
    }
    // Fields a later version adds are no reason to refuse: the record reads as this version knows it.
    expect(parseJournal(`${JSON.stringify({ ...rec, extra: 1 })}\n`)).toEqual([rec]);
  });
});

describe('no secret in the journal', () => {
  const next = seededRandom(0x15ea1);
  // Each made unique, so finding it cannot be chance ("==" alone is in any base64).
  const passwords = [...HOSTILE_PASSWORDS, ...Array.from({ length: 12 }, () => randomPassword(next, 12, 24))].map((p, i) => `${p}#${i}q7`);
  // Base64 of a secret inside longer text depends on its alignment: the part fixed by the secret alone, at each of 3 offsets.
  const base64s = (bytes: Buffer, form: 'base64' | 'base64url') => [0, 1, 2].map((k) => Buffer.concat([Buffer.alloc(k, 0x78), bytes]).toString(form).slice(k ? 4 : 0, -4));
  const encodings = (p: string) => [p, JSON.stringify(p).slice(1, -1), Buffer.from(p).toString('hex'), encodeURIComponent(p),
    ...base64s(Buffer.from(p), 'base64'), ...base64s(Buffer.from(p), 'base64url'), ...base64s(Buffer.from(p, 'utf16le'), 'base64')];

  it(`${passwords.length} hostile database passwords, applied and rolled back: none is in any record, raw, JSON, hex, URL or base64 at any alignment`, async () => {
    for (const [i, password] of passwords.entries()) {
      cluster.nodes.forEach((n) => {
        n.files.clear();
        n.files.set(n.configPath, { bytes: n.original!, mode: 0o100640 });
      });
      const secrets = new SecretResolver({ resolve: (ref) => Promise.resolve('env' in ref && ref.env === 'API_KEY' ? cluster.settings.apiKey : password) });
      const plan = await planOn(cluster, undefined, secrets);
      // Every other run fails on node3 and rolls back, so the failure texts are journaled too.
      if (i % 2) cluster.node('node3').faults.add('write-denied');
      const { report } = await applyOn(cluster, plan, undefined, { journal: FileJournal.for(dir, plan.profile), secrets });
      cluster.node('node3').faults.clear();
      expect(report.status).toBe(i % 2 ? 'rolled-back' : 'applied');
      const written = cluster.node('node2').config()!.toString('utf8');
      if (!(i % 2)) expect([password, password.replace(/"/g, '""'), password.replace(/'/g, "''")].some((f) => written.includes(f)), `the password reached the file: ${written}`).toBe(true);
    }
    const texts = historyFiles().map((f) => fs.readFileSync(path.join(dir, 'history', f), 'utf8'));
    expect(texts).toHaveLength(passwords.length);
    for (const password of passwords) for (const form of encodings(password)) for (const t of texts) expect(t.includes(form), `${JSON.stringify(password)} as ${form}`).toBe(false);
  });
});
