/**
 * The reports folder, as Windows' Test-Cluster keeps one: every check run and every apply leaves its
 * report there (HTML to read, JSON for tools), named by time and kind, so a run can be looked at again
 * after the window is closed. Only the newest KEPT_REPORTS runs are kept; older ones are removed when
 * a new one is written. Nothing here renders secrets: the reports are built masked (report-model,
 * apply's report) before they reach this folder.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ApplyReport } from '../../shared/apply-schema';
import { renderApplyHtml } from '../../shared/report/apply-html';
import { renderHtmlReport } from '../../shared/report/html-report';
import type { CheckReport } from '../../shared/report/report-model';
import { writeFileAtomic } from '../report/report-files';
import type { UpgradeReport } from '../../shared/upgrade-schema';
import { renderUpgradeHtml } from '../../shared/report/upgrade-html';
import { upgradeSummary } from '../upgrade/upgrade-summary';
import { isOneOf } from '../../shared/one-of';

/** How many runs the folder keeps (each run is one HTML and one JSON file). */
export const KEPT_REPORTS = 100;
export const REPORT_KINDS = ['checks', 'apply', 'upgrade'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface KeptReport {
  /** The file name without extension: `<time>-<kind>`, which sorts by time. */
  id: string;
  kind: ReportKind;
  at: string;
  /** One line for a list: the verdict or apply's outcome. */
  summary: string;
  html: string;
  json: string;
}

export function reportsDirOf(dataDir: string): string {
  return path.join(dataDir, 'reports');
}

// 2026-11-30T16-04-57-123Z-checks: an ISO time with ':' and '.' made safe for every file system.
const NAME = /^(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-(checks|apply|upgrade)(?:-(\d+))?$/;
const stampOf = (d: Date) => d.toISOString().replace(/[:.]/g, '-');
const isoOf = (stamp: string) => stamp.replace(/T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, 'T$1:$2:$3.$4Z');
const isKind = (k: string | undefined): k is ReportKind => k !== undefined && isOneOf(REPORT_KINDS, k);

const CHECK_WORDS = { ready: 'Ready', 'ready-with-warnings': 'Ready, with warnings', 'not-ready': 'Not ready' } as const;
const APPLY_WORDS: Record<ApplyReport['status'], string> = {
  'nothing-to-do': 'Nothing to change', applied: 'Applied', refused: 'Not applied (refused)', 'rolled-back': 'Rolled back', 'rollback-failed': 'Rollback failed',
};

export function checkSummary(r: CheckReport): string {
  const s = r.summary;
  return `${CHECK_WORDS[s.verdict]}: ${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.skip} skipped`;
}

export function applySummary(r: ApplyReport): string {
  const changed = r.nodes.filter((n) => n.result === 'changed').length;
  return `${APPLY_WORDS[r.status]}${r.nodes.length ? `: ${changed} of ${r.nodes.length} servers changed` : ''}`;
}

export class ReportsFolder {
  constructor(readonly dir: string, private readonly keep = KEPT_REPORTS) {}

  /** Writes a check run's report; returns what the list will show for it. */
  writeChecks(report: CheckReport, at = new Date(report.finishedAt)): Promise<KeptReport> {
    return this.write('checks', at, renderHtmlReport(report), report, checkSummary(report));
  }

  writeApply(report: ApplyReport, o: { product: string; toolVersion: string }, at = new Date(report.finishedAt)): Promise<KeptReport> {
    return this.write('apply', at, renderApplyHtml(report, o), report, applySummary(report));
  }

  writeUpgrade(report: UpgradeReport, o: { toolVersion: string }, at = new Date(report.finishedAt)): Promise<KeptReport> {
    return this.write('upgrade', at, renderUpgradeHtml(report, o), report, upgradeSummary(report));
  }

  private async write(kind: ReportKind, at: Date, html: string, json: unknown, summary: string): Promise<KeptReport> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const stamp = stampOf(Number.isNaN(at.getTime()) ? new Date() : at);
    // Two runs in the same millisecond get a counter, never each other's file.
    const existing = new Set(await fs.readdir(this.dir));
    let id = `${stamp}-${kind}`;
    for (let n = 2; existing.has(`${id}.json`) || existing.has(`${id}.html`); n++) id = `${stamp}-${kind}-${n}`;
    // The JSON carries the list's one line beside the report itself, so listing needs no rendering.
    await writeFileAtomic(path.join(this.dir, `${id}.json`), `${JSON.stringify({ kind, summary, report: json }, null, 2)}\n`);
    await writeFileAtomic(path.join(this.dir, `${id}.html`), html);
    await this.prune();
    return { id, kind, at: isoOf(stamp), summary, html: path.join(this.dir, `${id}.html`), json: path.join(this.dir, `${id}.json`) };
  }

  /** The kept runs, newest first. A folder not yet made is an empty list. */
  async list(): Promise<KeptReport[]> {
    const names = await fs.readdir(this.dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    });
    const ids = [...new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)))].filter((id) => NAME.test(id)).sort().reverse();
    const out: KeptReport[] = [];
    for (const id of ids) {
      const m = NAME.exec(id)!;
      const kind = m[2];
      if (!isKind(kind)) continue;
      out.push({ id, kind, at: isoOf(m[1]!), summary: await this.summaryOf(id), html: path.join(this.dir, `${id}.html`), json: path.join(this.dir, `${id}.json`) });
    }
    return out;
  }

  /** The path of a kept run's HTML, or null for an id that is not one of this folder's runs. */
  async htmlOf(id: string): Promise<string | null> {
    if (!NAME.test(id)) return null;
    const file = path.join(this.dir, `${id}.html`);
    return (await fs.stat(file).catch(() => null))?.isFile() ? file : null;
  }

  private async summaryOf(id: string): Promise<string> {
    try {
      const j: unknown = JSON.parse(await fs.readFile(path.join(this.dir, `${id}.json`), 'utf8'));
      return j && typeof j === 'object' && 'summary' in j && typeof j.summary === 'string' ? j.summary : 'no summary';
    } catch {
      return 'unreadable';
    }
  }

  /** Removes the oldest runs beyond `keep` (both files of each). */
  private async prune(): Promise<void> {
    const names = await fs.readdir(this.dir);
    const ids = [...new Set(names.map((n) => n.replace(/\.(json|html)$/, '')))].filter((id) => NAME.test(id)).sort();
    const old = ids.slice(0, Math.max(0, ids.length - this.keep));
    await Promise.all(old.flatMap((id) => ['json', 'html'].map((ext) => fs.rm(path.join(this.dir, `${id}.${ext}`), { force: true }))));
  }
}
