/**
 * The dashboard's report: one health snapshot as a self-contained HTML page (no script, every text
 * escaped), the same stylesheet as the check report. The engine renders it for `report.save`.
 */
import { healthHeadline } from '../health-headline';
import type { ClusterHealthSnapshot } from '../health-snapshot';
import { escapeHtml as esc } from './escape-html';
import { REPORT_CSS } from './html-report-styles';

const yes = (ok: boolean | null, good = 'OK', bad = 'Problem', unknown = '–') => (ok === null ? unknown : ok ? `✓ ${good}` : `✕ ${bad}`);
const STATE = { healthy: '✓ Healthy', unhealthy: '✕ Unhealthy', 'service-stopped': '✕ Service stopped', 'not-answering': '✕ Not answering', unreachable: '✕ Unreachable' } as const;

export function renderHealthHtml(s: ClusterHealthSnapshot, o: { product: string; toolVersion: string }): string {
  // The same headline the dashboard and the CLI show.
  const h = healthHeadline(s);
  const verdict = { healthy: 'Healthy', degraded: 'Degraded', down: 'Down' }[h.verdict];
  const rows = s.nodes.map((n) => `<tr>
      <td><strong>${esc(n.id)}</strong><br><code>${esc(n.url)}</code></td>
      <td class="nowrap">${STATE[n.state]}</td>
      <td>${esc(n.version ?? '–')}</td>
      <td>${esc(n.databaseStatus ?? '–')}${n.databaseDetail ? `<br><small>${esc(n.databaseDetail)}</small>` : ''}</td>
      <td>${esc(n.licenseStatus ?? '–')}</td>
      <td>${n.keyFingerprint ? `<code>${esc(n.keyFingerprint)}</code>` : '–'}<br>${yes(n.keyInSync, 'in sync', 'differs')}</td>
      <td>${n.error ? esc(n.error) : ''}</td>
    </tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>HA Wizard — ${esc(o.product)} cluster health</title>
<style>${REPORT_CSS}
td code, td.nowrap { white-space: nowrap; }</style></head>
<body><main>
<p class="eyebrow">Cluster health report</p>
<h1>HA Wizard — ${esc(o.product)} cluster health</h1>
<p class="meta">At ${esc(s.at)} · poll took ${s.durationMs} ms</p>
<section class="verdict v-${h.verdict === 'healthy' ? 'ready' : h.verdict === 'degraded' ? 'ready-with-warnings' : 'not-ready'}" aria-label="Verdict"><div><p class="label">${verdict}</p><p class="text">${esc(h.title)}.${h.notes.map((n) => ` ${esc(n)}`).join('')}</p></div></section>
<section class="card"><h2>Servers</h2>
<table><thead><tr><th>Node</th><th>Health</th><th>Version</th><th>Database</th><th>Licence</th><th>Encryption key</th><th>Problem</th></tr></thead>
<tbody>${rows}</tbody></table>
<p>Versions: ${yes(s.versionsInSync, 'in sync', 'differ', '? unknown (not every server read)')} · Keys: ${yes(s.keysInSync, 'in sync', 'differ', '? unknown (not every server read)')}</p></section>
<section class="card"><h2>Cluster</h2><dl class="facts">
<dt>Shared storage</dt><dd>${yes(s.storage.ok)} — ${esc(s.storage.detail)}</dd>
<dt>Database</dt><dd>${yes(s.database.reachable, 'reachable', 'unreachable')} — ${esc(s.database.detail)}</dd>
<dt>Load balancer</dt><dd>${s.loadBalancer.url ? `<code>${esc(s.loadBalancer.url)}</code> ${yes(s.loadBalancer.healthy)} — ${esc(s.loadBalancer.detail)}` : 'no URL given'}</dd>
</dl></section>
<footer>HA Wizard ${esc(o.toolVersion)}. No secrets are written in this report (keys appear as fingerprints only).</footer>
</main></body></html>
`;
}
