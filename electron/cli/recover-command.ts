/**
 * `ha-wizard recover --profile FILE [--rollback | --finish [--yes]]`, and the notice every command on a
 * profile gives first when its cluster has an apply that was cut short (the journal in the data folder).
 */
import fs from 'node:fs/promises';
import { FileJournal, defaultJournalDir as journalDir, readOpenJournal } from '../core/apply/journal';
import { describeJournal, journalState, type JournalState } from '../core/apply/journal-state';
import { recoverFinish, recoverRollback, type RecoverReport } from '../core/apply/recover';
import { PlanError, createPlan } from '../core/apply/plan';
import type { ApplyEvent } from '../core/apply/apply-steps';
import { parseProfile, type ClusterProfile } from '../shared/profile';
import { cliEngineSettings, cliSecrets, type ConnectionOptions } from './engine-settings';
import { UsageError, loadProfile } from './profile-file';
import { formatApplyReport, formatPlan } from './plan-command';
import { TOOL } from './tool';
import { isRecord } from '../shared/is-record';
import { currentOwner } from '../core/apply/cluster-lock';
import { shownValue, valueBefore } from '../core/apply/recover-settings';

type Io = { out: NodeJS.WriteStream; err: NodeJS.WriteStream };

export type RecoverOptions = ConnectionOptions & { profile: string; rollback?: boolean; finish?: boolean; yes?: boolean; breakLock?: boolean; healthTimeout: number };

export async function recoverCommand(o: RecoverOptions, io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  if (o.rollback && o.finish) throw new UsageError('choose one: --rollback or --finish');
  if (o.yes && !o.finish) throw new UsageError('--yes goes with --finish');
  const profile = await loadProfile(o.profile);
  const dir = journalDir();
  const open = await readOpenJournal(dir, profile);
  if (!open) {
    io.out.write('No apply to this cluster was cut short: nothing to recover.\n');
    return 0;
  }
  const state = journalState(open.records);
  io.out.write(`${describeJournal(state, open.file).replaceAll('<file>', o.profile)}\n\n`);
  const input = { profile, settings: cliEngineSettings(o), secrets: cliSecrets(), state, journal: FileJournal.for(dir, profile), healthTimeoutMs: o.healthTimeout * 1000,
    lock: { owner: currentOwner(`${TOOL.name} ${TOOL.version}`), breakLock: o.breakLock === true } };
  if (!o.rollback && !o.finish) {
    io.out.write(`${whatEachWouldDo(state)}\n`);
    return 1;
  }
  if (o.rollback) {
    const report = await recoverRollback(input);
    io.out.write(`${formatRecoverReport(report)}\n`);
    return report.status === 'recovered' ? 0 : 1;
  }
  let plan;
  try {
    plan = await createPlan({ profile, settings: input.settings, secrets: input.secrets, tool: TOOL, healthTimeoutMs: input.healthTimeoutMs });
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    io.err.write(`ha-wizard: no plan: ${e.message}\n(ha-wizard check --profile ${o.profile} says why; ha-wizard recover --rollback restores every changed server)\n`);
    return 1;
  }
  const halfDone = state.nodes.filter((n) => n.wrote && !n.healthyAfterWrite).map((n) => n.id);
  io.out.write(`${formatPlan(plan, false)}\n${halfDone.length ? `\nFirst, restart (where their new file is in place): ${halfDone.join(', ')}\n` : ''}`);
  if (!o.yes) {
    io.out.write('\nNothing was changed. To apply this: ha-wizard recover --profile <file> --finish --yes\n');
    return 0;
  }
  const progress = (e: ApplyEvent) => {
    if (e.type === 'apply-step') io.err.write(`${e.nodeId ?? 'cluster'}: ${e.step} ${e.status}${e.status === 'failed' || e.step === 'rollback' ? ` — ${e.detail}` : ''}\n`);
  };
  const r = await recoverFinish({ ...input, plan, onEvent: progress });
  io.out.write(`${formatRecoverReport(r.halfDone)}\n${r.apply ? `${formatApplyReport(r.apply)}\n` : ''}`);
  return r.halfDone.status === 'recovered' && (r.apply?.status === 'applied' || r.apply?.status === 'nothing-to-do') ? 0 : 1;
}

function whatEachWouldDo(s: JournalState): string {
  const written = s.nodes.filter((n) => n.wrote);
  const restore = written.length
    ? [...written].reverse().map((n) => `    ${n.id}: ${n.backupPath ? `put ${n.backupPath} back over ${n.path} (its sha256 checked first)` : `delete ${n.path} (it did not exist before)`}${n.restarted ? ', restart, wait for /health' : ''}`)
    : ['    nothing: no configuration file was written yet'];
  const half = written.filter((n) => !n.healthyAfterWrite).map((n) => n.id);
  return [
    '--rollback would:', ...restore, ...[...s.settings].reverse().map((x) => settingWouldDo(s, x)),
    '--finish would:', `    ${half.length ? `restart ${half.join(', ')} where the new file is in place, then ` : ''}make a new plan from the profile, show it, and apply it with --yes`,
  ].join('\n');
}

function settingWouldDo(s: JournalState, name: string): string {
  const before = valueBefore(s, name);
  return before === undefined
    ? `    setting ${name}: its old value is not in the journal (an older wizard's): set it back by hand`
    : `    setting ${name}: set it back to ${shownValue(before)} through the settings API`;
}

export function formatRecoverReport(r: RecoverReport): string {
  const head = { recovered: 'Recovered', refused: 'Refused, nothing was changed', failed: 'FAILED: act now' }[r.status];
  // A refusal's reason is only the reason: the head says once that nothing was changed.
  return [`${head}${r.reason ? `: ${r.reason}` : ''}`,
    ...r.nodes.map((n) => `  ${n.id}: ${n.result} — ${n.detail}`),
    ...r.settings.filter((s) => s.result === 'set-back').map((s) => `  setting ${s.name}: set ${s.detail}`), ...r.manual.map((m) => `  TO DO BY HAND: ${m}`)].join('\n');
}

/** The notice before any command on a profile (or a plan's profile): an apply to this cluster was cut short. */
export async function journalNotice(o: { profile?: string; plan?: string }, err: NodeJS.WriteStream = process.stderr): Promise<void> {
  let profile: ClusterProfile | null = null;
  try {
    if (o.profile) profile = await loadProfile(o.profile);
    else if (o.plan) {
      const plan: unknown = JSON.parse(await fs.readFile(o.plan, 'utf8'));
      const r = parseProfile(isRecord(plan) ? plan.profile : undefined);
      profile = r.ok ? r.profile : null;
    }
  } catch {
    // The command itself says what is wrong with its file.
    return;
  }
  if (!profile) return;
  const open = await readOpenJournal(journalDir(), profile).catch(() => null);
  if (open) err.write(`${describeJournal(journalState(open.records), open.file).replaceAll('<file>', o.profile ?? '<profile>')}\n\n`);
}
