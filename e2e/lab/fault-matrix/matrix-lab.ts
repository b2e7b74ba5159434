/**
 * What a cell left on the lab, read from the lab's side (files, /health, the settings), and the lab's own
 * reset between cells: the original files back, the wizard's files gone, the settings as before, the
 * services restarted where they need it. No `down`/`up`: one lab serves the whole matrix.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { LOCK_NAME } from '../../../electron/core/apply/cluster-lock';
import { listSettings, setSetting } from '../../../electron/core/apply/settings-api';
import { readLabState } from '../lab';
import type { LabDescription } from '../lab-description';
import { labUser } from '../lab-config';
import { serviceAction, type NodeState } from '../nodes';
import { getJson } from '../test-helpers';

/** The settings every cell starts from (they live in the lab's database and outlive a run). */
export const SETTING_BEFORE = 'before-the-wizard';
const BACKUP = /\.ha-wizard-\d{8}T\d{6}Z(-\d+)?\.bak$/;

export interface LabNodeFiles { node: NodeState; dir: string; file: string; url: string }

export function labNodes(lab: LabDescription): LabNodeFiles[] {
  const state = readLabState();
  if (!state) throw new Error('the lab is not up');
  return state.nodes.map((node) => ({
    node, dir: path.join(node.dir, 'config'), file: path.join(node.dir, 'config', state.configFileName),
    url: lab.nodes.find((n) => n.name === node.name)!.url,
  }));
}

export const configBytes = (n: LabNodeFiles) => fs.readFileSync(n.file);
/** The wizard's files beside the configuration: its backups, its lock, and anything else (temp files). */
export function wizardFiles(n: LabNodeFiles): { backups: string[]; lock: boolean; temps: string[] } {
  const mine = fs.readdirSync(n.dir).filter((f) => f.includes('.ha-wizard-'));
  return { backups: mine.filter((f) => BACKUP.test(f)), lock: mine.includes(LOCK_NAME), temps: mine.filter((f) => !BACKUP.test(f) && f !== LOCK_NAME) };
}

export async function isHealthy(url: string): Promise<boolean> {
  return (await getJson(`${url}/health`).catch(() => ({ status: 0 }))).status === 200;
}

/** Healthy within `ms` (a link just back, a database reconnecting), polled every 250 ms. */
export async function healthyWithin(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await isHealthy(url)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The settings, read through node1: in a "fresh" lab only node1's database is the cluster's (the others
 * start with their own). A node1 the cell left stopped is started first (its judgement is already made).
 */
export async function readSettings(lab: LabDescription, names: string[]): Promise<Record<string, string | null>> {
  const read = async () => {
    const all = await listSettings(lab.nodes[0]!.url, lab.apiKey, 3000, { allowHttp: true });
    return Object.fromEntries(names.map((name) => [name, all.find((s) => s.name === name)?.value ?? null]));
  };
  try {
    return await read();
  } catch {
    const node1 = labNodes(lab)[0]!;
    await serviceAction(node1.node, 'restart');
    await healthyWithin(node1.url, 20_000);
    return read();
  }
}

export async function setSettings(lab: LabDescription, names: string[], value: string): Promise<void> {
  for (const name of names) await setSetting(lab.nodes[0]!.url, lab.apiKey, name, value, 3000, { allowHttp: true });
}

/** Live stand-ins run by this node's account, found by command line: what the pid file says does not count. */
function standIns(n: LabNodeFiles): number[] {
  const uid = String(execFileSync('id', ['-u', labUser(n.node.index)], { encoding: 'utf8' }).trim());
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      return new RegExp(`^Uid:\\s+${uid}\\s`, 'm').test(status) && !/^State:\s+Z/m.test(status)
        && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('--state-dir');
    } catch {
      return false; // gone meanwhile
    }
  });
}

/**
 * Each node runs exactly one stand-in. A second one (a restart the lab's service script lost track of)
 * holds the port, so every later restart of that node fails before any cell's fault: the lab is put right
 * and the cell that left it so is told.
 */
async function oneStandInEach(nodes: LabNodeFiles[]): Promise<void> {
  const wrong = nodes.map((n) => ({ n, pids: standIns(n) })).filter((x) => x.pids.length !== 1);
  if (!wrong.length) return;
  for (const { n, pids } of wrong) {
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    await serviceAction(n.node, 'start');
  }
  throw new Error(`reset: ${wrong.map(({ n, pids }) => `${n.node.name} ran ${pids.length} stand-ins (${pids.join(', ')})`).join('; ')}; put right`);
}

/** Back to `before`: files, no wizard files, settings, every node restarted on its file and healthy. */
export async function resetLab(lab: LabDescription, before: Record<string, Buffer>, settingNames: string[], journalDir: string): Promise<void> {
  const nodes = labNodes(lab);
  await Promise.all(nodes.map(async (n) => {
    if (!configBytes(n).equals(before[n.node.name]!)) fs.writeFileSync(n.file, before[n.node.name]!);
    for (const f of fs.readdirSync(n.dir).filter((x) => x.includes('.ha-wizard-'))) fs.rmSync(path.join(n.dir, f), { force: true });
    // Always: a node may run a file other than the one on disk (a rollback whose restart was cut short).
    await serviceAction(n.node, 'restart');
  }));
  for (const n of nodes) {
    if (!(await healthyWithin(n.url, 20_000))) throw new Error(`reset: ${n.node.name} is not healthy after 20 s`);
  }
  await oneStandInEach(nodes);
  await setSettings(lab, settingNames, SETTING_BEFORE);
  fs.rmSync(journalDir, { recursive: true, force: true });
}
