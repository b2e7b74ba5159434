/**
 * Lab: the real bundled `ha-wizard` (built as `npm run build:cli` builds it) applies a plan to the lab
 * and is killed with SIGKILL once the journal says node1's new file is written. Every later command
 * on that profile says the apply was cut short; `recover --rollback` brings every node back byte for
 * byte and healthy, and (second case) `recover --finish --yes` leaves the cluster as planned. The
 * killed apply's cluster lock stays on node1: recover is refused naming it until --break-lock.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { buildCli } from '../../scripts/build-cli';
import { parseJournal } from '../../electron/core/apply/journal';
import type { Plan } from '../../electron/shared/plan-schema';
import { editNodeConfig } from './check-helpers';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { serviceAction } from './nodes';
import { getJson } from './test-helpers';

const lab = inject('lab');
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const work = path.join(ROOT, 'out', `recover-lab-${process.pid}`);
const bundle = path.join(work, 'ha-wizard.cjs');
let home: string;
let profileFile: string;
let restoreNode1: () => void;

const cli = (args: string[]) => run(process.execPath, [bundle, ...args, '--known-hosts', path.join(home, 'kh.json')], { env: { ...process.env, NO_COLOR: '1', HA_WIZARD_HOME: home }, timeout: 120_000 })
  .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

function configDirs(): { name: string; dir: string; file: string }[] {
  const state = readLabState()!;
  return state.nodes.map((n) => ({ name: n.name, dir: path.join(n.dir, 'config'), file: path.join(n.dir, 'config', state.configFileName) }));
}
const configFiles = () => Object.fromEntries(configDirs().map((n) => [n.name, fs.readFileSync(n.file)]));
/** Files the wizard made beside a configuration other than its backups: temp files, which must never stay. */
const tempFiles = () => configDirs().flatMap((n) => fs.readdirSync(n.dir).filter((f) => f.includes('.ha-wizard-') && !/\.ha-wizard-\d{8}T\d{6}Z(-\d+)?\.bak$/.test(f)).map((f) => `${n.name}/${f}`));
async function healthy(): Promise<boolean[]> {
  return Promise.all(lab.nodes.map(async (n) => (await getJson(`${n.url}/health`).catch(() => ({ status: 0 }))).status === 200));
}

let original: Record<string, Buffer>;
beforeAll(async () => {
  fs.mkdirSync(work, { recursive: true });
  await buildCli(bundle);
  original = configFiles();
}, 180_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let before: Record<string, Buffer>;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'recover-lab-'));
  profileFile = path.join(home, 'cluster.json');
  fs.writeFileSync(profileFile, JSON.stringify(labProfile(lab)), { mode: 0o600 });
  // As in apply.lab.test.ts: node1 gets an option the profile lacks, so all three nodes change.
  restoreNode1 = editNodeConfig(lab, 'node1', (t) => t.replace(/(POSTGRES_CONNECTION_STRING=[^\n]*)/, '$1;Timeout=15'));
  before = configFiles();
});
afterEach(async () => {
  restoreNode1();
  for (const n of configDirs()) {
    fs.writeFileSync(n.file, original[n.name]!);
    for (const f of fs.readdirSync(n.dir).filter((x) => x.includes('.ha-wizard-'))) fs.rmSync(path.join(n.dir, f));
  }
  for (const n of readLabState()!.nodes) await serviceAction(n, 'restart');
  fs.rmSync(home, { recursive: true, force: true });
});

/** Plans, then runs `apply` and SIGKILLs it as soon as the journal records node1's write done. */
async function applyKilledAfterNode1Write(): Promise<string> {
  const plan = await cli(['plan', '--profile', profileFile, '--out', path.join(home, 'plan.json')]);
  expect(plan.code, plan.stderr).toBe(0);
  const child = spawn(process.execPath, [bundle, 'apply', '--plan', path.join(home, 'plan.json'), '--known-hosts', path.join(home, 'kh.json'), '--health-timeout', '30'],
    { env: { ...process.env, NO_COLOR: '1', HA_WIZARD_HOME: home }, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
  const journals = path.join(home, 'journals');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const file = fs.existsSync(journals) ? fs.readdirSync(journals).find((f) => f.endsWith('.jsonl')) : undefined;
    const records = file ? parseJournal(fs.readFileSync(path.join(journals, file), 'utf8')) : [];
    if (records.some((r) => r.type === 'step' && r.nodeId === 'node1' && r.step === 'write' && r.status === 'done')) {
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      return path.join(journals, file!);
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`apply ended (${child.exitCode}) before node1's write was journaled`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('an apply killed with SIGKILL mid-way', () => {
  it('is named by the next command, and recover --rollback restores every node byte for byte, healthy', async () => {
    const journal = await applyKilledAfterNode1Write();
    expect(configFiles().node1!.equals(before.node1!), 'node1 has its new file').toBe(false);

    const notice = await cli(['plan', '--profile', profileFile]);
    expect(notice.stderr).toMatch(/^An apply to this cluster was cut short: its last step: (write|restart|wait-healthy) (had started|done) on node1, at /);
    const told = await cli(['recover', '--profile', profileFile]);
    expect(told.code).toBe(1);
    expect(told.stdout).toMatch(/--rollback would:\n {4}node1: put \S+\.bak back over \S+proget\.env \(its sha256 checked first\)/);

    const locked = await cli(['recover', '--profile', profileFile, '--rollback']);
    expect(locked.code).toBe(1);
    expect(locked.stdout).toMatch(/Refused, nothing was changed: the cluster is locked by \S+@\S+ \(pid \d+, ha-wizard [\d.]+\) since .*: its process \d+ no longer runs on this machine; --break-lock breaks it/);
    const r = await cli(['recover', '--profile', profileFile, '--rollback', '--break-lock', '--health-timeout', '60']);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/\nRecovered\n {2}node1: restored — restored \S+ from \S+\.bak/);
    expect(r.stdout).toMatch(/TO DO BY HAND: \(broke the stale lock of /);
    expect(configFiles()).toEqual(before);
    expect(await healthy()).toEqual([true, true, true]);
    expect(tempFiles()).toEqual([]);
    expect(fs.existsSync(journal), 'the journal went into the history').toBe(false);
    expect((await cli(['recover', '--profile', profileFile])).stdout).toBe('No apply to this cluster was cut short: nothing to recover.\n');
  });

  it('recover --finish shows the new plan and changes nothing; with --yes it leaves the cluster as planned', async () => {
    await applyKilledAfterNode1Write();
    const killedState = configFiles();

    const shown = await cli(['recover', '--profile', profileFile, '--finish']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/Plan for [23] of 3 servers/);
    expect(shown.stdout).toContain('Nothing was changed. To apply this: ha-wizard recover --profile <file> --finish --yes');
    expect(configFiles()).toEqual(killedState);

    const done = await cli(['recover', '--profile', profileFile, '--finish', '--yes', '--break-lock', '--health-timeout', '60']);
    expect(done.code, `${done.stdout}\n${done.stderr}`).toBe(0);
    expect(done.stdout).toMatch(/\nApplied\n/);
    const after = configFiles();
    const keys = Object.values(after).map((b) => /PROGET_ENCRYPTION_KEY=(\w+)/.exec(b.toString())?.[1]);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBeTruthy();
    expect(await healthy()).toEqual([true, true, true]);
    expect(tempFiles()).toEqual([]);
    // As planned: a new plan has nothing left to change.
    const again = await cli(['plan', '--profile', profileFile, '--json']);
    expect(again.stderr).not.toContain('cut short');
    expect((JSON.parse(again.stdout) as Plan).nodes.map((n) => n.changed)).toEqual([false, false, false]);
  });
});
