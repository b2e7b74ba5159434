/**
 * Cold start (issue 10): the bundled CLI started as a user starts it (`node ha-wizard.cjs --help`, built
 * as `npm run build:cli` builds it) against a bare `node -e 0`, interleaved, median of 9 each; and a
 * command's start (`report` on a missing file: the program, then the command code it loads from beside it).
 * Target: --help at most 2x. The 1-node check's wall time (target 0.4 s) is in the checks bench's table.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { COMMANDS_FILE, SQLSERVER_FILE, buildCli } from '../scripts/build-cli';
import { median } from './bench-support';

const exec = promisify(execFile);
const RUNS = 9;

async function timed(args: string[]): Promise<number> {
  const started = performance.now();
  // `report` on a missing file exits 2 by design: only the time counts.
  await exec(process.execPath, args).catch(() => undefined);
  return performance.now() - started;
}

export async function coldStartBench(): Promise<string[]> {
  const cli = await buildCli(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-')), 'ha-wizard.cjs'));
  const missing = path.join(path.dirname(cli), 'no-such-report.json');
  const bare: number[] = [];
  const help: number[] = [];
  const command: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(await timed(['-e', '0']));
    help.push(await timed([cli, '--help']));
    command.push(await timed([cli, 'report', '--in', missing]));
  }
  const ratio = median(help) / median(bare);
  const mb = (f: string) => (fs.statSync(f).size / 2 ** 20).toFixed(1);
  return [
    `cold start: ha-wizard --help ${Math.round(median(help))} ms, node -e 0 ${Math.round(median(bare))} ms (medians of ${RUNS}, interleaved; program ${mb(cli)} MB, command code ${mb(path.join(path.dirname(cli), COMMANDS_FILE))} MB, SQL Server driver ${mb(path.join(path.dirname(cli), SQLSERVER_FILE))} MB)`,
    `--help / bare node = ${ratio.toFixed(2)} (target <= 2) ${ratio <= 2 ? 'MET' : 'MISSED'}`,
    `a command's start (report on a missing file): ${Math.round(median(command))} ms, ${(median(command) / median(bare)).toFixed(2)}x a bare node`,
  ];
}
