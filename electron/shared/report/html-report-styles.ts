/**
 * The report's one inline stylesheet. No url(), no @import, no web fonts: the file must render the
 * same offline and under a CSP that allows nothing but inline styles. Colours come in light and dark
 * sets; print always uses the light set. Status colours always come with a word and a symbol.
 */
const LIGHT = `
  --bg: #f4f5f7; --surface: #ffffff; --text: #1b1f24; --muted: #57606a; --border: #d5dae0; --code-bg: #eef1f4;
  --pass-fg: #0b6a0b; --pass-bg: #e3f4e1; --pass-bd: #9fd49a;
  --warn-fg: #7a4b00; --warn-bg: #fff3d1; --warn-bd: #e5bf62;
  --fail-fg: #a3141a; --fail-bg: #fde8e8; --fail-bd: #eea5a8;
  --skip-fg: #4a5560; --skip-bg: #eceff2; --skip-bd: #c6cdd4;
  --v-ready: #0b6a0b; --v-warn: #8a5300; --v-fail: #b0191e;`;

const DARK = `
  --bg: #111418; --surface: #1a1f25; --text: #e6e9ed; --muted: #a0aab4; --border: #313a45; --code-bg: #252c35;
  --pass-fg: #86d981; --pass-bg: #15301a; --pass-bd: #2f6b33;
  --warn-fg: #f2c76b; --warn-bg: #36290b; --warn-bd: #7a5a14;
  --fail-fg: #ff9c9c; --fail-bg: #3b1517; --fail-bd: #7d2a2e;
  --skip-fg: #b4bec8; --skip-bg: #252c35; --skip-bd: #414b56;
  --v-ready: #1c6b20; --v-warn: #855200; --v-fail: #a3262a;`;

export const REPORT_CSS = `
:root { color-scheme: light dark; ${LIGHT} }
@media (prefers-color-scheme: dark) { :root { ${DARK} } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 32px 24px 56px; }
h1 { font-size: 28px; line-height: 1.25; margin: 0 0 6px; }
h2 { font-size: 20px; margin: 0 0 14px; }
h3 { font-size: 16px; margin: 22px 0 10px; }
p { margin: 0; }
code, .mono { font-family: ui-monospace, "Cascadia Mono", Consolas, "DejaVu Sans Mono", Menlo, monospace; font-size: 13px; }
code { background: var(--code-bg); padding: 1px 5px; border-radius: 4px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; font-weight: 600; color: var(--muted); margin-bottom: 4px; }
.meta { color: var(--muted); }
.meta span + span::before { content: "·"; margin: 0 8px; }
header { margin-bottom: 20px; }

.verdict { display: flex; align-items: center; gap: 18px; padding: 20px 24px; border-radius: 10px; color: #fff; margin-bottom: 16px; }
.verdict .icon { flex: none; width: 56px; height: 56px; border-radius: 50%; border: 3px solid rgba(255,255,255,.85);
  display: flex; align-items: center; justify-content: center; font-size: 30px; font-weight: 700; line-height: 1; }
.verdict .label { font-size: 30px; font-weight: 700; line-height: 1.2; }
.verdict .text { font-size: 16px; opacity: .95; margin-top: 2px; }
.v-ready { background: var(--v-ready); }
.v-ready-with-warnings { background: var(--v-warn); }
.v-not-ready { background: var(--v-fail); }

.counts { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-bottom: 28px; }
.count { border: 1px solid; border-radius: 8px; padding: 12px 16px; display: flex; align-items: baseline; gap: 10px; }
.count .n { font-size: 28px; font-weight: 700; line-height: 1; font-variant-numeric: tabular-nums; }
.count .l { font-weight: 600; }

.card { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 20px 24px; margin-bottom: 28px; }
.facts { display: grid; grid-template-columns: 180px 1fr; gap: 8px 20px; margin: 0; }
.facts dt { color: var(--muted); font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }

table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 600;
  padding: 8px 12px; border-bottom: 2px solid var(--border); }
td { padding: 10px 12px; border-top: 1px solid var(--border); vertical-align: top; overflow-wrap: anywhere; }
tr { break-inside: avoid; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.nodes td { white-space: nowrap; vertical-align: baseline; }
.nodes th, .nodes td { padding-left: 10px; padding-right: 10px; }
/* Long values may wrap (anywhere, as they have no spaces) rather than push the table out of its card. */
.nodes td.wrap { white-space: normal; }
.nodes td.fp code { font-size: 12px; background: none; padding: 0; }

.area { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; margin-bottom: 14px; overflow: hidden; }
.area > summary { list-style: none; cursor: pointer; display: flex; align-items: center; gap: 12px; padding: 14px 20px; }
.area > summary::-webkit-details-marker { display: none; }
.area > summary::before { content: "\\25B8"; color: var(--muted); width: 12px; }
.area[open] > summary::before { content: "\\25BE"; }
.area[open] > summary { border-bottom: 1px solid var(--border); }
.area-name { font-size: 17px; font-weight: 700; margin-right: auto; }
.area-counts { display: flex; gap: 6px; flex-wrap: wrap; justify-content: flex-end; }
.checks { table-layout: fixed; }
.checks col.status { width: 118px; } .checks col.check { width: 27%; } .checks col.target { width: 13%; } .checks col.time { width: 84px; }
.c-time { white-space: nowrap; }
.checks tbody tr > td:first-child { border-left: 4px solid transparent; padding-left: 16px; }
.checks tr.r-fail > td:first-child { border-left-color: var(--fail-fg); }
.checks tr.r-warn > td:first-child { border-left-color: var(--warn-fg); }
.check-title { font-weight: 600; }
.check-id { display: block; color: var(--muted); font-size: 12px; margin-top: 2px; background: none; padding: 0; }
.detail { white-space: pre-wrap; }
.r-skip .detail, .r-skip .check-title { color: var(--muted); }
.was { display: block; margin-top: 4px; font-size: 12px; color: var(--muted); font-style: italic; }
.iso { margin-left: 6px; color: var(--muted); font-size: 12px; }
.remedy { margin-top: 8px; padding: 8px 12px; border-left: 3px solid; border-radius: 4px; white-space: pre-wrap; }
.remedy b { font-weight: 700; }
.r-fail .remedy { background: var(--fail-bg); border-color: var(--fail-fg); }
.r-warn .remedy { background: var(--warn-bg); border-color: var(--warn-fg); }

.badge { display: inline-flex; align-items: center; gap: 5px; border: 1px solid; border-radius: 999px; padding: 1px 10px;
  font-size: 13px; font-weight: 700; white-space: nowrap; }
.badge.small { font-size: 12px; padding: 0 8px; font-weight: 600; }
.s-pass { color: var(--pass-fg); background: var(--pass-bg); border-color: var(--pass-bd); }
.s-warn { color: var(--warn-fg); background: var(--warn-bg); border-color: var(--warn-bd); }
.s-fail { color: var(--fail-fg); background: var(--fail-bg); border-color: var(--fail-bd); }
.s-skip { color: var(--skip-fg); background: var(--skip-bg); border-color: var(--skip-bd); }
footer { color: var(--muted); font-size: 13px; margin-top: 28px; }

@media (max-width: 760px) {
  .counts { grid-template-columns: repeat(2, 1fr); }
  .facts { grid-template-columns: 1fr; }
  .nodes td { white-space: normal; }
  .checks col.check { width: 34%; } .checks col.target, .checks col.time { width: 0; }
  .checks .c-target, .checks .c-time { display: none; }
}
@media print {
  :root { ${LIGHT} }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { margin: 14mm; }
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .card, .area { border-color: #bbb; break-inside: auto; }
  /* A closed area still prints whole (Chromium 131+; elsewhere, open it before printing). */
  .area::details-content { content-visibility: visible; display: block; }
  .area > summary::before, .area[open] > summary::before { content: none; }
  .verdict { break-inside: avoid; }
}
`;
