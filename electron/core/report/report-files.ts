/**
 * Report files: the format follows the extension, and the file appears whole or not at all (written
 * to a temporary file beside it, then renamed), readable by its owner only where the OS has modes.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { renderHtmlReport } from '../../shared/report/html-report';
import { parseReport, REPORT_SCHEMA_ID, type CheckReport } from '../../shared/report/report-model';
import { errorMessage } from '../../shared/error-text';

export type ReportFormat = 'html' | 'json';

const FORMATS: Record<string, ReportFormat> = { '.html': 'html', '.htm': 'html', '.json': 'json' };
export const REPORT_EXTENSIONS = Object.keys(FORMATS);

export class ReportFileError extends Error {}

/** The format a file name asks for; an error naming the supported extensions for any other. */
export function reportFormatFor(file: string): ReportFormat {
  const ext = path.extname(file).toLowerCase();
  const format = FORMATS[ext];
  if (!format) {
    throw new ReportFileError(`cannot write a report to "${path.basename(file)}": `
      + `${ext ? `"${ext}" is not a report format` : 'the name has no extension'}; use ${REPORT_EXTENSIONS.join(', ')}`);
  }
  return format;
}

export function renderReport(report: CheckReport, format: ReportFormat): string {
  return format === 'html' ? renderHtmlReport(report) : `${JSON.stringify(report, null, 2)}\n`;
}

/** Writes `content` so that readers see the old file or the new one, never a part. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // 'wx': never follow or reuse something already at the temporary name.
    const fh = await fs.open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(content, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** Writes the report as HTML (.html, .htm) or pretty JSON (.json). */
export async function writeReport(file: string, report: CheckReport): Promise<ReportFormat> {
  const format = reportFormatFor(file);
  await writeFileAtomic(file, renderReport(report, format));
  return format;
}

/**
 * Reads a saved JSON report back, validated against the report schema. A file of another kind (a
 * profile, a plan, anything) is named as such before its fields are looked at.
 */
export async function readReport(file: string): Promise<CheckReport> {
  const name = path.basename(file);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new ReportFileError(`cannot read ${name} (${e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ReportFileError(`${name} is not JSON: ${errorMessage(e)}`);
  }
  const schema = json !== null && typeof json === 'object' && 'schema' in json ? json.schema : undefined;
  if (schema !== REPORT_SCHEMA_ID) {
    const what = typeof schema === 'string' ? `its schema is ${JSON.stringify(schema.slice(0, 80))}` : 'it has no schema id';
    throw new ReportFileError(`${name} is not a check report: ${what}, a check report's is "${REPORT_SCHEMA_ID}" (ha-wizard check --report FILE.json writes one)`);
  }
  const r = parseReport(json);
  if (!r.ok) throw new ReportFileError(`${name} is not a check report: ${r.problems.slice(0, 5).join('; ')}${r.problems.length > 5 ? ` (and ${r.problems.length - 5} more)` : ''}`);
  return r.report;
}
