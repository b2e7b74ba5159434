/** `ha-wizard plan` and `ha-wizard apply`: show exactly what will change, then change only that. */
import fs from 'node:fs/promises';
import { applyPlan } from '../core/apply/apply';
import type { ApplyEvent, ApplyReport } from '../core/apply/apply-steps';
import { PlanError, createPlan } from '../core/apply/plan';
import { PlanSchema, type Plan } from '../shared/plan-schema';
import { planWarningText } from '../shared/plan-warning-text';
import { writeFileAtomic } from '../core/report/report-files';
import { cliEngineSettings, cliSecrets, type ConnectionOptions } from './engine-settings';
import { UsageError, loadProfile } from './profile-file';
import { styler } from './terminal-output';
import { TOOL } from './tool';
import { keepReport } from './kept-reports';
import { PRODUCTS } from '../shared/products';
import { FileJournal, defaultJournalDir } from '../core/apply/journal';
import { currentOwner } from '../core/apply/cluster-lock';
import { errorMessage } from '../shared/error-text';
import { keepAppliedState } from '../core/engine/drift-calls';

type Io = { out: NodeJS.WriteStream; err: NodeJS.WriteStream };

export function formatPlan(plan: Plan, color: boolean): string {
  const s = styler(color);
  const lines: string[] = [];
  lines.push(s.bold(plan.noChange ? 'Nothing to change: every server already has this configuration.' : `Plan for ${plan.nodes.filter((n) => n.changed).length} of ${plan.nodes.length} servers`));
  lines.push(...formatPlanWarnings(plan).map((l, i) => (i === 0 ? s.bold(l) : l)));
  lines.push(`Encryption key: ${plan.encryptionKey.decision === 'generate' ? 'a new key will be generated' : `keep ${plan.encryptionKey.fingerprint}`} (${plan.encryptionKey.reason})`);
  for (const n of plan.nodes) {
    lines.push('', s.bold(`${n.id} (${n.host}) — ${n.configPath}: ${n.changed ? 'changes' : 'unchanged'}`));
    if (n.diff) lines.push(...n.diff.split('\n').map((l) => (l.startsWith('+') && !l.startsWith('+++') ? s.green(l) : l.startsWith('-') && !l.startsWith('---') ? s.red(l) : l)));
    if (n.secretChangesOnly) lines.push(s.dim('  (only masked values change, a password or the key: the lines show where, never what)'));
    n.steps.forEach((st, i) => lines.push(`  ${i + 1}. ${st.description}`));
  }
  if (plan.settings.length) {
    lines.push('', s.bold('Settings in the database'));
    for (const st of plan.settings) lines.push(`  ${st.name} = ${st.value}  (${st.how === 'api' ? `set through ${st.where}` : st.how === 'unchanged' ? 'already set' : `by hand: ${st.where}`})`);
  }
  lines.push('', s.bold('Then, by hand'));
  plan.manualSteps.forEach((m, i) => lines.push(`  ${i + 1}. ${m.title}: ${m.detail}${m.url ? ` ${m.url}` : ''}`));
  return lines.join('\n');
}

/** The big changes first, one line per node; none when nothing is lost. */
export function formatPlanWarnings(plan: Plan): string[] {
  if (!plan.warnings.length) return [];
  return ['Read this first:', ...plan.warnings.map((w) => `  ! ${planWarningText(w)}`), ''];
}

export async function planCommand(o: ConnectionOptions & { profile: string; json?: boolean; out?: string; healthTimeout: number; allowHttpApiKey?: boolean }, io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const loaded = await loadProfile(o.profile);
  // The flag is the admin's yes to the key in clear text; the plan records it for apply.
  const profile = o.allowHttpApiKey ? { ...loaded, allowApiKeyOverHttp: true } : loaded;
  let plan: Plan;
  try {
    plan = await createPlan({ profile, settings: cliEngineSettings(o), secrets: cliSecrets(), tool: TOOL, healthTimeoutMs: o.healthTimeout * 1000 });
  } catch (e) {
    if (e instanceof PlanError) {
      io.err.write(`ha-wizard: no plan: ${e.message}\n(ha-wizard check --profile ${o.profile} says why, with remedies)\n`);
      return 1;
    }
    throw e;
  }
  if (o.out) await writeFileAtomic(o.out, `${JSON.stringify(plan, null, 2)}\n`);
  if (o.json) io.out.write(`${JSON.stringify(plan, null, 2)}\n`);
  else io.out.write(`${formatPlan(plan, io.out.isTTY === true && !process.env.NO_COLOR)}\n${o.out ? `\nPlan written to ${o.out}; apply it with: ha-wizard apply --plan ${o.out}\n` : ''}`);
  return 0;
}

export async function applyCommand(o: ConnectionOptions & { plan: string; json?: boolean; healthTimeout: number; breakLock?: boolean }, io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(o.plan, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the plan ${o.plan}: ${errorMessage(e)}`);
  }
  const parsed = PlanSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`${o.plan} is not a plan made by ha-wizard plan: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const progress = (e: ApplyEvent) => {
    if (o.json) return;
    if (e.type === 'apply-step') io.err.write(`${e.nodeId ?? 'cluster'}: ${e.step} ${e.status}${e.status === 'failed' || e.step === 'rollback' ? ` — ${e.detail}` : ''}\n`);
    else io.err.write(`${e.message}\n`);
  };
  const secrets = cliSecrets();
  const report = await applyPlan({ plan: parsed.data, settings: cliEngineSettings(o), secrets, healthTimeoutMs: o.healthTimeout * 1000, onEvent: progress, journal: FileJournal.for(defaultJournalDir(), parsed.data.profile),
    lock: { owner: currentOwner(`${TOOL.name} ${TOOL.version}`), breakLock: o.breakLock === true } });
  const kept = await keepReport((folder) => folder.writeApply(report, { product: PRODUCTS[parsed.data.profile.product].name, toolVersion: TOOL.version }), io.err);
  // The drift check's applied state (issue 13); never fails the apply.
  if (report.status === 'applied') await keepAppliedState({ plan: parsed.data, secrets, settings: cliEngineSettings(o), reportsDir: undefined, appliedAt: report.finishedAt });
  if (o.json) io.out.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.out.write(`${formatApplyReport(report)}\n${kept ? `${kept}\n` : ''}`);
  return report.status === 'applied' || report.status === 'nothing-to-do' ? 0 : 1;
}

export function formatApplyReport(r: ApplyReport): string {
  const head = { 'nothing-to-do': 'Nothing to do: the plan changes nothing.', refused: 'Refused, nothing was changed', applied: 'Applied', 'rolled-back': 'Failed, and every server was restored', 'rollback-failed': 'FAILED, and the rollback did not finish: act now' }[r.status];
  const lines = [`${head}${r.reason && r.status !== 'nothing-to-do' ? `: ${r.reason}` : ''}`];
  for (const n of r.nodes) lines.push(`  ${n.id}: ${n.result}${n.backupPath ? ` (backup ${n.backupPath})` : ''}${n.manual ? `\n    TO DO BY HAND: ${n.manual}` : ''}${n.log ? `\n    what it said: ${n.log.replace(/\n/g, '\n      ')}` : ''}`);
  for (const s of r.settings) lines.push(`  setting ${s.name}: ${s.status} ${s.detail}`);
  // After an apply, the plan's next steps; after anything else, only what the run left to do by hand.
  const label = r.status === 'applied' || r.status === 'nothing-to-do' ? 'next' : 'TO DO BY HAND';
  r.manualSteps.forEach((m, i) => lines.push(`  ${label} ${i + 1}. ${m.title}: ${m.detail}${m.url ? ` ${m.url}` : ''}`));
  return lines.join('\n');
}
