import { describe, expect, it } from 'vitest';
import { CHECK_AREAS, type CheckResult, type CheckStatus } from '../check-types';
import { ProfileSchema } from '../profile';
import { REF_CONTENTS, CLI, RUN_TIMES, SECRET, TOOL, fixtureProfile, fixtureResults, redactSecret } from './report-fixture';
import { buildReport, checkReportSchema, parseReport, verdictOf } from './report-model';

const withStatuses = (...statuses: CheckStatus[]): CheckResult[] =>
  statuses.map((status, i) => ({ id: `c${i}`, title: `Check ${i}`, area: 'servers', target: 'cluster', status, detail: '', remedy: null, durationMs: 1 }));
const build = (results: CheckResult[]) => buildReport({ profile: fixtureProfile(), results, ...RUN_TIMES, tool: TOOL, audience: CLI });

describe('verdict', () => {
  it('is not-ready on any failure, with warnings on any warning, else ready', () => {
    expect(verdictOf({ fail: 1, warn: 5 })).toBe('not-ready');
    expect(verdictOf({ fail: 0, warn: 1 })).toBe('ready-with-warnings');
    expect(verdictOf({ fail: 0, warn: 0 })).toBe('ready');
  });

  it('is decided from the results, and skips alone do not make a cluster not ready', () => {
    expect(build(withStatuses('pass', 'skip', 'skip')).summary.verdict).toBe('ready');
    expect(build(withStatuses('skip')).summary.verdict).toBe('ready');
    expect(build(withStatuses('pass', 'warn', 'skip')).summary.verdict).toBe('ready-with-warnings');
    expect(build(withStatuses('pass', 'warn', 'fail')).summary.verdict).toBe('not-ready');
  });
});

describe('buildReport', () => {
  const results = fixtureResults();
  const report = buildReport({ profile: fixtureProfile(), results, ...RUN_TIMES, tool: TOOL, audience: CLI, redact: redactSecret });

  it('records the run: tool, times and duration', () => {
    expect(report.schema).toBe('ha-wizard/check-report@1');
    expect(report.tool).toEqual(TOOL);
    expect(report.startedAt).toBe('2026-03-03T14:05:09.250Z');
    expect(report.finishedAt).toBe('2026-03-03T14:05:21.690Z');
    expect(report.durationMs).toBe(12_440);
  });

  it('describes the cluster with auth kinds only', () => {
    expect(report.cluster).toMatchObject({ name: 'Production feeds', product: 'proget', productName: 'ProGet', storagePath: '\\\\fs01.corp.example\\ProGetPackages',
      encryptionKeyMode: 'auto', loadBalancer: { type: 'haproxy', url: 'https://proget.corp.example/', sticky: true }, apiKeyGiven: true });
    expect(report.cluster.nodes).toEqual([
      { id: 'web1', host: 'proget-web1.corp.example', port: 22, user: 'CORP\\svc-hawizard', os: 'windows', authKind: 'password', hostKeyFingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8' },
      { id: 'web2', host: '10.20.30.42', port: 2222, user: 'CORP\\svc-hawizard', os: 'windows', authKind: 'agent' },
      { id: 'lnx1', host: 'proget-lnx1.corp.example', port: 22, user: 'deploy', os: 'linux', authKind: 'key', hostKeyFingerprint: 'SHA256:Yx7pQ2mVv0b9c8d7e6f5g4h3i2j1k0LmNoPqRsTuVwX' },
    ]);
  });

  it('keeps the results in the given order, and counts them overall and per area', () => {
    expect(report.results.map((r) => `${r.id}@${r.target}`)).toEqual(results.map((r) => `${r.id}@${r.target}`));
    expect(report.summary).toEqual({ pass: 6, warn: 2, fail: 2, skip: 2, verdict: 'not-ready' });
    expect(Object.keys(report.byArea)).toEqual([...CHECK_AREAS]);
    expect(report.byArea.servers).toEqual({ pass: 3, warn: 1, fail: 1, skip: 1 });
    expect(report.byArea['load-balancer']).toEqual({ pass: 0, warn: 0, fail: 0, skip: 1 });
    expect(report.results.find((r) => r.id === 'servers.clock')).toMatchObject({ status: 'warn', downgraded: true, data: { skewMs: 4200, nodes: ['web1', 'web2'] } });
  });

  it('passes every string through the redactor, data included', () => {
    const json = JSON.stringify(report);
    expect(json).not.toContain(SECRET);
    expect(report.results.find((r) => r.id === 'database.connect')?.data).toEqual({ note: 'used ********' });
    const odd = buildReport({
      profile: { ...fixtureProfile(), name: `feeds ${SECRET}`, storage: { path: `\\\\fs\\${SECRET}` } },
      results: [], ...RUN_TIMES, tool: { name: 'x', version: SECRET }, audience: CLI, redact: redactSecret,
    });
    expect(JSON.stringify(odd)).not.toContain(SECRET);
  });

  it('never carries the contents of secret references', () => {
    const json = JSON.stringify(report);
    for (const s of REF_CONTENTS) expect(json).not.toContain(s);
  });

  it('masks a password in the connection string or load balancer URL, even one that slipped past the schema', () => {
    const p = fixtureProfile();
    const leaky = { ...p, database: { ...p.database, connectionString: 'Server=sql01;Database=ProGet;User ID=sa;Password=Pa55word!' },
      loadBalancer: { ...p.loadBalancer, url: 'https://admin:lbpass99@lb.corp.example/' } };
    const r = buildReport({ profile: leaky, results: [], ...RUN_TIMES, tool: TOOL, audience: CLI });
    expect(r.cluster.database.connectionString).not.toContain('Pa55word!');
    expect(r.cluster.database.connectionString).toContain('********');
    expect(r.cluster.loadBalancer.url).toBe('https://admin:********@lb.corp.example/');
  });

  it('names the node whose key is kept', () => {
    const p = ProfileSchema.parse({ ...fixtureProfile(), encryptionKey: { mode: 'keep-node', node: 'web2' } });
    expect(buildReport({ profile: p, results: [], ...RUN_TIMES, tool: TOOL, audience: CLI }).cluster).toMatchObject({ encryptionKeyMode: 'keep-node', encryptionKeyNode: 'web2' });
  });

  it('round-trips through JSON and the schema', () => {
    const back = JSON.parse(JSON.stringify(report)) as unknown;
    expect(checkReportSchema.parse(back)).toEqual(report);
    expect(parseReport(back)).toEqual({ ok: true, report });
  });

  it('rejects a file that is not a report, saying where', () => {
    const bad = { ...JSON.parse(JSON.stringify(report)), summary: { ...report.summary, verdict: 'maybe' } } as unknown;
    const r = parseReport(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toMatch(/summary\.verdict/);
    expect(parseReport({ schema: 'ha-wizard/check-report@2' }).ok).toBe(false);
  });
});
