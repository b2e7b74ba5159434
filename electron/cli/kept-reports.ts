/**
 * The CLI keeps its reports where the desktop app does: the reports folder in the HA Wizard data folder
 * (HA_WIZARD_HOME overrides it), newest 100 runs. A folder that cannot be written is said on stderr and
 * never changes the command's outcome.
 */
import { defaultDataDir } from '../core/data-dir';
import { ReportsFolder, reportsDirOf, type KeptReport } from '../core/reports/reports-folder';
import { errorMessage } from '../shared/error-text';

export function cliReportsFolder(env: NodeJS.ProcessEnv = process.env): ReportsFolder {
  return new ReportsFolder(reportsDirOf(defaultDataDir(env)));
}

/** Writes one run's report to the reports folder; returns the line to print (or null when it failed, said on `err`). */
export async function keepReport(write: (folder: ReportsFolder) => Promise<KeptReport>, err: NodeJS.WritableStream): Promise<string | null> {
  try {
    const kept = await write(cliReportsFolder());
    return `Report kept in ${kept.html} (and .json)`;
  } catch (e) {
    err.write(`warning: the report could not be kept in the reports folder: ${errorMessage(e)}\n`);
    return null;
  }
}
