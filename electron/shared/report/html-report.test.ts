import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html';
import { renderHtmlReport } from './html-report';
import { REF_CONTENTS, CLI, RUN_TIMES, SECRET, TOOL, XSS_ATTR, XSS_SCRIPT, fixtureProfile, fixtureResults, redactSecret } from './report-fixture';
import { buildReport, type CheckReport } from './report-model';

const SAMPLE_PATH = '/tmp/ha-wizard-sample-report.html';
const report = buildReport({ profile: fixtureProfile(), results: fixtureResults(), ...RUN_TIMES, tool: TOOL, audience: CLI, redact: redactSecret });
const html = renderHtmlReport(report);
/** Every tag as written, text left out: what a browser would act on. */
const tagsOf = (doc: string) => doc.match(/<[^>]*>/g) ?? [];
const tags = tagsOf(html);
/** The attribute names of a tag (quoted values removed first, since those are text). */
const attrNames = (tag: string) => [...tag.replace(/"[^"]*"|'[^']*'/g, '""').matchAll(/\s([^\s=>/]+)\s*=/g)].map((m) => m[1]!.toLowerCase());
const ALLOWED_ATTRS = ['lang', 'charset', 'name', 'content', 'http-equiv', 'class', 'aria-hidden', 'aria-label', 'aria-labelledby', 'id', 'datetime'];
/** The <details> element of an area, by its label. */
const areaBlock = (label: string) => html.split('<details').find((b) => b.includes(`class="area-name">${label}<`)) ?? '';

describe('renderHtmlReport', () => {
  it('saves a sample to look at', () => {
    fs.writeFileSync(SAMPLE_PATH, html);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('titles the run and gives its time, in ISO and in words, and its duration', () => {
    expect(html).toContain('<h1>HA Wizard — ProGet cluster check</h1>');
    expect(html).toContain('2026-03-03T14:05:09.250Z');
    expect(html).toContain('Tuesday, 3 March 2026, 14:05:09 UTC');
    expect(html).toContain('Took 12.4 s');
  });

  it('shows the verdict and the counts', () => {
    expect(html).toContain('class="verdict v-not-ready"');
    expect(html).toContain('Not ready');
    expect(html).toMatch(/<span class="n">6<\/span><span class="l"><span aria-hidden="true">✓<\/span> Passed/);
    expect(html).toMatch(/<span class="n">2<\/span><span class="l"><span aria-hidden="true">✕<\/span> Failed/);
    const ok = renderHtmlReport(buildReport({ profile: fixtureProfile(), results: fixtureResults().filter((r) => r.status === 'pass' || r.status === 'skip'), ...RUN_TIMES, tool: TOOL, audience: CLI }));
    expect(ok).toContain('class="verdict v-ready"');
    const warned = renderHtmlReport(buildReport({ profile: fixtureProfile(), results: fixtureResults().filter((r) => r.status !== 'fail'), ...RUN_TIMES, tool: TOOL, audience: CLI }));
    expect(warned).toContain('Ready, with warnings');
  });

  it('describes the cluster: nodes, database, storage, key, load balancer', () => {
    for (const n of report.cluster.nodes) {
      expect(html).toContain(`<strong>${n.id}</strong>`);
      expect(html).toContain(escapeHtml(n.host));
    }
    expect(html).toContain('<td class="num">2222</td>');
    for (const s of ['SSH key', 'SSH agent', 'Password', 'Windows', 'Linux', 'not pinned', 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8', 'CORP\\svc-hawizard']) {
      expect(html).toContain(s);
    }
    expect(html).toContain('SQL Server');
    expect(html).toContain(escapeHtml(report.cluster.database.connectionString));
    expect(html).toContain('\\\\fs01.corp.example\\ProGetPackages');
    expect(html).toContain('Automatic');
    expect(html).toContain('HAProxy at <code>https://proget.corp.example/</code>, sticky sessions on');
  });

  it('shows every result with its title, target, detail, and the remedy under failures and warnings', () => {
    for (const r of report.results) {
      expect(html).toContain(escapeHtml(r.title));
      expect(html).toContain(escapeHtml(r.detail));
      if (r.remedy) expect(html).toContain(`<b>What to do:</b> ${escapeHtml(r.remedy)}`);
    }
    expect(html).toMatch(/<tr class="r-warn"><td><span class="badge s-warn">.*?Warn<\/span><span class="was">was a failure<\/span><\/td><td><span class="check-title">Clocks agree/);
    expect(html).toContain('skipped: &quot;Load balancer answers&quot; was not selected for this run');
  });

  it('groups results by area in CHECK_AREAS order, open where something failed or warned', () => {
    const order = ['Servers', 'Database', 'Shared storage', 'Encryption key', 'Network', 'Load balancer'].map((l) => html.indexOf(`class="area-name">${l}<`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(areaBlock('Servers')).toMatch(/^ class="area" open>/);
    expect(areaBlock('Shared storage')).toMatch(/^ class="area" open>/);
    expect(areaBlock('Network')).toMatch(/^ class="area">/);
    expect(areaBlock('Load balancer')).toMatch(/^ class="area">/);
  });

  it('has no script, no resource and no link of any kind', () => {
    expect(html).not.toMatch(/<script/i);
    // An allow-list: no src=, href=, style= or on*= can hide among them.
    expect([...new Set(tags.flatMap(attrNames))].filter((a) => !ALLOWED_ATTRS.includes(a))).toEqual([]);
    expect(tags.filter((t) => /https?:|\/\//i.test(t))).toEqual([]);
    expect(html).not.toMatch(/url\(|@import|<link|<img|<iframe|<object|<embed/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;`);
  });

  it('shows hostile text as text', () => {
    expect(html).toContain(escapeHtml(XSS_SCRIPT));
    expect(html).toContain(escapeHtml(XSS_ATTR));
    expect(html).not.toContain(XSS_SCRIPT);
    expect(html).not.toContain('<img');
    const hostile: CheckReport = {
      ...report,
      cluster: { ...report.cluster, name: XSS_ATTR, productName: XSS_SCRIPT, nodes: report.cluster.nodes.map((n) => ({ ...n, id: XSS_ATTR, host: XSS_SCRIPT })) },
      tool: { name: XSS_ATTR, version: XSS_SCRIPT },
      results: report.results.map((r) => ({ ...r, id: XSS_ATTR, title: XSS_SCRIPT, target: XSS_ATTR, remedy: XSS_SCRIPT })),
    };
    const out = renderHtmlReport(hostile);
    expect(out).not.toMatch(/<script|<img/i);
    expect([...new Set(tagsOf(out).flatMap(attrNames))].filter((a) => !ALLOWED_ATTRS.includes(a))).toEqual([]);
    expect(out).toContain(escapeHtml(XSS_ATTR));
  });

  it('keeps secrets and secret references out', () => {
    expect(html).not.toContain(SECRET);
    for (const s of REF_CONTENTS) expect(html).not.toContain(s);
  });

  it('is styled for dark mode and print, with collapsible areas and no JS', () => {
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).toContain('@media print');
    expect(html).toContain('<details class="area"');
    expect(html).toContain('<summary>');
  });

  it('says so when no check ran', () => {
    const empty = renderHtmlReport(buildReport({ profile: fixtureProfile(), results: [], ...RUN_TIMES, tool: TOOL, audience: CLI }));
    expect(empty).toContain('No check ran.');
    expect(empty).not.toContain('<details');
  });
});
