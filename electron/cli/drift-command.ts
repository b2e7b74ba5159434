/**
 * `ha-wizard drift --profile FILE [--json]`: every difference between the cluster and the state its
 * last apply left (or, with none recorded, its profile). Exit 0: no drift; 1: drift; 2: it could not be
 * checked (a server not read and nothing else found, a bad profile, the check itself failed).
 * It only reads: nothing is restarted or changed.
 */
import { defaultDataDir } from '../core/data-dir';
import { membersThrough } from '../core/drift/balancer-members';
import { checkDrift } from '../core/drift/check-drift';
import { DriftStore, driftDirOfData } from '../core/drift/drift-file';
import { openDriftBalancer } from '../core/drift/open-drift-balancer';
import { driftBasisText, type DriftReport } from '../shared/drift';
import { cliEngineSettings, cliSecrets, type ConnectionOptions } from './engine-settings';
import { loadProfile } from './profile-file';
import { styler } from './terminal-output';

export interface DriftOptions extends ConnectionOptions {
  profile: string;
  json?: boolean;
}

type Io = { out: NodeJS.WritableStream & { isTTY?: boolean }; err: NodeJS.WritableStream };

export const driftExitCode = (r: DriftReport) => (r.differences.length ? 1 : r.unreadable.length ? 2 : 0);

export function formatDrift(r: DriftReport, color = false): string {
  const s = styler(color);
  const lines: string[] = [];
  const n = r.differences.length;
  lines.push(s.bold(n ? s.red(`Drift: ${n} difference${n > 1 ? 's' : ''}`) : r.unreadable.length ? s.yellow('Drift: not every server could be checked') : s.green('No drift')) + s.dim(` (${driftBasisText(r)})`));
  for (const d of r.differences) {
    lines.push('', `  ${s.bold(d.node ?? 'cluster')}: ${d.what}`);
    lines.push(`    expected: ${d.expected}`, `    found:    ${d.found}`, s.dim(`    since ${d.since}`));
  }
  for (const u of r.unreadable) lines.push('', s.yellow(`  ${u.node} was not checked: ${u.reason}`));
  if (r.notes.length) lines.push('', ...r.notes.map((t) => s.dim(`  ${t}`)));
  if (!n && r.noDriftSince) lines.push('', `No drift since ${r.noDriftSince}.`);
  return lines.join('\n');
}

export async function driftCommand(o: DriftOptions, io: Io = { out: process.stdout, err: process.stderr }, dataDir = defaultDataDir()): Promise<number> {
  const profile = await loadProfile(o.profile);
  const secrets = cliSecrets();
  let report: DriftReport;
  try {
    report = await checkDrift({
      profile, secrets, settings: cliEngineSettings(o), store: new DriftStore(driftDirOfData(dataDir)),
      members: membersThrough((p) => openDriftBalancer(p, secrets, cliEngineSettings(o))),
    });
  } catch (e) {
    io.err.write(`ha-wizard: drift could not be checked: ${secrets.redactor.redact(e instanceof Error ? e.message : String(e))}\n`);
    return 2;
  }
  io.out.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDrift(report, !process.env.NO_COLOR && io.out.isTTY === true)}\n`);
  return driftExitCode(report);
}
