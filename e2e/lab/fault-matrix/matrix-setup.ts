/**
 * Before the cells: one plan for the lab (all three nodes change, two settings), then two recorded
 * applies: a clean one (its journal gives the apply's steps and what "as planned" means, byte for byte)
 * and one that fails on the last node's health wait (its journal gives the rollback's steps).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { parseJournal, type JournalRecord } from '../../../electron/core/apply/journal';
import { createPlan } from '../../../electron/core/apply/plan';
import { nodeId, parseProfile } from '../../../electron/shared/profile';
import { editNodeConfig } from '../check-helpers';
import type { LabDescription } from '../lab-description';
import { labProfile } from '../lab-profile';
import { type MatrixCell, matrixCells, stepsFromJournal } from './matrix-cells';
import { matrixApply, matrixSecrets, matrixSettings } from './matrix-apply';
import { SETTING_BEFORE, configBytes, labNodes, readSettings, resetLab } from './matrix-lab';
import type { MatrixContext } from './matrix-run';

const SETTINGS = ['Storage.PackagesRootPath', 'Web.BaseUrl'];
// The stand-in is healthy within about a second of a restart; 4 s keeps the cells whose health never comes short.
const HEALTH_TIMEOUT_MS = 4000;

/** The newest journal moved into the history (a finished apply's). */
function lastFinishedJournal(dir: string): JournalRecord[] {
  const history = path.join(dir, 'history');
  const files = fs.readdirSync(history).sort();
  return parseJournal(fs.readFileSync(path.join(history, files[files.length - 1]!), 'utf8'));
}

async function bundleKiller(outfile: string): Promise<string> {
  await build({
    entryPoints: [path.join(__dirname, 'killed-apply.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile,
    external: ['pg-native', 'cpu-features', '*.node'], logLevel: 'error',
    // The lab's code finds the checkout from its own file (lab-config.ts); bundled, it must still find it.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(path.resolve(__dirname, '../lab-config.ts')).href) },
  });
  return outfile;
}

export async function prepareMatrix(lab: LabDescription, work: string): Promise<{ m: MatrixContext; cells: MatrixCell[]; restore: () => void }> {
  fs.mkdirSync(work, { recursive: true });
  const parsed = parseProfile(labProfile(lab));
  if (!parsed.ok) throw new Error('the lab profile does not parse');
  const profile = parsed.profile;
  // node1 gets an option the profile lacks, so all three nodes change (as in apply.lab.test.ts).
  const restore = editNodeConfig(lab, 'node1', (t) => t.replace(/(POSTGRES_CONNECTION_STRING=[^\n]*)/, '$1;Timeout=15'));
  const before = Object.fromEntries(labNodes(lab).map((n) => [n.node.name, configBytes(n)]));
  const journalDir = path.join(work, 'journals');
  await resetLab(lab, before, SETTINGS, journalDir);
  const knownHostsPath = path.join(work, 'known_hosts.json');
  const plan = await createPlan({ profile, settings: matrixSettings(knownHostsPath), secrets: matrixSecrets(), tool: { name: 'ha-wizard', version: 'fault-matrix' }, healthTimeoutMs: HEALTH_TIMEOUT_MS });
  if (!plan.nodes.every((n) => n.changed) || plan.settings.filter((s) => s.how === 'api').length !== SETTINGS.length) throw new Error('the matrix wants a plan that changes every node and both settings');

  const base = { plan, journalDir, knownHostsPath, healthTimeoutMs: HEALTH_TIMEOUT_MS, at: { step: 'backup' as const, nodeId: 'no such node' } };
  const clean = await matrixApply({ ...base, failLast: null }, () => Promise.resolve());
  if (clean.status !== 'applied') throw new Error(`the recorded apply ended ${clean.status}: ${clean.reason ?? ''}`);
  const planned = Object.fromEntries(labNodes(lab).map((n) => [n.node.name, configBytes(n)]));
  const plannedSettings = await readSettings(lab, SETTINGS);
  const forward = stepsFromJournal(lastFinishedJournal(journalDir), 'apply');
  await resetLab(lab, before, SETTINGS, journalDir);

  const last = nodeId(profile.nodes[profile.nodes.length - 1]!);
  const failed = await matrixApply({ ...base, failLast: { node: last, version: lab.options.version } }, () => Promise.resolve());
  if (failed.status !== 'rolled-back') throw new Error(`the recorded rollback ended ${failed.status}: ${failed.reason ?? ''}`);
  const back = stepsFromJournal(lastFinishedJournal(journalDir), 'rollback');
  await resetLab(lab, before, SETTINGS, journalDir);

  const m: MatrixContext = {
    lab, profile, plan, before, planned, settingNames: SETTINGS, plannedSettings, beforeSettings: Object.fromEntries(SETTINGS.map((s) => [s, SETTING_BEFORE])),
    work, healthTimeoutMs: HEALTH_TIMEOUT_MS, killer: await bundleKiller(path.join(work, 'killed-apply.cjs')),
  };
  return { m, cells: matrixCells([...forward, ...back], profile.nodes.map(nodeId)), restore };
}
