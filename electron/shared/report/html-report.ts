/**
 * The report as ONE self-contained HTML5 file: inline CSS, no script, no external resource, so it
 * can be mailed, attached to a ticket and opened anywhere. Every value is escaped where it is
 * interpolated (`esc`), and a CSP meta tag forbids anything but inline styles as a second net.
 */
import { AREA_TITLES } from '../check-catalog';
import { LOAD_BALANCER_NAMES } from '../profile';
import { CHECK_AREAS, type CheckArea, type CheckStatus } from '../check-types';
import { escapeHtml as esc } from './escape-html';
import { REPORT_CSS } from './html-report-styles';
import { humanDuration, humanUtc, plural } from './report-format';
import type { CheckReport, StatusCounts, Verdict } from './report-model';

type Result = CheckReport['results'][number];
type Cluster = CheckReport['cluster'];

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STATUS: Record<CheckStatus, { symbol: string; label: string; plural: string }> = {
  pass: { symbol: '✓', label: 'Pass', plural: 'Passed' },
  warn: { symbol: '!', label: 'Warn', plural: 'Warnings' },
  fail: { symbol: '✕', label: 'Fail', plural: 'Failed' },
  skip: { symbol: '–', label: 'Skip', plural: 'Skipped' },
};
const STATUS_ORDER: CheckStatus[] = ['fail', 'warn', 'pass', 'skip'];

const AREA_LABELS = AREA_TITLES;
const OS_LABELS: Record<string, string> = { windows: 'Windows', linux: 'Linux' };
const AUTH_LABELS: Record<string, string> = { password: 'Password', key: 'SSH key', agent: 'SSH agent' };
const DB_LABELS: Record<string, string> = { sqlserver: 'SQL Server', postgres: 'PostgreSQL' };
const LB_LABELS: Record<string, string> = LOAD_BALANCER_NAMES;

const label = (map: Record<string, string>, key: string) => map[key] ?? key;

function badge(status: CheckStatus, text?: string, small = false): string {
  const s = STATUS[status];
  return `<span class="badge s-${status}${small ? ' small' : ''}"><span aria-hidden="true">${s.symbol}</span> ${esc(text ?? s.label)}</span>`;
}

const VERDICT_LABELS: Record<Verdict, { label: string; symbol: string }> = {
  'not-ready': { label: 'Not ready', symbol: '✕' },
  'ready-with-warnings': { label: 'Ready, with warnings', symbol: '!' },
  ready: { label: 'Ready', symbol: '✓' },
};

function verdictText(s: CheckReport['summary']): string {
  const total = s.pass + s.warn + s.fail + s.skip;
  const skipped = s.skip ? ` ${plural(s.skip, 'check was', 'checks were')} skipped.` : '';
  if (s.verdict === 'not-ready') {
    const also = s.warn ? ` There ${s.warn === 1 ? 'is' : 'are'} also ${plural(s.warn, 'warning')}.` : '';
    return `${plural(s.fail, 'check')} failed. Fix ${s.fail === 1 ? 'it' : 'them'} (each has a remedy below) and run the check again.${also}`;
  }
  if (s.verdict === 'ready-with-warnings') {
    return `Nothing failed, but ${plural(s.warn, 'warning')} ${s.warn === 1 ? 'deserves' : 'deserve'} a look before going live.${skipped}`;
  }
  if (total === 0) return 'No check ran.';
  return `Every check that ran passed.${skipped}`;
}

function header(r: CheckReport): string {
  const title = `HA Wizard — ${r.cluster.productName} cluster check`;
  return `<header>
<p class="eyebrow">Cluster check report</p>
<h1>${esc(title)}</h1>
<p class="meta">${r.cluster.name ? `<span>Cluster <strong>${esc(r.cluster.name)}</strong></span>` : ''}<span>Run at <time datetime="${esc(r.startedAt)}">${esc(humanUtc(r.startedAt))}</time> <span class="mono iso">(${esc(r.startedAt)})</span></span><span>Took ${esc(humanDuration(r.durationMs))}</span></p>
</header>`;
}

function verdict(r: CheckReport): string {
  const v = VERDICT_LABELS[r.summary.verdict];
  return `<section class="verdict v-${r.summary.verdict}" aria-label="Verdict">
<div class="icon" aria-hidden="true">${v.symbol}</div>
<div><p class="label">${esc(v.label)}</p><p class="text">${esc(verdictText(r.summary))}</p></div>
</section>`;
}

function counts(s: StatusCounts): string {
  const tiles = STATUS_ORDER.map((st) => `<div class="count s-${st}"><span class="n">${s[st]}</span><span class="l"><span aria-hidden="true">${STATUS[st].symbol}</span> ${STATUS[st].plural}</span></div>`);
  return `<section class="counts" aria-label="Results by status">${tiles.join('')}</section>`;
}

function encryptionText(c: Cluster): string {
  if (c.encryptionKeyMode === 'keep-node') return `Keep the key of node <code>${esc(c.encryptionKeyNode ?? '?')}</code>`;
  if (c.encryptionKeyMode === 'provided') return 'Provided (from a secret reference)';
  return "Automatic (keep the cluster's key; generate one only when no node has any)";
}

function cluster(c: Cluster): string {
  const lb = c.loadBalancer;
  const facts: [string, string][] = [
    ['Product', esc(c.productName)],
    ['Database', esc(label(DB_LABELS, c.database.kind))],
    ['Connection string', `<code>${esc(c.database.connectionString)}</code> <span class="muted">(password masked)</span>`],
    ['Shared storage', `<code>${esc(c.storagePath)}</code>`],
    ['Encryption key', encryptionText(c)],
    ['Load balancer', `${esc(label(LB_LABELS, lb.type))}${lb.url ? ` at <code>${esc(lb.url)}</code>` : ' <span class="muted">(no URL given)</span>'}, sticky sessions ${lb.sticky ? 'on' : 'off'}`],
    ['API key', c.apiKeyGiven ? 'Given (as a secret reference)' : 'Not given: database-held settings are manual steps'],
  ];
  const rows = c.nodes.map((n) => `<tr><td><strong>${esc(n.id)}</strong></td><td class="mono wrap">${esc(n.host)}</td><td class="num">${n.port}</td>`
    + `<td>${esc(label(OS_LABELS, n.os))}</td><td class="mono wrap">${esc(n.user)}</td><td>${esc(label(AUTH_LABELS, n.authKind))}</td>`
    + `<td class="fp wrap">${n.hostKeyFingerprint ? `<code>${esc(n.hostKeyFingerprint)}</code>` : '<span class="muted">not pinned</span>'}</td></tr>`);
  return `<section class="card" aria-labelledby="cluster-h">
<h2 id="cluster-h">Cluster</h2>
<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>
<h3>${esc(plural(c.nodes.length, 'server'))}</h3>
<table class="nodes"><thead><tr><th>Node</th><th>Host</th><th class="num">Port</th><th>OS</th><th>User</th><th>Login</th><th>Pinned host key</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
</section>`;
}

function resultRow(r: Result): string {
  const detail = r.status === 'skip' && !r.detail.trim() ? 'Skipped (no reason given).' : r.detail;
  const remedy = (r.status === 'fail' || r.status === 'warn') && r.remedy
    ? `<div class="remedy"><b>What to do:</b> ${esc(r.remedy)}</div>` : '';
  const target = r.target === 'cluster' ? '<span class="muted">cluster</span>' : `<strong>${esc(r.target)}</strong>`;
  // Downgraded by --warn: said beside the badge, so it is not read as an ordinary warning.
  const was = r.downgraded ? '<span class="was">was a failure</span>' : '';
  return `<tr class="r-${r.status}"><td>${badge(r.status)}${was}</td>`
    + `<td><span class="check-title">${esc(r.title)}</span><code class="check-id">${esc(r.id)}</code></td>`
    + `<td class="c-target">${target}</td>`
    + `<td><div class="detail">${esc(detail)}</div>${remedy}</td>`
    + `<td class="c-time num muted">${esc(humanDuration(r.durationMs))}</td></tr>`;
}

function areaSection(area: CheckArea, results: Result[], c: StatusCounts): string {
  const open = c.fail > 0 || c.warn > 0 ? ' open' : '';
  const summaryBadges = STATUS_ORDER.filter((s) => c[s] > 0).map((s) => badge(s, `${c[s]} ${STATUS[s].label.toLowerCase()}`, true));
  return `<details class="area"${open}>
<summary><span class="area-name">${esc(AREA_LABELS[area])}</span><span class="area-counts">${summaryBadges.join('')}</span></summary>
<table class="checks"><colgroup><col class="status"><col class="check"><col class="target"><col><col class="time"></colgroup>
<thead><tr><th>Status</th><th>Check</th><th class="c-target">Target</th><th>Detail</th><th class="c-time num">Time</th></tr></thead>
<tbody>${results.map(resultRow).join('\n')}</tbody></table>
</details>`;
}

function resultsSection(r: CheckReport): string {
  const areas = CHECK_AREAS.filter((a) => r.results.some((x) => x.area === a))
    .map((a) => areaSection(a, r.results.filter((x) => x.area === a), r.byArea[a]));
  const body = areas.length ? areas.join('\n') : '<p class="muted">No check ran.</p>';
  return `<section aria-labelledby="results-h"><h2 id="results-h">Results by area</h2>\n${body}\n</section>`;
}

export function renderHtmlReport(report: CheckReport): string {
  const title = `HA Wizard — ${report.cluster.productName} cluster check: ${VERDICT_LABELS[report.summary.verdict].label}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="generator" content="${esc(`${report.tool.name} ${report.tool.version}`)}">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${header(report)}
${verdict(report)}
${counts(report.summary)}
${cluster(report.cluster)}
${resultsSection(report)}
<footer>Written by ${esc(report.tool.name)} ${esc(report.tool.version)} (report format <code>${esc(report.schema)}</code>). `
    + `Finished at <time datetime="${esc(report.finishedAt)}">${esc(humanUtc(report.finishedAt))}</time> <span class="mono iso">(${esc(report.finishedAt)})</span>. `
    + `Secrets are never written here: authentication is shown by kind and passwords are masked.</footer>
</main>
</body>
</html>
`;
}
