/** `ha-wizard check`: every prerequisite, live, against the real servers. */
import { ALL_CHECKS } from '../core/checks/all-checks';
import { selectChecks } from '../core/checks/runner';
import { CheckRunCancelledError, runClusterChecks } from '../core/engine/check-run';
import { keepReport } from './kept-reports';
import { buildReport } from '../shared/report/report-model';
import { writeReport } from '../core/report/report-files';
import { cliEngineSettings, cliSecrets } from './engine-settings';
import { UsageError, loadProfile, parseIdList } from './profile-file';
import { ProgressLine, formatResults, formatSummary } from './terminal-output';
import { TOOL } from './tool';

export interface CheckOptions {
  profile: string;
  json?: boolean;
  report?: string;
  only?: string;
  warn?: string;
  acceptHostKey: string[];
  connectTimeout: number;
  knownHosts?: string;
}

/** Returns the exit code: 0 nothing failed, 1 something failed (2 comes from UsageError). */
export async function checkCommand(o: CheckOptions, io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const profile = await loadProfile(o.profile);
  const ids = ALL_CHECKS.map((c) => c.id);
  const only = parseIdList(o.only, ids, '--only');
  const warn = parseIdList(o.warn, ids, '--warn');
  if (o.report && !/\.(html?|json)$/i.test(o.report)) throw new UsageError('--report wants a file ending in .html or .json');
  const secrets = cliSecrets();
  const tty = !o.json && io.err.isTTY === true;
  const nodeCount = profile.nodes.length;
  const { run, reported } = selectChecks(ALL_CHECKS, only);
  const total = run.filter((c) => reported.has(c.id)).reduce((n, c) => n + (c.scope === 'cluster' ? 1 : nodeCount), 0);
  const progress = tty ? new ProgressLine(total, io.err) : null;

  // Ctrl-C cancels the run cleanly: its sessions are closed and its test files removed before exiting.
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  const output = await runClusterChecks({
    profile,
    secrets,
    settings: cliEngineSettings(o),
    signal: abort.signal,
    ...(only ? { only } : {}),
    ...(warn ? { warn } : {}),
    onEvent: (e) => {
      if (e.type === 'check-finished') progress?.finished(e.result);
    },
  }).catch((e: unknown) => {
    if (!(e instanceof CheckRunCancelledError)) throw e;
    progress?.clear();
    io.err.write(`Cancelled: ${e.message}.\n`);
    return null;
  }).finally(() => process.off('SIGINT', onInterrupt));
  if (!output) return 130;
  progress?.clear();
  const report = buildReport({ profile, results: output.results, startedAt: output.startedAt, finishedAt: output.finishedAt, tool: TOOL, audience: { surface: 'cli' }, redact: (t) => secrets.redactor.redact(t) });
  if (o.report) await writeReport(o.report, report);
  const kept = await keepReport((folder) => folder.writeChecks(report), io.err);
  if (o.json) io.out.write(`${JSON.stringify({ ...report, inventory: output.inventory }, null, 2)}\n`);
  else {
    const color = io.out.isTTY === true && !process.env.NO_COLOR;
    io.out.write(`${formatResults(output.results, color, Math.min(io.out.columns ?? 100, 120))}\n`);
    io.out.write(`${formatSummary(output.summary, (output.finishedAt.getTime() - output.startedAt.getTime()) / 1000, color)}\n`);
    if (o.report) io.out.write(`Report written to ${o.report}\n`);
    if (kept) io.out.write(`${kept}\n`);
  }
  return output.summary.fail > 0 ? 1 : 0;
}
