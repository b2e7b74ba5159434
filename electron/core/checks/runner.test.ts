import { describe, expect, it } from 'vitest';
import { runChecks, selectChecks, summarize } from './runner';
import type { CheckDefinition, CheckEvent } from '../../shared/check-types';

type Ctx = { down: Set<string>; slowMs: Record<string, number> };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const defs: CheckDefinition<Ctx>[] = [
  {
    id: 'reach', title: 'Reachable', area: 'servers', scope: 'node',
    async run(ctx, node) {
      await sleep(ctx.slowMs[node!] ?? 5);
      return ctx.down.has(node!) ? { status: 'fail', detail: `${node} down`, remedy: 'Turn it on.' } : { status: 'pass', detail: 'ok' };
    },
  },
  { id: 'login', title: 'Logged in', area: 'servers', scope: 'node', needs: ['reach'], run: async () => ({ status: 'pass', detail: 'in' }) },
  { id: 'same', title: 'Same version', area: 'servers', scope: 'cluster', needs: ['login'], run: async () => ({ status: 'warn', detail: 'close enough' }) },
  { id: 'db', title: 'Database', area: 'database', scope: 'cluster', run: async () => ({ status: 'fail', detail: 'password hunter2 rejected' }) },
  { id: 'db-from-node', title: 'Database from node', area: 'database', scope: 'node', needs: ['db', 'login'], run: async () => ({ status: 'pass', detail: 'x' }) },
  { id: 'boom', title: 'Throws', area: 'network', scope: 'cluster', run: async () => { throw new Error('kaput with hunter2'); } },
  { id: 'hang', title: 'Hangs', area: 'network', scope: 'cluster', run: () => new Promise(() => {}) },
  { id: 'lb', title: 'Balancer', area: 'load-balancer', scope: 'cluster', skipReason: () => 'no load balancer URL given', run: async () => ({ status: 'pass', detail: '' }) },
];

const base = { nodeIds: ['a', 'b', 'c'], checkTimeoutMs: 300, redact: (t: string) => t.replaceAll('hunter2', '****') };

describe('check runner', () => {
  it('skips what depends on a failure, with the reason, and keeps a stable order', async () => {
    const results = await runChecks(defs, { down: new Set(['b']), slowMs: {} }, base);
    const row = (id: string, t: string) => results.find((r) => r.id === id && r.target === t)!;
    expect(results.map((r) => `${r.id}@${r.target}`)).toEqual([
      'reach@a', 'reach@b', 'reach@c', 'login@a', 'login@b', 'login@c', 'same@cluster', 'db@cluster',
      'db-from-node@a', 'db-from-node@b', 'db-from-node@c', 'boom@cluster', 'hang@cluster', 'lb@cluster',
    ]);
    expect(row('login', 'b')).toMatchObject({ status: 'skip', detail: 'skipped: needs "Reachable", which failed' });
    expect(row('same', 'cluster').status).toBe('warn');
    expect(row('db-from-node', 'a')).toMatchObject({ status: 'skip', detail: 'skipped: needs "Database" for the cluster, which failed' });
    expect(row('reach', 'b')).toMatchObject({ status: 'fail', remedy: 'Turn it on.' });
    expect(row('lb', 'cluster')).toMatchObject({ status: 'skip', detail: 'no load balancer URL given' });
    expect(summarize(results)).toEqual({ pass: 4, warn: 1, fail: 4, skip: 5 });
  });

  it('a cluster check whose node need passed nowhere is skipped', async () => {
    const results = await runChecks(defs, { down: new Set(['a', 'b', 'c']), slowMs: {} }, { ...base, only: ['same'] });
    expect(results.map((r) => `${r.id}@${r.target}:${r.status}`)).toEqual(['reach@a:fail', 'reach@b:fail', 'reach@c:fail', 'same@cluster:skip']);
    expect(results[3]).toMatchObject({ detail: 'skipped: "Logged in" passed on no server' });
  });

  it('masks secrets in details, turns exceptions into failures and enforces the timeout', async () => {
    const results = await runChecks(defs, { down: new Set<string>(), slowMs: {} }, { ...base, only: ['db', 'boom', 'hang'] });
    expect(results.map((r) => [r.id, r.status, r.detail])).toEqual([
      ['db', 'fail', 'password **** rejected'],
      ['boom', 'fail', 'kaput with ****'],
      ['hang', 'fail', 'did not finish within 0 s'],
    ]);
    expect(results[2]!.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('a slow node delays no other node: its results stream as soon as they are ready', async () => {
    const events: CheckEvent[] = [];
    await runChecks(defs, { down: new Set<string>(), slowMs: { a: 250 } }, { ...base, only: ['login'], onEvent: (e) => events.push(e) });
    const finished = events.flatMap((e) => (e.type === 'check-finished' ? [e.result.target] : []));
    expect(finished).toEqual(['b', 'c', 'a']);
  });

  it('--warn downgrades a named failure; --only runs what it needs, reporting of that only its failures', async () => {
    const results = await runChecks(defs, { down: new Set(['c']), slowMs: {} }, { ...base, only: ['login'], warn: ['reach'] });
    expect(results.map((r) => `${r.id}@${r.target}:${r.status}`)).toEqual(['login@a:pass', 'login@b:pass', 'login@c:pass']);
    // Without --warn, the hidden failure that made login skip is reported too.
    const failing = await runChecks(defs, { down: new Set(['c']), slowMs: {} }, { ...base, only: ['login'] });
    expect(failing.map((r) => `${r.id}@${r.target}:${r.status}`)).toEqual(['reach@c:fail', 'login@a:pass', 'login@b:pass', 'login@c:skip']);
    const withReach = await runChecks(defs, { down: new Set(['c']), slowMs: {} }, { ...base, only: ['reach'], warn: ['reach'] });
    expect(withReach[2]).toMatchObject({ status: 'warn', downgraded: true, detail: 'c down (a failure, reported as a warning as asked)' });
  });

  it('rejects unknown check ids', () => {
    expect(() => selectChecks(defs, ['nope'])).toThrow('unknown check id: nope');
  });
});

describe('check runner redaction of data', () => {
  it('redacts data value by value, so a secret met inside a JSON escape cannot break it', async () => {
    // JSON text of 'line\nabcd' is "line\\nabcd": a text search for "nabc" cut the escape in half and threw.
    const def: CheckDefinition<Ctx> = { id: 'd', title: 'Data', area: 'servers', scope: 'cluster', run: async () => ({ status: 'pass', detail: 'ok', data: { note: 'line\nabcd', list: ['nabc!', 3], nested: { nabc: 'key stays a key? no: keys are text too' } } }) };
    const [r] = await runChecks([def], { down: new Set<string>(), slowMs: {} }, { ...base, redact: (t: string) => t.replaceAll('nabc', '****') });
    expect(r!.data).toEqual({ note: 'line\nabcd', list: ['****!', 3], nested: { '****': 'key stays a key? no: keys are text too' } });
  });

  it('starts the checks named in startFirst before the others, and still reports in definition order', async () => {
    const called: string[] = [];
    const traced = defs.filter((d) => d.id !== 'hang').map((d) => ({ ...d, run: (ctx: Ctx, node?: string) => { called.push(d.id); return d.run(ctx, node); } }));
    const results = await runChecks(traced, { down: new Set<string>(), slowMs: {} }, { ...base, startFirst: ['db'] });
    // 'db' is defined after reach, login and same, and needs nothing: it is the first whose work begins.
    expect(called[0]).toBe('db');
    expect(results.map((r) => r.id).indexOf('db')).toBe(7);
    expect(called.filter((id) => id === 'reach')).toHaveLength(3);
  });
});
