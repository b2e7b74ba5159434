/** Cancelling a run: every check still running or waiting ends at once as "cancelled"; finished ones keep their result. */
import { describe, expect, it } from 'vitest';
import { runChecks } from './runner';
import type { CheckDefinition } from '../../shared/check-types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const defs: CheckDefinition<null>[] = [
  { id: 'quick', title: 'Quick', area: 'servers', scope: 'node', run: async () => ({ status: 'pass', detail: 'ok' }) },
  { id: 'slow', title: 'Slow', area: 'servers', scope: 'node', run: async (_c, n) => { await sleep(n === 'a' ? 1 : 10_000); return { status: 'pass', detail: 'late' }; } },
  { id: 'after-slow', title: 'After slow', area: 'servers', scope: 'cluster', needs: ['slow'], run: async () => ({ status: 'pass', detail: 'x' }) },
];

describe('cancelling a check run', () => {
  it('ends within milliseconds of the signal, far inside the check timeout', async () => {
    const abort = new AbortController();
    const started = performance.now();
    setTimeout(() => abort.abort(), 50);
    const results = await runChecks(defs, null, { nodeIds: ['a', 'b'], checkTimeoutMs: 20_000, signal: abort.signal });
    expect(performance.now() - started).toBeLessThan(500);
    const row = (id: string, t: string) => results.find((r) => r.id === id && r.target === t)!;
    expect(row('quick', 'a').status).toBe('pass');
    expect(row('slow', 'a')).toMatchObject({ status: 'pass', detail: 'late' });
    expect(row('slow', 'b')).toMatchObject({ status: 'skip', detail: 'cancelled before it finished' });
    expect(row('after-slow', 'cluster')).toMatchObject({ status: 'skip', detail: 'cancelled before it finished' });
  });

  it('an already cancelled signal runs nothing', async () => {
    const abort = new AbortController();
    abort.abort();
    let ran = 0;
    const counted = defs.map((d) => ({ ...d, run: async () => { ran++; return { status: 'pass' as const, detail: '' }; } }));
    const results = await runChecks(counted, null, { nodeIds: ['a'], checkTimeoutMs: 1000, signal: abort.signal });
    expect(ran).toBe(0);
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['skip']));
  });
});
