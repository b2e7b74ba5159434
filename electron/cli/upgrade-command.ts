/**
 * `ha-wizard upgrade --profile FILE --to VERSION [--mode coordinated|rolling] --backup-dir DIR [--plan-only] [--yes]`
 * (issue 14): prints the preflight and the plan (every step, the backups, the expected outage), asks unless
 * --yes, runs it with a line per step, prints the outcome and where the report is. Exit 0: upgraded (or the
 * plan shown); 1: refused, rolled back or not confirmed; 2: the rollback failed (act by hand, the report says how).
 */
import readline from 'node:readline/promises';
import { clusterKey } from '../core/health/history/cluster-key';
import { currentOwner } from '../core/apply/cluster-lock';
import { REAL_UPGRADE_ENGINE, planUpgrade, startUpgrade, type UpgradeEngine } from '../core/upgrade/upgrade-engine';
import { upgradeHistoryText } from '../core/upgrade/upgrade-summary';
import { outageWords } from '../shared/report/upgrade-html';
import type { UpgradePreflightItem } from '../shared/contract';
import { ProductVersionSchema, type UpgradeEvent, type UpgradeMode, type UpgradePlan, type UpgradeReport } from '../shared/upgrade-schema';
import { errorMessage } from '../shared/error-text';
import { cliEngineSettings, cliSecrets, type ConnectionOptions } from './engine-settings';
import { cliHistoryKeeper } from './health-history-output';
import { keepReport } from './kept-reports';
import { UsageError, loadProfile } from './profile-file';
import { styler } from './terminal-output';
import { TOOL } from './tool';

export interface UpgradeOptions extends ConnectionOptions {
  profile: string; to: string; mode: UpgradeMode; backupDir: string; planOnly?: boolean; yes?: boolean; breakLock?: boolean; healthTimeout: number;
}
type Io = { out: NodeJS.WritableStream & { isTTY?: boolean }; err: NodeJS.WritableStream; ask?: (q: string) => Promise<string> };

const MARK = { pass: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

export function formatPreflight(items: UpgradePreflightItem[], color = false): string {
  const s = styler(color);
  const paint = { pass: s.green, warn: s.yellow, fail: s.red } as const;
  return ['Preflight:', ...items.map((i) => `  ${paint[i.status](MARK[i.status])} ${i.nodeId ? `${i.nodeId}: ` : ''}${i.title}${i.detail ? s.dim(` (${i.detail})`) : ''}`)].join('\n');
}

export function formatUpgradePlan(p: UpgradePlan): string {
  const lines = [`Plan: ${p.product} ${p.from} -> ${p.to}, ${p.mode} upgrade of ${p.nodes.length} server${p.nodes.length === 1 ? '' : 's'}`];
  if (p.path.allowed) lines.push(`  ${p.path.note}`);
  lines.push(`  Expected: ${p.expected}`, '', 'Backups (each verified before anything stops):');
  for (const b of p.backups) lines.push(`  ${b.what}${b.nodeId ? ` of ${b.nodeId}` : ''}: ${b.path}`);
  lines.push('', 'Steps:');
  p.steps.forEach((st, i) => lines.push(`  ${String(i + 1).padStart(2)}. ${st.id}: ${st.text}${st.undo ? `\n      undone by: ${st.undo}` : ''}`));
  if (p.warnings.length) lines.push('', 'Warnings:', ...p.warnings.map((w) => `  ${w}`));
  return lines.join('\n');
}

export function formatUpgradeReport(r: UpgradeReport): string {
  const head = { upgraded: `Upgraded: every server runs ${r.to}`, refused: 'Refused: nothing was changed', 'rolled-back': `Rolled back: every server is back on ${r.from}`, 'rollback-failed': 'ROLLBACK FAILED: act now (below)' }[r.status];
  const lines = [head + (r.reason ? ` — ${r.reason}` : '')];
  for (const n of r.nodes) lines.push(`  ${n.id}: ${n.result}, ${n.versionBefore ?? '?'} -> ${n.versionAfter ?? 'unknown'}, ${n.healthy ? 'healthy' : 'NOT healthy'}`);
  lines.push(`  database backup: ${r.database.backup ?? 'none'}${r.database.restored ? ' (restored from it)' : ''}; schema upgrade exit code: ${r.database.schemaUpgradeExitCode ?? 'not run'}`);
  if (r.outageMs !== null) lines.push(`  outage: ${outageWords(r.outageMs)} (${r.outageMs} ms, from the first service stopped to the balancer reopened)`);
  if (r.manualSteps.length) lines.push('', 'To do by hand:', ...r.manualSteps.map((m, i) => `  ${i + 1}. ${m.title}: ${m.detail}`));
  return lines.join('\n');
}

function progress(err: NodeJS.WritableStream): (e: UpgradeEvent) => void {
  return (e) => {
    if (e.type === 'upgrade-log') err.write(`${e.level}: ${e.message}\n`);
    else if (e.status !== 'started') err.write(`${e.type === 'upgrade-undo' ? 'undo ' : ''}${e.stepId}: ${e.status} — ${e.detail}\n`);
  };
}

export async function upgradeCommand(o: UpgradeOptions, io: Io = { out: process.stdout, err: process.stderr }, engine: UpgradeEngine = REAL_UPGRADE_ENGINE): Promise<number> {
  if (!ProductVersionSchema.safeParse(o.to).success) throw new UsageError(`--to ${o.to}: expected a product version like 2026.1`);
  const profile = await loadProfile(o.profile);
  const secrets = cliSecrets();
  const settings = cliEngineSettings(o);
  const color = !process.env.NO_COLOR && io.out.isTTY === true;
  let planned;
  try {
    planned = await planUpgrade(engine, { profile, to: o.to, mode: o.mode, backupDir: o.backupDir, settings, secrets });
  } catch (e) {
    io.err.write(`ha-wizard: the upgrade could not be planned: ${secrets.redactor.redact(errorMessage(e))}\n`);
    return 1;
  }
  io.out.write(`${formatPreflight(planned.preflight, color)}\n\n`);
  if (!planned.plan) {
    io.out.write('No plan: the preflight above says what stops the upgrade. Nothing was changed.\n');
    return 1;
  }
  io.out.write(`${formatUpgradePlan(planned.plan)}\n\n`);
  if (o.planOnly) {
    io.out.write('Nothing was changed (--plan-only).\n');
    return 0;
  }
  if (!o.yes && !(await confirm(io, `Upgrade ${planned.plan.nodes.length} servers to ${o.to} now? Type yes to go on: `))) {
    io.out.write('Not confirmed: nothing was changed.\n');
    return 1;
  }
  const report = await startUpgrade(engine, {
    plan: planned.plan, profile, backupDir: o.backupDir, settings, secrets, healthTimeoutMs: o.healthTimeout * 1000,
    lock: { owner: currentOwner(`${TOOL.name} ${TOOL.version}`), breakLock: o.breakLock === true }, emit: progress(io.err),
  });
  io.out.write(`\n${formatUpgradeReport(report)}\n`);
  const kept = await keepReport((f) => f.writeUpgrade(report, { toolVersion: TOOL.version }), io.err);
  if (kept) io.out.write(`${kept}\n`);
  const keeper = cliHistoryKeeper((m) => io.err.write(`${m}\n`));
  await keeper.recordEvent(clusterKey(profile), { kind: 'upgrade', node: null, text: upgradeHistoryText(report) }).then(() => keeper.flush()).catch((e: unknown) => io.err.write(`warning: the history could not be written: ${errorMessage(e)}\n`));
  return report.status === 'upgraded' ? 0 : report.status === 'rollback-failed' ? 2 : 1;
}

async function confirm(io: Io, question: string): Promise<boolean> {
  if (io.ask) return (await io.ask(question)).trim().toLowerCase() === 'yes';
  if (!process.stdin.isTTY) throw new UsageError('not a terminal to ask on: add --yes to upgrade, or --plan-only to only see the plan');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}
