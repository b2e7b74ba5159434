import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, RUN_TIMES, SECRET, TOOL, fixtureProfile, fixtureResults, redactSecret } from '../../shared/report/report-fixture';
import { readReport, reportFormatFor, writeReport } from './report-files';
import { buildReport } from '../../shared/report/report-model';

const report = buildReport({ profile: fixtureProfile(), results: fixtureResults(), ...RUN_TIMES, tool: TOOL, audience: CLI, redact: redactSecret });
let dir: string;

beforeAll(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ha-report-')); });
afterAll(async () => { await fs.rm(dir, { recursive: true, force: true }); });

describe('report files', () => {
  it('chooses the format by extension, in any case', () => {
    expect(reportFormatFor('a/report.html')).toBe('html');
    expect(reportFormatFor('REPORT.HTM')).toBe('html');
    expect(reportFormatFor('r.Json')).toBe('json');
  });

  it('refuses other extensions, naming the supported ones', async () => {
    await expect(writeReport(path.join(dir, 'report.txt'), report)).rejects.toThrow(/"\.txt" is not a report format; use \.html, \.htm, \.json/);
    expect(() => reportFormatFor('report')).toThrow(/no extension; use \.html, \.htm, \.json/);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('writes HTML and pretty JSON, owner-only, leaving no temporary file', async () => {
    const htmlPath = path.join(dir, 'check.html');
    const jsonPath = path.join(dir, 'check.json');
    expect(await writeReport(htmlPath, report)).toBe('html');
    expect(await writeReport(jsonPath, report)).toBe('json');
    const html = await fs.readFile(htmlPath, 'utf8');
    const json = await fs.readFile(jsonPath, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(json).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(json.split('\n')[1]).toMatch(/^ {2}"schema"/);
    for (const text of [html, json]) expect(text).not.toContain(SECRET);
    expect((await fs.readdir(dir)).sort()).toEqual(['check.html', 'check.json']);
    if (process.platform !== 'win32') {
      expect((await fs.stat(htmlPath)).mode & 0o777).toBe(0o600);
      expect((await fs.stat(jsonPath)).mode & 0o777).toBe(0o600);
    }
  });

  it('replaces an existing file whole, and reads a JSON report back', async () => {
    const jsonPath = path.join(dir, 'again.json');
    await fs.writeFile(jsonPath, 'old', { mode: 0o644 });
    await writeReport(jsonPath, report);
    expect(await readReport(jsonPath)).toEqual(report);
    if (process.platform !== 'win32') expect((await fs.stat(jsonPath)).mode & 0o777).toBe(0o600);
  });

  it('leaves no temporary file when the write fails', async () => {
    await expect(writeReport(path.join(dir, 'missing-dir', 'r.json'), report)).rejects.toThrow(/ENOENT/);
    const blocker = path.join(dir, 'is-a-dir.html');
    await fs.mkdir(blocker);
    await expect(writeReport(blocker, report)).rejects.toThrow();
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to read back what is not a report', async () => {
    const p = path.join(dir, 'not.json');
    await fs.writeFile(p, '{"schema":"something-else"}');
    await expect(readReport(p)).rejects.toThrow(/not a check report/);
    await fs.writeFile(p, '{oops');
    await expect(readReport(p)).rejects.toThrow(/not JSON/);
  });
});
