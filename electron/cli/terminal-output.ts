/** How the CLI shows checks: a live progress line on a terminal, then the results grouped by area. */
import { AREA_TITLES } from '../shared/check-catalog';
import { CHECK_AREAS, type CheckResult, type CheckStatus } from '../shared/check-types';
import { remedyText } from '../shared/remedy';


export function styler(color: boolean) {
  const wrap = (code: string) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { red: wrap('31'), green: wrap('32'), yellow: wrap('33'), dim: wrap('2'), bold: wrap('1') };
}

export function statusLabel(status: CheckStatus, color: boolean): string {
  const s = styler(color);
  return { pass: s.green('PASS'), warn: s.yellow('WARN'), fail: s.red('FAIL'), skip: s.dim('SKIP') }[status];
}

export function formatResults(results: CheckResult[], color: boolean, width = 100): string {
  const s = styler(color);
  const lines: string[] = [];
  const indent = (text: string, prefix: string) => wrapText(text, width - prefix.length).map((l) => prefix + l).join('\n');
  for (const area of CHECK_AREAS) {
    const rows = results.filter((r) => r.area === area);
    if (!rows.length) continue;
    lines.push('', s.bold(AREA_TITLES[area]));
    for (const r of rows) {
      const target = r.target === 'cluster' ? '' : s.dim(` [${r.target}]`);
      lines.push(`  ${statusLabel(r.status, color)}  ${r.title}${target}`);
      lines.push(indent(r.detail, '        '));
      if (r.remedy && (r.status === 'fail' || r.status === 'warn')) lines.push(indent(`→ ${remedyText(r.remedy, { surface: 'cli' })}`, '        '));
    }
  }
  return lines.join('\n');
}

export function formatSummary(summary: Record<CheckStatus, number>, seconds: number, color: boolean): string {
  const s = styler(color);
  const verdict = summary.fail ? s.red('Not ready') : summary.warn ? s.yellow('Ready, with warnings') : s.green('Ready');
  return `\n${s.bold(verdict)}: ${summary.pass} passed, ${summary.warn} warnings, ${summary.fail} failed, ${summary.skip} skipped in ${seconds.toFixed(1)} s`;
}

export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && line.length + word.length + 1 > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}

/** One line, rewritten in place: "Checking… 23 of 48 done, 2 failed". */
export class ProgressLine {
  private done = 0;
  private failed = 0;
  constructor(private readonly total: number, private readonly out: NodeJS.WriteStream) {}
  finished(r: CheckResult) {
    this.done++;
    if (r.status === 'fail') this.failed++;
    this.out.write(`\r\x1b[2KChecking… ${this.done} of ${this.total} done${this.failed ? `, ${this.failed} failed` : ''}${r.status === 'fail' ? ` (last: ${r.title}${r.target === 'cluster' ? '' : ` on ${r.target}`})` : ''}`);
  }
  clear() {
    this.out.write('\r\x1b[2K');
  }
}
