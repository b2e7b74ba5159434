/**
 * Apply's report as a self-contained HTML page (no script, every text escaped), the same stylesheet as
 * the check report. What is left to do by hand comes first: it is what the admin opens the file for.
 */
import type { ApplyReport } from '../apply-schema';
import { escapeHtml as esc } from './escape-html';
import { REPORT_CSS } from './html-report-styles';

const HEADLINE: Record<ApplyReport['status'], { text: string; verdict: 'ready' | 'ready-with-warnings' | 'not-ready' }> = {
  'nothing-to-do': { text: 'Nothing to change: every server already had this configuration', verdict: 'ready' },
  applied: { text: 'Applied: every server has the new configuration', verdict: 'ready' },
  refused: { text: 'Not applied: nothing was changed', verdict: 'ready-with-warnings' },
  'rolled-back': { text: 'Rolled back: the servers are as they were before', verdict: 'ready-with-warnings' },
  'rollback-failed': { text: 'The rollback failed: some servers need your attention', verdict: 'not-ready' },
};

const RESULT: Record<ApplyReport['nodes'][number]['result'], string> = {
  unchanged: 'Unchanged (nothing to do)', untouched: 'Not reached', changed: 'Changed', restored: 'Restored', 'rollback-failed': 'Rollback failed',
};

export function renderApplyHtml(r: ApplyReport, o: { product: string; toolVersion: string }): string {
  const h = HEADLINE[r.status];
  const manualNodes = r.nodes.filter((n) => n.manual);
  const manual = manualNodes.length || r.manualSteps.length
    ? `<section class="card"><h2>What you need to do</h2><ul>
${manualNodes.map((n) => `<li><strong>${esc(n.id)}</strong>: ${esc(n.manual ?? '')}</li>`).join('\n')}
${r.manualSteps.map((s) => `<li><strong>${esc(s.title)}</strong>: ${esc(s.detail)}${s.url ? ` <code>${esc(s.url)}</code>` : ''}</li>`).join('\n')}
</ul></section>`
    : '';
  const rows = r.nodes.map((n) => `<tr><td><strong>${esc(n.id)}</strong></td><td>${esc(RESULT[n.result])}</td>
<td>${n.steps.map((s) => `${esc(s.step)}: ${esc(s.status)}${s.detail ? ` — ${esc(s.detail)}` : ''}`).join('<br>')}</td>
<td>${n.backupPath ? `<code>${esc(n.backupPath)}</code>` : '–'}</td></tr>`).join('\n');
  const settings = r.settings.length
    ? `<section class="card"><h2>Product settings</h2><ul>${r.settings.map((s) => `<li>${esc(s.name)}: ${esc(s.status)}${s.detail ? ` — ${esc(s.detail)}` : ''}</li>`).join('')}</ul></section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>HA Wizard — ${esc(o.product)} apply report</title>
<style>${REPORT_CSS}</style></head>
<body><main>
<p class="eyebrow">Apply report</p>
<h1>HA Wizard — ${esc(o.product)} apply report</h1>
<p class="meta">Started ${esc(r.startedAt)} · finished ${esc(r.finishedAt)}</p>
<section class="verdict v-${h.verdict}" aria-label="Outcome"><div class="label">${esc(h.text)}</div>${r.reason ? `<p>${esc(r.reason)}</p>` : ''}</section>
${manual}
<section class="card"><h2>Servers</h2>
<table><thead><tr><th>Server</th><th>Result</th><th>Steps</th><th>Backup</th></tr></thead>
<tbody>${rows}</tbody></table></section>
${settings}
<footer>HA Wizard ${esc(o.toolVersion)}. No secrets are written in this report.</footer>
</main></body></html>
`;
}
