/**
 * `ha-wizard report`: a saved JSON check report (ha-wizard check --report run.json) rendered again as
 * the same self-contained HTML, to a file or to standard output. Only a valid report is rendered.
 */
import path from 'node:path';
import { readReport, renderReport, ReportFileError, writeReport } from '../core/report/report-files';
import { UsageError } from './profile-file';

export interface ReportOptions {
  in: string;
  out?: string;
}

/** Returns the exit code (0); a file that is no report, or a bad --out, is a UsageError (exit 2). */
export async function reportCommand(o: ReportOptions, io: { out: { write(text: string): unknown } } = { out: process.stdout }): Promise<number> {
  if (o.out && !/\.html?$/i.test(o.out)) throw new UsageError(`--out wants a file ending in .html or .htm, not ${JSON.stringify(path.basename(o.out))}`);
  const report = await readReport(o.in).catch((e: unknown) => {
    throw e instanceof ReportFileError ? new UsageError(e.message) : e;
  });
  if (o.out) {
    await writeReport(o.out, report);
    io.out.write(`Report written to ${o.out}\n`);
  } else {
    io.out.write(renderReport(report, 'html'));
  }
  return 0;
}
