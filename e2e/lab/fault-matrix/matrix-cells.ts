/**
 * The fault matrix's cells (issue 15). The steps come from a real apply's journal, not from a hand-written
 * list: whatever apply journals (backup, write, drain, restart, wait-healthy, settings, rollback, ...) is
 * in the matrix the day it is added. Each step is crossed with the node it runs on (a step that runs on
 * no node, the settings, with each of the first, middle and last) and with every fault the lab can inject.
 */
import crypto from 'node:crypto';
import type { ApplyStepName } from '../../../electron/shared/apply-schema';
import type { JournalRecord } from '../../../electron/core/apply/journal';

export const MATRIX_FAULTS = [
  'link-down', 'link-flapping', 'disk-full', 'deny-write', 'no-start', 'health-error', 'db-port-blocked', 'ssh-dropped',
  // The wizard's own process killed with SIGKILL in the middle of the step, then `recover --rollback` or `--finish`.
  'sigkill-rollback', 'sigkill-finish',
] as const;
export type MatrixFault = (typeof MATRIX_FAULTS)[number];

/** One step of a recorded apply: which, on which node, and how long it took there. */
export interface StepPosition {
  step: ApplyStepName;
  nodeId: string | null;
  /** apply: the forward run; rollback: undoing it after a failure on the last node. */
  phase: 'apply' | 'rollback';
  ms: number;
}

export interface MatrixCell {
  id: string;
  step: StepPosition;
  /** The node the fault lands on (the step's own node, or each node for a step that runs on none). */
  faultNode: string;
  position: 'first' | 'middle' | 'last';
  fault: MatrixFault;
}

/** Each step's first run on each node, in the order the journal has them, with its duration. */
export function stepsFromJournal(records: JournalRecord[], phase: StepPosition['phase']): StepPosition[] {
  const out: StepPosition[] = [];
  const seen = new Set<string>();
  records.forEach((r, i) => {
    if (r.type !== 'step' || r.status !== 'about') return;
    if ((phase === 'rollback') !== (r.step === 'rollback')) return;
    const key = `${r.step}@${r.nodeId ?? '-'}`;
    if (seen.has(key)) return;
    seen.add(key);
    const end = records.slice(i + 1).find((x) => x.type === 'step' && x.step === r.step && x.nodeId === r.nodeId && x.status !== 'about');
    const ms = end?.type === 'step' ? Date.parse(end.at) - Date.parse(r.at) : 0;
    out.push({ step: r.step, nodeId: r.nodeId, phase, ms });
  });
  return out;
}

const positionOf = (nodes: string[], id: string): MatrixCell['position'] => {
  const i = nodes.indexOf(id);
  if (i < 0) throw new Error(`the journal names ${id}, which is not in the cluster (${nodes.join(', ')})`);
  return i === 0 ? 'first' : i === nodes.length - 1 ? 'last' : 'middle';
};

/** Every step x node x fault. `nodes` in the profile's order (three: first, middle, last). */
export function matrixCells(steps: StepPosition[], nodes: string[], faults: readonly MatrixFault[] = MATRIX_FAULTS): MatrixCell[] {
  if (nodes.length !== 3) throw new Error(`the matrix wants a cluster of 3 (first, middle, last), not ${nodes.length}`);
  return steps.flatMap((step) => (step.nodeId ? [step.nodeId] : nodes).flatMap((faultNode) => faults.map((fault) => ({
    id: `${step.phase === 'rollback' ? 'rollback:' : ''}${step.step}@${step.nodeId ?? 'cluster'}${step.nodeId ? '' : `/${faultNode}`} x ${fault}`,
    step, faultNode, position: positionOf(nodes, faultNode), fault,
  }))));
}

/**
 * Which cells a run takes: all, or a stable rotating slice of about `size` cells: the same slice all day
 * (a rerun repeats it), the next slice the next day, so every cell runs in CI within a few days.
 */
export function pickCells(cells: MatrixCell[], choice: { all: true } | { size: number; day: number }): { cells: MatrixCell[]; slice: string } {
  if ('all' in choice) return { cells, slice: `all ${cells.length}` };
  const slices = Math.max(1, Math.ceil(cells.length / choice.size));
  const k = ((choice.day % slices) + slices) % slices;
  // Dealt out in an order fixed by the cells' ids (a hash), not the matrix's own order: every-n-th of that
  // would keep the same few faults together in one slice. Then run in the matrix's order.
  const dealt = cells.map((c, i) => ({ i, h: crypto.createHash('sha256').update(c.id).digest().readUInt32BE(0) })).sort((a, b) => a.h - b.h || a.i - b.i);
  const mine = new Set(dealt.filter((_, j) => j % slices === k).map((d) => d.i));
  return { cells: cells.filter((_, i) => mine.has(i)), slice: `${k + 1} of ${slices}` };
}

/** Days since the epoch, UTC: the slice's clock. */
export const utcDay = (now: Date) => Math.floor(now.getTime() / 86_400_000);
