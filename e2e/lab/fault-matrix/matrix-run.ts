/**
 * Runs one cell: the apply with its fault (or the wizard killed and then recovered), the fault cleared,
 * what every node and the report ended as, judged by the rule (matrix-verdict.ts), then the lab's reset.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ApplyReport } from '../../../electron/core/apply/apply-steps';
import { FileJournal, readOpenJournal } from '../../../electron/core/apply/journal';
import { journalState } from '../../../electron/core/apply/journal-state';
import { currentOwner } from '../../../electron/core/apply/cluster-lock';
import { createPlan } from '../../../electron/core/apply/plan';
import { recoverFinish, recoverRollback } from '../../../electron/core/apply/recover';
import type { Plan } from '../../../electron/shared/plan-schema';
import { type ClusterProfile, nodeId } from '../../../electron/shared/profile';
import type { LabDescription } from '../lab-description';
import { injectFault } from '../faults';
import type { MatrixCell } from './matrix-cells';
import { type MatrixApply, matrixApply, matrixSecrets, matrixSettings } from './matrix-apply';
import { clearEveryFault, startFault } from './matrix-faults';
import { configBytes, healthyWithin, labNodes, readSettings, resetLab, wizardFiles } from './matrix-lab';
import { type CellEnd, type NodeEnd, ruleBreaches } from './matrix-verdict';
import type { KilledApplyInput } from './killed-apply';

export interface MatrixContext {
  lab: LabDescription;
  profile: ClusterProfile;
  plan: Plan;
  before: Record<string, Buffer>;
  planned: Record<string, Buffer>;
  settingNames: string[];
  plannedSettings: Record<string, string | null>;
  beforeSettings: Record<string, string | null>;
  work: string;
  healthTimeoutMs: number;
  /** The bundled killed-apply.ts. */
  killer: string;
}

export interface CellResult {
  id: string;
  status: string;
  ends: string;
  seconds: number;
  breaches: string[];
  said: string;
}

const journalDir = (m: MatrixContext) => path.join(m.work, 'journals');

const lastNode = (m: MatrixContext) => nodeId(m.profile.nodes[m.profile.nodes.length - 1]!);

function applyInput(m: MatrixContext, cell: MatrixCell): MatrixApply {
  const last = lastNode(m);
  return {
    plan: m.plan, journalDir: journalDir(m), knownHostsPath: path.join(m.work, 'known_hosts.json'), healthTimeoutMs: m.healthTimeoutMs,
    at: { step: cell.step.step, nodeId: cell.step.nodeId }, failLast: cell.step.phase === 'rollback' ? { node: last, version: m.lab.options.version } : null,
  };
}

/** What the run ended as: a report's status and words (apply's, or recovery's after a kill). */
interface Ran { status: string; expect: CellEnd['expect']; said: string; named: (id: string) => string | null; settingsNamed: string | null; landed: boolean }

export async function runCell(m: MatrixContext, cell: MatrixCell): Promise<CellResult> {
  const started = Date.now();
  try {
    return await judgedCell(m, cell, started);
  } catch (e) {
    // A cell that could not even be judged (the lab would not reset, a call threw) breaks the rule too.
    const why = e instanceof Error ? e.message : String(e);
    await clearEveryFault(labNodes(m.lab).map((n) => n.node));
    await resetLab(m.lab, m.before, m.settingNames, journalDir(m)).catch(() => undefined);
    return { id: cell.id, status: 'error', ends: '', seconds: (Date.now() - started) / 1000, breaches: [`the cell could not run: ${why}`], said: '' };
  }
}

async function judgedCell(m: MatrixContext, cell: MatrixCell, started: number): Promise<CellResult> {
  const node = labNodes(m.lab).find((n) => n.node.name === cell.faultNode)!.node;
  let ran: Ran;
  const fault = cell.fault;
  if (fault === 'sigkill-rollback' || fault === 'sigkill-finish') {
    ran = await killedThenRecovered(m, cell);
  } else {
    let clear: (() => Promise<void>) | null = null;
    const report = await matrixApply(applyInput(m, cell), async () => {
      clear = (await startFault(fault, node, { version: m.lab.options.version, databasePort: m.lab.databases.postgres.port })).clear;
    }).finally(async () => {
      if (clear) await clear();
    });
    ran = { ...fromApply(report), landed: clear !== null };
  }
  if (cell.step.phase === 'rollback') await injectFault('never-healthy', lastNode(m), { clear: true });
  const end = await cellEnd(m, ran);
  const breaches = ruleBreaches(end);
  const result: CellResult = {
    id: cell.id, status: ran.status, seconds: (Date.now() - started) / 1000, breaches, said: ran.said,
    ends: end.nodes.map((n) => `${n.bytes}${n.healthy ? '' : '!'}${n.named ? '*' : ''}${n.backups ? '+b' : ''}`).join(' '),
  };
  await resetLab(m.lab, m.before, m.settingNames, journalDir(m));
  return result;
}

function fromApply(r: ApplyReport): Omit<Ran, 'landed'> {
  const failed = r.settings.filter((s) => s.status === 'restore-failed').map((s) => s.detail);
  return {
    status: r.status, expect: null, named: (id) => r.nodes.find((n) => n.id === id)?.manual ?? null, settingsNamed: failed.length ? failed.join('; ') : null,
    said: [r.reason, ...r.nodes.filter((n) => n.manual).map((n) => n.manual), ...r.manualSteps.filter((s) => /lock/i.test(s.title)).map((s) => s.detail)].filter(Boolean).join(' | '),
  };
}

/** The wizard killed inside the step (a child process sends itself SIGKILL), then `recover` as the CLI runs it. */
async function killedThenRecovered(m: MatrixContext, cell: MatrixCell): Promise<Ran> {
  const input: KilledApplyInput = { ...applyInput(m, cell), killAfterMs: Math.max(1, Math.round(cell.step.ms / 2)) };
  const inputFile = path.join(m.work, 'killed-apply.json');
  fs.writeFileSync(inputFile, JSON.stringify(input), { mode: 0o600 });
  const child = spawn(process.execPath, [m.killer, inputFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  const signal = await new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
  clearTimeout(timer);
  if (signal !== 'SIGKILL') return { status: `not killed (the apply ended first): ${out.slice(0, 300)}`, expect: null, said: '', named: () => null, settingsNamed: null, landed: false };
  // Whatever the child set (the last node's /health Error) goes before recovery, as an admin's fix would.
  if (cell.step.phase === 'rollback') await injectFault('never-healthy', lastNode(m), { clear: true });
  const open = await readOpenJournal(journalDir(m), m.profile);
  if (!open) return { status: 'no journal after the kill', expect: cell.fault === 'sigkill-rollback' ? 'before' : 'planned', said: '', named: () => null, settingsNamed: null, landed: true };
  const settings = matrixSettings(path.join(m.work, 'known_hosts.json'));
  const input2 = {
    profile: m.profile, settings, secrets: matrixSecrets(), state: journalState(open.records), journal: FileJournal.for(journalDir(m), m.profile),
    healthTimeoutMs: m.healthTimeoutMs, lock: { owner: currentOwner('ha-wizard fault-matrix recover'), breakLock: true },
  };
  if (cell.fault === 'sigkill-rollback') {
    const r = await recoverRollback(input2);
    return {
      status: r.status, expect: 'before', named: (id) => r.nodes.find((n) => n.id === id && n.result === 'failed')?.detail ?? null,
      settingsNamed: r.manual.length ? r.manual.join('; ') : null, said: [r.reason, ...r.manual].filter(Boolean).join(' | '), landed: true,
    };
  }
  const plan = await createPlan({ profile: m.profile, settings, secrets: matrixSecrets(), tool: { name: 'ha-wizard', version: 'fault-matrix' }, healthTimeoutMs: m.healthTimeoutMs });
  const r = await recoverFinish({ ...input2, plan });
  const ok = r.halfDone.status === 'recovered' && (r.apply?.status === 'applied' || r.apply?.status === 'nothing-to-do');
  return {
    status: ok ? 'recovered' : r.apply ? `finish: ${r.apply.status}` : `finish: ${r.halfDone.status}`, expect: 'planned',
    named: () => null, settingsNamed: null, said: [r.halfDone.reason, r.apply?.reason].filter(Boolean).join(' | '), landed: true,
  };
}

async function cellEnd(m: MatrixContext, ran: Ran): Promise<CellEnd> {
  const nodes: NodeEnd[] = await Promise.all(labNodes(m.lab).map(async (n) => {
    const bytes = configBytes(n);
    const state = bytes.equals(m.before[n.node.name]!) ? 'before' : bytes.equals(m.planned[n.node.name]!) ? 'planned' : 'other';
    const named = ran.named(n.node.name);
    const files = wizardFiles(n);
    const backup = named ? /(\S+\.ha-wizard-\d{8}T\d{6}Z(?:-\d+)?\.bak)/.exec(named)?.[1] : undefined;
    const badBackup = backup && !(files.backups.some((b) => backup.endsWith(b)) && fs.readFileSync(path.join(n.dir, path.basename(backup))).equals(m.before[n.node.name]!)) ? backup : null;
    return { id: n.node.name, bytes: state, healthy: state !== 'other' && (await healthyWithin(n.url, 10_000)), temps: files.temps, named, badBackup, backups: files.backups.length };
  }));
  const settings = await readSettings(m.lab, m.settingNames).catch(() => null);
  const same = (want: Record<string, string | null>) => settings !== null && m.settingNames.every((s) => settings[s] === want[s]);
  nodes.push({ id: 'settings', bytes: same(m.beforeSettings) ? 'before' : same(m.plannedSettings) ? 'planned' : 'other', healthy: settings !== null, temps: [], named: ran.settingsNamed, badBackup: null, backups: 0 });
  const first = labNodes(m.lab)[0]!;
  return {
    status: ran.status, expect: ran.expect, nodes, lockLeft: wizardFiles(first).lock, lockNamed: /lock/i.test(ran.said),
    journalOpen: (await readOpenJournal(journalDir(m), m.profile).catch(() => null)) !== null, faultLanded: ran.landed,
  };
}
