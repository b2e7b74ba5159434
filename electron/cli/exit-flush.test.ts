/**
 * The CLI's exit keeps its output: Node writes to a pipe asynchronously, and the process.exit() at the
 * end of main() dropped all a slow reader had not taken yet (`ha-wizard report | more` got the first
 * 64 KiB of an 80 KiB report). Here the reader waits a second before it reads anything.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../shared/report/html-report';
import { CLI, RUN_TIMES, TOOL, fixtureProfile, fixtureResults, redactSecret } from '../shared/report/report-fixture';
import { buildReport } from '../shared/report/report-model';
import { CLI_HOME, tempFolder } from './cli-fixture';
import { exitWhenWritten } from './ha-wizard';

const exec = promisify(execFile);
const { dir, write } = tempFolder('cli-exit-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs ha-wizard into a shell pipe whose reader sleeps `waitS` before it reads; everything it read. */
async function runWithSlowReader(args: string[], waitS: number): Promise<{ stdout: string }> {
  // Arguments go to the shell as $0 $1 ..., never into its text.
  const r = await exec('sh', ['-c', `"$0" electron/cli/ha-wizard.ts "$@" | { sleep ${waitS}; cat; }`, path.resolve('node_modules/.bin/tsx'), ...args], { env: { ...process.env, HA_WIZARD_HOME: CLI_HOME }, maxBuffer: 16 << 20 });
  return { stdout: r.stdout };
}

describe('the CLI\'s exit', () => {
  it('hands all of a report past 64 KiB to a reader that is slow to read', { timeout: 60_000 }, async () => {
    // Many results make the report's HTML well past a pipe's 64 KiB.
    const results = Array.from({ length: 40 }, (_, i) => fixtureResults().map((r) => ({ ...r, target: `${r.target}-${i}` }))).flat();
    const report = buildReport({ profile: fixtureProfile(), results, ...RUN_TIMES, tool: TOOL, audience: CLI, redact: redactSecret });
    const html = renderHtmlReport(report);
    expect(html.length).toBeGreaterThan(128 * 1024);
    const r = await runWithSlowReader(['report', '--in', write('big.json', report)], 1.5);
    expect(r.stdout.length).toBe(html.length);
    expect(r.stdout).toBe(html);
  });

  it('exits with the code once every stream has taken what was written before', () => {
    const exits: number[] = [];
    const later: (() => void)[] = [];
    const stream = { write: (_: string, done: () => void) => later.push(done) };
    exitWhenWritten(3, [stream, stream], (code) => exits.push(code));
    expect(exits).toEqual([]);
    later[0]!();
    expect(exits).toEqual([]);
    later[1]!();
    expect(exits).toEqual([3]);
  });
});
