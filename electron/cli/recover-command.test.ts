/**
 * `ha-wizard recover` and the notice, through the real CLI with a journal left in its data folder
 * (HA_WIZARD_HOME), no servers: the notice comes first on any command of that cluster, recover alone
 * says what each choice would do, and --rollback refuses when it cannot read the backup it names.
 * (Rolling back and finishing against servers: recover.test.ts on the fake remote, and the lab test.)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FileJournal, beginRecord, type StepRecord } from '../core/apply/journal';
import { parseProfile } from '../shared/profile';
import { ONE_NODE_PROFILE } from './cli-fixture';
import { formatRecoverReport } from './recover-command';

const exec = promisify(execFile);
const tsx = path.resolve('node_modules/.bin/tsx');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-recover-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));
const cli = (args: string[]) => exec(tsx, ['electron/cli/ha-wizard.ts', ...args], { env: { ...process.env, NO_COLOR: '1', HA_WIZARD_HOME: home, DB_PW: 'x' } })
  .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

const profileFile = path.join(home, 'profile.json');
fs.writeFileSync(profileFile, JSON.stringify({ ...ONE_NODE_PROFILE, nodes: [{ ...ONE_NODE_PROFILE.nodes[0], id: 'n1' }] }));
const otherFile = path.join(home, 'other.json');
fs.writeFileSync(otherFile, JSON.stringify({ ...ONE_NODE_PROFILE, nodes: [{ ...ONE_NODE_PROFILE.nodes[0], id: 'n2' }] }));

async function leaveJournal(): Promise<void> {
  const r = parseProfile(JSON.parse(fs.readFileSync(profileFile, 'utf8')));
  if (!r.ok) throw new Error('bad test profile');
  const j = FileJournal.for(path.join(home, 'journals'), r.profile);
  await j.append(beginRecord('apply', j.identity, 'p'.repeat(64), 'h'.repeat(64), new Date('2026-11-30T13:00:00Z')));
  const step = (s: StepRecord['step'], status: StepRecord['status'], at: string): StepRecord =>
    ({ type: 'step', at, step: s, status, nodeId: 'n1', path: '/etc/proget.env', backupPath: '/etc/proget.env.ha-wizard-20261130T130000Z.bak', backupSha256: 'a'.repeat(64) });
  for (const r2 of [step('backup', 'about', '2026-11-30T13:00:01Z'), step('backup', 'done', '2026-11-30T13:00:02Z'), step('write', 'about', '2026-11-30T13:00:03Z')]) await j.append(r2);
}

describe('ha-wizard recover', () => {
  it('with no journal: nothing to recover', async () => {
    const r = await cli(['recover', '--profile', profileFile]);
    expect([r.code, r.stdout]).toEqual([0, 'No apply to this cluster was cut short: nothing to recover.\n']);
  });

  it('a journal left behind: every command on that cluster says so first; recover says what each choice would do', async () => {
    await leaveJournal();
    const plan = await cli(['plan', '--profile', profileFile, '--connect-timeout', '500']);
    expect(plan.stderr).toMatch(/^An apply to this cluster was cut short: its last step: write had started on n1, at 2026-11-30T13:00:03Z\.\n/);
    expect(plan.stderr).toContain(`ha-wizard recover --profile ${profileFile} --rollback`);
    // Another cluster (other node ids) gets no notice.
    const other = await cli(['plan', '--profile', otherFile, '--connect-timeout', '500']);
    expect(other.stderr).not.toContain('cut short');

    const r = await cli(['recover', '--profile', profileFile]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--rollback would:\n    n1: put /etc/proget.env.ha-wizard-20261130T130000Z.bak back over /etc/proget.env (its sha256 checked first)\n');
    expect(r.stdout).toContain('--finish would:\n    restart n1 where the new file is in place, then make a new plan from the profile, show it, and apply it with --yes');
  });

  it('--rollback that cannot reach the node refuses, naming it, and keeps the journal', async () => {
    const r = await cli(['recover', '--profile', profileFile, '--rollback', '--connect-timeout', '500']);
    expect(r.code).toBe(1);
    // The cluster lock on the first node is the first thing it needs.
    expect(r.stdout).toMatch(/\nRefused, nothing was changed: n1: cannot take the cluster lock: .*127\.0\.0\.1:1/);
    expect(fs.readdirSync(path.join(home, 'journals')).filter((f) => f.endsWith('.jsonl'))).toHaveLength(1);
  });

  it('a journal cut short after the settings step: recover says it sets each back to its old value, or by hand where the journal lacks it', async () => {
    const file = path.join(home, 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ ...ONE_NODE_PROFILE, nodes: [{ ...ONE_NODE_PROFILE.nodes[0], id: 'n3' }] }));
    const r0 = parseProfile(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!r0.ok) throw new Error('bad test profile');
    const j = FileJournal.for(path.join(home, 'journals'), r0.profile);
    await j.append(beginRecord('apply', j.identity, 'p'.repeat(64), 'h'.repeat(64), new Date('2026-11-30T13:00:00Z')));
    const about = (setting: string, previous?: string | null): StepRecord =>
      ({ type: 'step', at: '2026-11-30T13:00:05Z', step: 'settings', status: 'about', nodeId: null, setting, ...(previous === undefined ? {} : { previous }) });
    await j.append(about('Storage.PackagesRootPath', '/var/proget/packages'));
    // As an older wizard wrote it: no value before.
    await j.append(about('Web.BaseUrl'));
    const r = await cli(['recover', '--profile', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--rollback  restores every changed server from its backup and restarts it, and sets the settings back;');
    expect(r.stdout).toContain([
      '--rollback would:', '    nothing: no configuration file was written yet',
      "    setting Web.BaseUrl: its old value is not in the journal (an older wizard's): set it back by hand",
      '    setting Storage.PackagesRootPath: set it back to "/var/proget/packages" through the settings API', '--finish would:',
    ].join('\n'));
  });

  it('the rollback report names each setting set back; one not set back is a line by hand', () => {
    expect(formatRecoverReport({
      status: 'failed', reason: 'a product setting was not set back: see what is left to do by hand', nodes: [{ id: 'n1', result: 'restored', detail: 'restored /etc/proget.env' }],
      settings: [{ name: 'Web.BaseUrl', result: 'failed', detail: 'set Web.BaseUrl back to "https://old" by hand (HTTP 500)' }, { name: 'Storage.PackagesRootPath', result: 'set-back', detail: 'back to "/var/proget/packages" (through n1)' }],
      manual: ['set Web.BaseUrl back to "https://old" by hand (HTTP 500)'],
    })).toBe([
      'FAILED: act now: a product setting was not set back: see what is left to do by hand', '  n1: restored — restored /etc/proget.env',
      '  setting Storage.PackagesRootPath: set back to "/var/proget/packages" (through n1)', '  TO DO BY HAND: set Web.BaseUrl back to "https://old" by hand (HTTP 500)',
    ].join('\n'));
  });

  it('--rollback with --finish, or --yes without --finish, is bad usage', async () => {
    expect((await cli(['recover', '--profile', profileFile, '--rollback', '--finish'])).code).toBe(2);
    expect((await cli(['recover', '--profile', profileFile, '--yes'])).code).toBe(2);
  });
});
