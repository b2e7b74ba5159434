import { describe, expect, it } from 'vitest';
import { driftEvents } from './drift-calls';
import type { DriftDifference } from '../../shared/drift';

const d = (node: string | null, what: string): DriftDifference => ({ node, kind: 'env', what, expected: 'a', found: 'b', since: '2026-11-30T10:00:00Z' });

describe('the history events for a change in drift', () => {
  it('says drift found for a server with a new difference, cleared when its last one goes, nothing for one unchanged', () => {
    expect(driftEvents([d('n1', 'variable TZ'), d('n2', 'variable A')], [d('n2', 'variable A'), d('n3', 'variable B')])).toEqual([
      { kind: 'drift-found', node: 'n1', text: 'n1 drifted: variable TZ.' },
      { kind: 'drift-cleared', node: 'n3', text: 'n3 is back to what was applied.' },
    ]);
    expect(driftEvents([d(null, 'shared storage path')], [])).toEqual([{ kind: 'drift-found', node: null, text: 'The cluster drifted: shared storage path.' }]);
    expect(driftEvents([], [])).toEqual([]);
  });
});
