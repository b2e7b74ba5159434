/** The matrix's table: one line per cell (what it ended as, how long), then the totals by fault. */
import type { MatrixFault } from './matrix-cells';
import type { CellResult } from './matrix-run';

export function matrixTable(results: CellResult[], slice: string, total: number, seconds: number): string {
  const lines = [
    `fault matrix: ${results.length} of ${total} cells (slice ${slice}), ${seconds.toFixed(0)} s; ends per node: node1 node2 node3 settings`,
    '  (before/planned/other; ! not healthy; * the report names what is left; +b a backup beside it)',
  ];
  for (const r of results) {
    lines.push(`${r.breaches.length ? 'BREAKS' : 'ok    '} ${r.id.padEnd(44)} ${r.status.slice(0, 40).padEnd(16)} ${r.ends.padEnd(44)} ${r.seconds.toFixed(1)} s`);
    for (const b of r.breaches) lines.push(`         - ${b}`);
  }
  const byFault = new Map<string, { n: number; broken: number; s: number; outcomes: Map<string, number> }>();
  for (const r of results) {
    const fault = r.id.slice(r.id.lastIndexOf(' x ') + 3);
    const f = byFault.get(fault) ?? { n: 0, broken: 0, s: 0, outcomes: new Map() };
    f.n++;
    f.s += r.seconds;
    if (r.breaches.length) f.broken++;
    f.outcomes.set(r.status, (f.outcomes.get(r.status) ?? 0) + 1);
    byFault.set(fault, f);
  }
  lines.push('', 'by fault: cells, breaking the rule, outcomes, seconds');
  for (const [fault, f] of byFault) {
    lines.push(`  ${fault.padEnd(18)} ${String(f.n).padStart(3)} ${String(f.broken).padStart(3)}  ${[...f.outcomes].map(([o, n]) => `${o} ${n}`).join(', ')}  ${f.s.toFixed(0)} s`);
  }
  return lines.join('\n');
}

export type { MatrixFault };
