/**
 * Lab: the fault matrix (issue 15). Every step of an apply (read from a recorded apply's journal) x the
 * node it runs on x every fault the lab can inject, the wizard's own SIGKILL included, on one lab reset
 * between cells. Every cell must meet the rule in fault-matrix/matrix-verdict.ts. CI runs a stable
 * rotating slice (HA_FAULTS_CELLS cells, the slice changing daily); `npm run faults -- --all` runs them all.
 * The table goes to stdout and to out/fault-matrix/last-run.txt; each cell's line to progress.txt as it ends.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { pickCells, utcDay, type MatrixCell } from './fault-matrix/matrix-cells';
import { type CellResult, type MatrixContext, runCell } from './fault-matrix/matrix-run';
import { prepareMatrix } from './fault-matrix/matrix-setup';
import { matrixTable } from './fault-matrix/matrix-table';

const lab = inject('lab');
const OUT = path.resolve(__dirname, '../../out/fault-matrix');
const all = process.env.HA_FAULTS === 'all';
const size = Number(process.env.HA_FAULTS_CELLS ?? '12');
/** A regular expression over the cells' ids (`write@node2 x disk-full`): only those run. */
const only = process.env.HA_FAULTS_ONLY ? new RegExp(process.env.HA_FAULTS_ONLY) : null;

let m: MatrixContext;
let cells: MatrixCell[];
let restore: () => void;
beforeAll(async () => {
  ({ m, cells, restore } = await prepareMatrix(lab, path.join(OUT, `work-${process.pid}`)));
}, 300_000);
afterAll(() => {
  restore?.();
  if (m) fs.rmSync(m.work, { recursive: true, force: true });
});

it('every cell leaves every node as before or as planned, healthy, or named in the report; never a temp file', async () => {
  expect(cells.length, 'the recorded apply has steps on every node').toBeGreaterThanOrEqual(3 * 4 * 10);
  const picked = only ? { cells: cells.filter((c) => only.test(c.id)), slice: `matching ${String(only)}` } : pickCells(cells, all ? { all: true } : { size, day: utcDay(new Date()) });
  const started = Date.now();
  const results: CellResult[] = [];
  fs.mkdirSync(OUT, { recursive: true });
  const progress = path.join(OUT, 'progress.txt');
  fs.writeFileSync(progress, `${picked.cells.length} cells (slice ${picked.slice})\n`);
  for (const cell of picked.cells) {
    const r = await runCell(m, cell);
    results.push(r);
    // Progress for whoever watches a long run (npm run faults -- --all takes half an hour).
    fs.appendFileSync(progress, `${results.length}/${picked.cells.length} ${r.breaches.length ? 'BREAKS' : 'ok'} ${r.id} ${r.status} ${r.ends} ${r.seconds.toFixed(1)} s${r.breaches.map((b) => `\n  - ${b}`).join('')}\n`);
  }
  const steps = [...new Map(cells.map((c) => [`${c.step.phase}:${c.step.step}@${c.step.nodeId ?? 'cluster'}`, c.step.ms])).entries()];
  const table = `steps as recorded (ms): ${steps.map(([id, ms]) => `${id} ${ms}`).join(', ')}\n${matrixTable(results, picked.slice, cells.length, (Date.now() - started) / 1000)}`;
  fs.writeFileSync(path.join(OUT, 'last-run.txt'), `${table}\n`);
  // Every cell's words too (the report's reason and what it names by hand): what the CLI and the app show.
  fs.writeFileSync(path.join(OUT, 'last-run.json'), `${JSON.stringify({ slice: picked.slice, total: cells.length, results }, null, 1)}\n`);
  process.stdout.write(`${table}\n`);
  expect(results.filter((r) => r.breaches.length).map((r) => `${r.id}: ${r.breaches.join('; ')}`)).toEqual([]);
}, 4 * 60 * 60_000);
