import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../electron/core/apply/journal';
import { MATRIX_FAULTS, matrixCells, pickCells, stepsFromJournal } from './matrix-cells';

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, s)).toISOString();
const step = (s: number, name: 'backup' | 'write' | 'settings' | 'rollback', nodeId: string | null, status: 'about' | 'done' | 'failed'): JournalRecord =>
  ({ type: 'step', at: at(s), step: name, nodeId, status });

describe('the matrix steps come from a journal', () => {
  const records: JournalRecord[] = [
    { type: 'begin', v: 1, at: at(0), kind: 'apply', cluster: { product: 'proget', nodes: ['a', 'b', 'c'] }, planHash: 'p', profileHash: 'h', pid: 1, host: 'x' },
    step(0, 'backup', 'a', 'about'), step(1, 'backup', 'a', 'done'),
    step(1, 'write', 'a', 'about'), step(4, 'write', 'a', 'done'),
    step(5, 'settings', null, 'about'), step(6, 'settings', null, 'done'),
    step(6, 'settings', null, 'about'), step(7, 'settings', null, 'failed'),
    step(8, 'rollback', 'a', 'about'), step(9, 'rollback', 'a', 'done'),
  ];

  it('each step once per node, in order, with how long it took', () => {
    expect(stepsFromJournal(records, 'apply')).toEqual([
      { step: 'backup', nodeId: 'a', phase: 'apply', ms: 1000 },
      { step: 'write', nodeId: 'a', phase: 'apply', ms: 3000 },
      { step: 'settings', nodeId: null, phase: 'apply', ms: 1000 },
    ]);
    expect(stepsFromJournal(records, 'rollback')).toEqual([{ step: 'rollback', nodeId: 'a', phase: 'rollback', ms: 1000 }]);
  });

  it('a step on a node is crossed with every fault there; a step on no node with every node', () => {
    const cells = matrixCells(stepsFromJournal(records, 'apply'), ['a', 'b', 'c']);
    expect(cells).toHaveLength((2 + 3) * MATRIX_FAULTS.length);
    expect(new Set(cells.map((c) => c.id)).size).toBe(cells.length);
    expect(cells.filter((c) => c.step.step === 'settings').map((c) => c.position)).toContain('last');
    expect(cells.find((c) => c.step.step === 'write')).toMatchObject({ faultNode: 'a', position: 'first', id: 'write@a x link-down' });
    expect(() => matrixCells(stepsFromJournal(records, 'apply'), ['a', 'b'])).toThrow(/cluster of 3/);
    expect(() => matrixCells([{ step: 'write', nodeId: 'z', phase: 'apply', ms: 1 }], ['a', 'b', 'c'])).toThrow(/names z/);
  });
});

describe('the rotating slice', () => {
  const cells = matrixCells(Array.from({ length: 13 }, (_, i) => ({ step: 'write' as const, nodeId: ['a', 'b', 'c'][i % 3]!, phase: 'apply' as const, ms: i })), ['a', 'b', 'c'])
    .map((c, i) => ({ ...c, id: `${c.id}#${i}` }));

  it('every cell runs once over a full turn of days, each day about the size asked, the same all day', () => {
    const turn = Math.ceil(cells.length / 12);
    const seen = new Map<string, number>();
    for (let day = 20_000; day < 20_000 + turn; day++) {
      const { cells: picked } = pickCells(cells, { size: 12, day });
      expect(picked.length).toBeLessThanOrEqual(12);
      expect(picked.length).toBeGreaterThanOrEqual(11);
      for (const c of picked) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
    }
    expect(seen.size).toBe(cells.length);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(pickCells(cells, { size: 12, day: 20_003 })).toEqual(pickCells(cells, { size: 12, day: 20_003 }));
    expect(pickCells(cells, { all: true }).cells).toHaveLength(cells.length);
    // One day's slice mixes faults, not the same two every time.
    expect(new Set(pickCells(cells, { size: 12, day: 20_001 }).cells.map((c) => c.fault)).size).toBeGreaterThanOrEqual(5);
  });
});
