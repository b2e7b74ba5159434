/** The reports folder: both files per run, named by time and kind, listed newest first, bounded. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../shared/apply-schema';
import { RUN_TIMES, SECRET, TOOL, fixtureProfile, fixtureResults, redactSecret } from '../../shared/report/report-fixture';
import { buildReport } from '../../shared/report/report-model';
import { ReportsFolder, reportsDirOf } from './reports-folder';

const checkReport = buildReport({ profile: fixtureProfile(), results: fixtureResults(), ...RUN_TIMES, tool: TOOL, audience: { surface: 'cli' }, redact: redactSecret });
const applyReport: ApplyReport = {
  status: 'rollback-failed', reason: 'node2 did not come back healthy', settings: [], manualSteps: [],
  nodes: [
    { id: 'node1', result: 'restored', backupPath: '/etc/proget.env.bak', steps: [{ step: 'write', status: 'done', detail: '' }], manual: null },
    { id: 'node2', result: 'rollback-failed', backupPath: '/etc/proget.env.bak', steps: [{ step: 'rollback', status: 'failed', detail: 'cannot write' }], manual: 'Copy /etc/proget.env.bak over /etc/proget.env, then start the service.' },
  ],
  startedAt: '2026-11-30T10:00:00.000Z', finishedAt: '2026-11-30T10:01:00.000Z',
};
let dir: string;

beforeEach(async () => { dir = reportsDirOf(await fs.mkdtemp(path.join(os.tmpdir(), 'ha-reports-'))); });
afterEach(async () => { await fs.rm(path.dirname(dir), { recursive: true, force: true }); });

describe('the reports folder', () => {
  it('writes HTML and JSON per run, named by time and kind, owner-only, without the secret', async () => {
    const folder = new ReportsFolder(dir);
    const c = await folder.writeChecks(checkReport, new Date('2026-11-30T10:00:02.000Z'));
    const a = await folder.writeApply(applyReport, { product: 'ProGet', toolVersion: '0.1.0' });
    expect(c.id).toBe('2026-11-30T10-00-02-000Z-checks');
    expect(a.id).toBe('2026-11-30T10-01-00-000Z-apply');
    expect((await fs.readdir(dir)).sort()).toEqual([`${a.id}.html`, `${a.id}.json`, `${c.id}.html`, `${c.id}.json`].sort());
    for (const f of await fs.readdir(dir)) {
      const text = await fs.readFile(path.join(dir, f), 'utf8');
      expect(text, f).not.toContain(SECRET);
      if (process.platform !== 'win32') expect((await fs.stat(path.join(dir, f))).mode & 0o777).toBe(0o600);
    }
    const json = JSON.parse(await fs.readFile(c.json, 'utf8'));
    expect(json).toMatchObject({ kind: 'checks', report: { schema: 'ha-wizard/check-report@1' } });
    const html = await fs.readFile(a.html, 'utf8');
    // What is left to do by hand comes before the table of servers.
    expect(html.indexOf('What you need to do')).toBeGreaterThan(0);
    expect(html.indexOf('What you need to do')).toBeLessThan(html.indexOf('<h2>Servers</h2>'));
    expect(html).toContain('Copy /etc/proget.env.bak over /etc/proget.env');
  });

  it('lists the runs newest first with a line each; a folder not yet made is an empty list', async () => {
    const folder = new ReportsFolder(dir);
    expect(await folder.list()).toEqual([]);
    await folder.writeChecks(checkReport, new Date('2026-11-30T10:00:00.000Z'));
    await folder.writeApply(applyReport, { product: 'ProGet', toolVersion: '0.1.0' }, new Date('2026-11-30T11:00:00.000Z'));
    // Two runs in the same millisecond keep both.
    await folder.writeChecks(checkReport, new Date('2026-11-30T10:00:00.000Z'));
    const list = await folder.list();
    expect(list.map((r) => [r.id, r.kind, r.at])).toEqual([
      ['2026-11-30T11-00-00-000Z-apply', 'apply', '2026-11-30T11:00:00.000Z'],
      ['2026-11-30T10-00-00-000Z-checks-2', 'checks', '2026-11-30T10:00:00.000Z'],
      ['2026-11-30T10-00-00-000Z-checks', 'checks', '2026-11-30T10:00:00.000Z'],
    ]);
    expect(list[0]!.summary).toBe('Rollback failed: 0 of 2 servers changed');
    expect(list[1]!.summary).toMatch(/^(Ready|Not ready|Ready, with warnings): \d+ passed, \d+ warnings, \d+ failed, \d+ skipped$/);
  });

  it('keeps only the newest runs, removing both files of the oldest', async () => {
    const folder = new ReportsFolder(dir, 3);
    for (let i = 0; i < 5; i++) await folder.writeChecks(checkReport, new Date(Date.UTC(2026, 10, 30, 10, i)));
    const ids = (await folder.list()).map((r) => r.id);
    expect(ids).toEqual(['2026-11-30T10-04-00-000Z-checks', '2026-11-30T10-03-00-000Z-checks', '2026-11-30T10-02-00-000Z-checks']);
    expect(await fs.readdir(dir)).toHaveLength(6);
  });

  it('names a run\'s HTML only for an id of this folder (no path out of it)', async () => {
    const folder = new ReportsFolder(dir);
    const c = await folder.writeChecks(checkReport);
    expect(await folder.htmlOf(c.id)).toBe(c.html);
    for (const bad of ['../../etc/passwd', `${c.id}/../x`, '2026-11-30T10-00-00-000Z-checks', '']) expect(await folder.htmlOf(bad), bad).toBeNull();
  });
});
