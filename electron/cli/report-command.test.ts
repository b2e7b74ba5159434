/**
 * `ha-wizard report`: a JSON report saved by `ha-wizard check --report` comes back as the same HTML,
 * and anything that is not such a report is refused with exit 2 and a message that says what it is.
 * Plain Node: the check run below uses only a check that needs no server (servers.node-count).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../shared/report/html-report';
import { CLI, RUN_TIMES, TOOL, fixtureProfile, fixtureResults, redactSecret } from '../shared/report/report-fixture';
import { buildReport, checkReportSchema } from '../shared/report/report-model';
import { seededRandom } from '../shared/testing/seeded-random';
import { ONE_NODE_PROFILE as profile, runCli as cli, tempFolder } from './cli-fixture';
import { UsageError } from './profile-file';
import { reportCommand, type ReportOptions } from './report-command';

const { dir, write } = tempFolder('cli-report-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The error reportCommand throws (a resolved call fails the test). */
async function refusal(o: ReportOptions): Promise<Error> {
  return reportCommand(o, { out: { write: () => true } }).then((code) => { throw new Error(`rendered (exit ${code})`); }, (e: Error) => e);
}

describe('ha-wizard report', () => {
  it('renders the JSON report that ha-wizard check saved as the same HTML, to a file or to standard output', { timeout: 120_000 }, async () => {
    const json = path.join(dir, 'run.json');
    const checked = await cli(['check', '--profile', write('profile.json', profile), '--only', 'servers.node-count', '--report', json, '--known-hosts', path.join(dir, 'kh.json')]);
    expect(checked.code).toBe(0);
    const saved = checkReportSchema.parse(JSON.parse(fs.readFileSync(json, 'utf8')));
    expect(saved.results.map((r) => r.id)).toEqual(['servers.node-count']);

    const html = path.join(dir, 'again.html');
    const r = await cli(['report', '--in', json, '--out', html]);
    expect([r.code, r.stdout.trim()]).toEqual([0, `Report written to ${html}`]);
    const text = fs.readFileSync(html, 'utf8');
    expect(text).toBe(renderHtmlReport(saved));
    expect(text).toMatch(/^<!DOCTYPE html>/);
    expect(text).toContain('Number of servers');
    expect(text).toContain('one server is not a cluster');

    const toStdout = await cli(['report', '--in', json]);
    expect([toStdout.code, toStdout.stdout]).toEqual([0, text]);
  });

  it('refuses malformed JSON, a foreign JSON file, a damaged report and a missing file with exit 2, writing nothing', { timeout: 120_000 }, async () => {
    const out = path.join(dir, 'never.html');
    const report = buildReport({ profile: fixtureProfile(), results: fixtureResults(), ...RUN_TIMES, tool: TOOL, audience: CLI, redact: redactSecret });
    const { results: _dropped, ...noResults } = report;
    const cases: [string, RegExp][] = [
      [write('broken.json', '{ "schema": "ha-wizard/check-report@1", '), /broken\.json is not JSON/],
      [write('a-profile.json', profile), /a-profile\.json is not a check report: it has no schema id, a check report's is "ha-wizard\/check-report@1"/],
      [write('a-plan.json', { schema: 'ha-wizard/plan@1', nodes: [] }), /a-plan\.json is not a check report: its schema is "ha-wizard\/plan@1"/],
      [write('a-list.json', [report]), /a-list\.json is not a check report: it has no schema id/],
      [write('damaged.json', noResults), /damaged\.json is not a check report: results: /],
      [path.join(dir, 'absent.json'), /cannot read absent\.json \(ENOENT\)/],
    ];
    // Through the real command line for two of them (exit code, standard error), in process for the rest.
    for (const [file, message] of cases.slice(0, 2)) {
      const r = await cli(['report', '--in', file, '--out', out]);
      expect([r.code, r.stderr], file).toEqual([2, expect.stringMatching(message)]);
      expect(r.stdout).toBe('');
    }
    for (const [file, message] of cases.slice(2)) {
      const e = await refusal({ in: file, out });
      expect(e, file).toBeInstanceOf(UsageError);
      expect(e.message, file).toMatch(message);
    }
    expect(fs.existsSync(out)).toBe(false);
    const good = write('good.json', report);
    expect((await refusal({ in: good, out: path.join(dir, 'r.txt') })).message).toMatch(/--out wants a file ending in \.html or \.htm/);
    expect((await cli(['report'])).code).toBe(2);
  });

  it('renders no file that is not a whole report (property: 300 damaged or foreign reports)', async () => {
    const next = seededRandom(12);
    const report = buildReport({ profile: fixtureProfile(), results: fixtureResults(), ...RUN_TIMES, tool: TOOL, audience: CLI, redact: redactSecret }) as unknown as Record<string, unknown>;
    const junk = [null, 0, -1, 'x', true, [], {}, { nested: 1 }, '2026-13-45'];
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
    const out = path.join(dir, 'property.html');
    for (let i = 0; i < 300; i++) {
      const copy = structuredClone(report);
      const key = pick(Object.keys(copy));
      const how = pick(['drop', 'junk', 'schema'] as const);
      if (how === 'drop') delete copy[key];
      else if (how === 'junk') {
        // A value of another JSON kind than the real one (a number for a number may still be valid).
        const value = pick(junk.filter((j) => kind(j) !== kind(copy[key])));
        copy[key] = value;
      } else copy.schema = pick(['ha-wizard/check-report@2', 'ha-wizard/plan@1', '', 'HA-WIZARD/CHECK-REPORT@1']);
      const file = write(`p${i}.json`, copy);
      expect(await refusal({ in: file, out }), `${how} ${key}`).toBeInstanceOf(UsageError);
    }
    expect(fs.existsSync(out)).toBe(false);
  });
});
