/**
 * An upgrade run's report as a self-contained HTML page (no script, every text escaped), the same stylesheet
 * as the check and apply reports. What is left to do by hand comes first: it is what the admin opens it for.
 */
import type { UpgradeReport } from '../upgrade-schema';
import { escapeHtml as esc } from './escape-html';
import { REPORT_CSS } from './html-report-styles';

const HEADLINE: Record<UpgradeReport['status'], { text: (r: UpgradeReport) => string; verdict: 'ready' | 'ready-with-warnings' | 'not-ready' }> = {
  upgraded: { text: (r) => `Upgraded: every server runs ${r.to}`, verdict: 'ready' },
  refused: { text: () => 'Not upgraded (refused): nothing was changed', verdict: 'ready-with-warnings' },
  'rolled-back': { text: (r) => `Rolled back: every server is back on ${r.from}`, verdict: 'ready-with-warnings' },
  'rollback-failed': { text: () => 'The upgrade failed and so did its rollback: some servers need your attention', verdict: 'not-ready' },
};

const RESULT: Record<UpgradeReport['nodes'][number]['result'], string> = {
  upgraded: 'Upgraded', restored: 'Put back on the old version', untouched: 'Not changed', 'rollback-failed': 'Rollback failed',
};

/** "4 min 12 s" */
export function outageWords(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

export function renderUpgradeHtml(r: UpgradeReport, o: { toolVersion: string }): string {
  const h = HEADLINE[r.status];
  const manual = r.manualSteps.length
    ? `<section class="card"><h2>What you need to do</h2><ol>
${r.manualSteps.map((s) => `<li><strong>${esc(s.title)}</strong>: ${esc(s.detail)}${s.url ? ` <code>${esc(s.url)}</code>` : ''}</li>`).join('\n')}
</ol></section>`
    : '';
  const nodes = r.nodes.map((n) => `<tr><td><strong>${esc(n.id)}</strong></td><td>${esc(RESULT[n.result])}</td>
<td>${esc(n.versionBefore ?? '–')}</td><td>${esc(n.versionAfter ?? 'unknown')}</td><td>${n.healthy ? 'Healthy' : 'Not healthy'}</td></tr>`).join('\n');
  const steps = r.steps.map((s) => `<tr><td><code>${esc(s.stepId)}</code></td><td>${esc(s.status)}</td><td>${esc(s.detail)}</td><td>${esc(s.startedAt)}</td><td>${esc(s.finishedAt ?? '–')}</td></tr>`).join('\n');
  const db = r.database;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>HA Wizard — ${esc(r.product)} upgrade report</title>
<style>${REPORT_CSS}</style></head>
<body><main>
<p class="eyebrow">Upgrade report</p>
<h1>HA Wizard — ${esc(r.product)} upgrade from ${esc(r.from)} to ${esc(r.to)}</h1>
<p class="meta">${r.mode === 'coordinated' ? 'Coordinated' : 'Rolling'} upgrade · started ${esc(r.startedAt)} · finished ${esc(r.finishedAt)}${r.outageMs !== null ? ` · outage ${esc(outageWords(r.outageMs))}` : ''}</p>
<section class="verdict v-${h.verdict}" aria-label="Outcome"><div class="label">${esc(h.text(r))}</div>${r.reason ? `<p>${esc(r.reason)}</p>` : ''}</section>
${manual}
<section class="card"><h2>Servers</h2>
<table><thead><tr><th>Server</th><th>Result</th><th>Before</th><th>After</th><th>Health</th></tr></thead>
<tbody>${nodes}</tbody></table></section>
<section class="card"><h2>Database</h2><ul>
<li>Backup: ${db.backup ? `<code>${esc(db.backup)}</code>` : 'none made'}</li>
<li>Restored from it: ${db.restored ? 'yes' : 'no'}</li>
<li>Schema upgrade exit code: ${db.schemaUpgradeExitCode ?? 'not run'}</li>
</ul></section>
<section class="card"><h2>Steps</h2>
<table><thead><tr><th>Step</th><th>Status</th><th>Detail</th><th>Started</th><th>Finished</th></tr></thead>
<tbody>${steps}</tbody></table></section>
<footer>HA Wizard ${esc(o.toolVersion)}. No secrets are written in this report.</footer>
</main></body></html>
`;
}
