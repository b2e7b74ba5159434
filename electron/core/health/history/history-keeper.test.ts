/** The health history keeper: transitions, bucket folding, bounds, the 24 h cut-off, its file, and a corrupt one. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterHealthSnapshot, NodeHealth, NodeState } from '../../../shared/health-snapshot';
import { HealthHistorySchema } from '../../../shared/health-history';
import { BUCKET_SECONDS, HistoryKeeper, MAX_EVENTS } from './history-keeper';
import { historyPath } from './history-file';

const KEY = 'proget-0123456789abcdef';
const T0 = Date.parse('2026-11-30T10:00:00.000Z');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'history-'));

function node(id: string, state: NodeState, elapsedMs = 10): NodeHealth {
  const healthy = state === 'healthy';
  return {
    id, state, url: `http://${id}:8624`, reachable: healthy, hung: state === 'not-answering', httpStatus: healthy ? 200 : null, healthy, version: null,
    databaseStatus: null, databaseDetail: null, licenseStatus: null, serviceStatus: null, sshOk: true, keyFingerprint: null, keyInSync: null,
    error: healthy ? null : `${id}: the service is stopped: refuses connections (ECONNREFUSED)`, elapsedMs,
  };
}
function snap(atMs: number, states: Record<string, NodeState>, elapsed: Record<string, number> = {}): ClusterHealthSnapshot {
  return {
    at: new Date(atMs).toISOString(), durationMs: 5, nodes: Object.entries(states).map(([id, s]) => node(id, s, elapsed[id] ?? 10)),
    versionsInSync: null, versions: {}, keysInSync: null,
    storage: { ok: true, detail: '', path: '/s', writer: null, seen: [], notSeen: [], untested: [] },
    database: { reachable: true, detail: '', elapsedMs: 1 },
    loadBalancer: { url: null, reachable: null, healthy: null, readmitting: false, detail: '', elapsedMs: 0 },
    summary: 'healthy', problems: [],
  };
}
/** A keeper on a clock the test moves. */
function keeper(dir: string | null, warnings: string[] = []) {
  const clock = { t: T0 };
  const k = new HistoryKeeper({ dir, now: () => clock.t, warn: (m) => warnings.push(m) });
  const round = async (states: Record<string, NodeState>, stepMs = 5000, elapsed?: Record<string, number>) => {
    const r = await k.recordRound(KEY, snap(clock.t, states, elapsed));
    clock.t += stepMs;
    return r;
  };
  return { k, clock, round };
}

describe('transitions', () => {
  it('a state must hold two rounds: one bad round is no event, two are node-down, two good ones node-back, with the reason', async () => {
    const { k, round } = keeper(null);
    const seen: string[] = [];
    k.onEvent((c, e) => seen.push(`${c} ${e.kind} ${e.node}`));
    await round({ a: 'healthy', b: 'healthy' });
    await round({ a: 'healthy', b: 'healthy' });
    expect((await round({ a: 'healthy', b: 'service-stopped' })).events).toEqual([]);
    expect((await round({ a: 'healthy', b: 'healthy' })).events).toEqual([]);
    expect((await round({ a: 'healthy', b: 'service-stopped' })).events).toEqual([]);
    const down = await round({ a: 'healthy', b: 'service-stopped' });
    expect(down.events.map((e) => [e.kind, e.node])).toEqual([['node-down', 'b']]);
    expect(down.events[0]!.text).toMatch(/^b went down \(service stopped\): its service is stopped: .*ECONNREFUSED/);
    expect(down.transitions[0]).toMatchObject({ node: 'b', from: 'healthy', to: 'service-stopped' });
    // Another down state while down is not a new event.
    expect((await round({ a: 'healthy', b: 'unreachable' })).events).toEqual([]);
    expect((await round({ a: 'healthy', b: 'healthy' })).events).toEqual([]);
    const back = await round({ a: 'healthy', b: 'healthy' });
    expect(back.events.map((e) => [e.kind, e.node, e.text])).toEqual([['node-back', 'b', 'b is back: /health answers healthy (was service stopped)']]);
    expect(seen).toEqual([`${KEY} node-down b`, `${KEY} node-back b`]);
  });

  it('a server already down when watching starts is said once; one already up is not news', async () => {
    const { round } = keeper(null);
    await round({ a: 'healthy', b: 'not-answering' });
    const r = await round({ a: 'healthy', b: 'not-answering' });
    expect(r.events.map((e) => [e.kind, e.node])).toEqual([['node-down', 'b']]);
    expect((await round({ a: 'healthy', b: 'not-answering' })).events).toEqual([]);
  });

  it('any flapping pattern: an event only after two equal rounds, and downs and backs alternate (seeded, 300 runs)', async () => {
    let seed = 13;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 300; run++) {
      const { round } = keeper(null);
      const sides: boolean[] = [];
      const kinds: string[] = [];
      for (let i = 0; i < 30; i++) {
        const up = rand() < 0.5;
        sides.push(up);
        const r = await round({ x: up ? 'healthy' : 'unhealthy' });
        for (const e of r.events) {
          kinds.push(e.kind);
          // Confirmed by this round and the one before it, both on the event's side.
          expect(sides.slice(-2)).toEqual(e.kind === 'node-down' ? [false, false] : [true, true]);
        }
      }
      for (let i = 1; i < kinds.length; i++) expect(kinds[i]).not.toBe(kinds[i - 1]);
    }
  });
});

describe('buckets', () => {
  it('fold a minute into its worst state and median time; minutes nobody watched are unknown', async () => {
    const { k, clock, round } = keeper(null);
    await round({ a: 'healthy' }, 15_000, { a: 10 });
    await round({ a: 'unhealthy' }, 15_000, { a: 50 });
    await round({ a: 'healthy' }, 15_000, { a: 20 });
    await round({ a: 'healthy' }, 15_000, { a: 30 });
    clock.t += 3 * 60_000;
    await round({ a: 'healthy' }, 1000, { a: 7 });
    const h = HealthHistorySchema.parse(await k.history(KEY, ['a', 'b'], 1));
    expect(h.bucketSeconds).toBe(BUCKET_SECONDS);
    const a = h.nodes.find((n) => n.id === 'a')!.buckets;
    expect(a).toHaveLength(60);
    const at = (ms: number) => a.find((b) => b.at === new Date(ms).toISOString());
    expect(at(T0)).toEqual({ at: new Date(T0).toISOString(), state: 'unhealthy', elapsedMs: 25 });
    expect(at(T0 + 60_000)?.state).toBe('unknown');
    expect(at(T0 + 4 * 60_000)).toMatchObject({ state: 'healthy', elapsedMs: 7 });
    // A server of the profile never watched: all unknown.
    expect(h.nodes.find((n) => n.id === 'b')!.buckets.every((b) => b.state === 'unknown' && b.elapsedMs === null)).toBe(true);
  });

  it('keep 24 hours: older buckets and events are dropped, and events are capped', async () => {
    const dir = tmp();
    const { k, clock, round } = keeper(dir);
    await k.recordEvent(KEY, { kind: 'apply', node: null, text: 'old apply' });
    await round({ a: 'healthy' });
    clock.t += 24 * 3600_000 + 120_000;
    await round({ a: 'healthy' });
    await k.recordEvent(KEY, { kind: 'drain', node: 'a', text: 'new drain' });
    const h = await k.history(KEY, ['a'], 24);
    expect(h.events.map((e) => e.text)).toEqual(['new drain']);
    expect(h.nodes[0]!.buckets.filter((b) => b.state !== 'unknown')).toHaveLength(1);
    expect(h.nodes[0]!.buckets).toHaveLength(24 * 60);
    const file = fs.readFileSync(historyPath(dir, KEY), 'utf8');
    expect((JSON.parse(file) as { nodes: { a: unknown[] } }).nodes.a).toHaveLength(1);
    expect(file.length).toBeLessThan(200_000);
    expect(file).not.toContain('old apply');
  });

  it('cap the events at MAX_EVENTS, the oldest dropped', async () => {
    const { k } = keeper(null);
    for (let i = 0; i < MAX_EVENTS + 50; i++) await k.recordEvent(KEY, { kind: 'drain', node: 'a', text: `drain ${i}` });
    const h = await k.history(KEY, ['a'], 24);
    expect(h.events).toHaveLength(MAX_EVENTS);
    expect(h.events[0]!.text).toBe('drain 50');
  });

  it('a full day of five servers stays small on disk', async () => {
    const dir = tmp();
    const clock = { t: T0 };
    // Written once at the end (a real watch writes every FLUSH_EVERY_MS): the size is what is measured here.
    const k = new HistoryKeeper({ dir, now: () => clock.t, flushEveryMs: Number.POSITIVE_INFINITY });
    for (let m = 0; m < 24 * 60; m++) {
      await k.recordRound(KEY, snap(clock.t, { n1: 'healthy', n2: 'healthy', n3: 'healthy', n4: 'unhealthy', n5: 'healthy' }, { n1: 123, n2: 4567 }));
      clock.t += 60_000;
    }
    await k.flush();
    const size = fs.statSync(historyPath(dir, KEY)).size;
    expect(size).toBeLessThan(250_000);
    const h = await new HistoryKeeper({ dir, now: () => clock.t }).history(KEY, ['n1'], 24);
    expect(h.nodes[0]!.buckets.filter((b) => b.state === 'healthy').length).toBeGreaterThanOrEqual(24 * 60 - 1);
  });
});

describe('on disk', () => {
  it('survives a restart: a new keeper on the same folder has the buckets, the events and the believed states', async () => {
    const dir = tmp();
    const first = keeper(dir);
    await first.round({ a: 'healthy' });
    await first.round({ a: 'service-stopped' });
    await first.round({ a: 'service-stopped' });
    await first.k.flush();
    const second = new HistoryKeeper({ dir, now: () => first.clock.t });
    const h = await second.history(KEY, ['a'], 1);
    expect(h.events.map((e) => e.kind)).toEqual(['node-down']);
    expect(h.nodes[0]!.buckets.at(-1)!.state).toBe('service-stopped');
    // Still believed down after the restart: the same state is no new alarm.
    const again = await second.recordRound(KEY, snap(first.clock.t, { a: 'service-stopped' }));
    const again2 = await second.recordRound(KEY, snap(first.clock.t + 5000, { a: 'service-stopped' }));
    expect([...again.events, ...again2.events]).toEqual([]);
  });

  it('writes whole files only: a reader racing 100 writes always parses a complete history, and no temporary file is left', async () => {
    const dir = tmp();
    const { k } = keeper(dir);
    const file = historyPath(dir, KEY);
    let reads = 0;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        if (fs.existsSync(file)) {
          JSON.parse(fs.readFileSync(file, 'utf8'));
          reads++;
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let i = 0; i < 100; i++) await k.recordEvent(KEY, { kind: 'resume', node: 'a', text: `resume ${i} ${'x'.repeat(200)}` });
    stop = true;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(fs.readdirSync(dir)).toEqual([path.basename(file)]);
  });

  it('a corrupt file: the history starts empty with a warning, the old file is kept aside, nothing throws', async () => {
    for (const junk of ['{not json', JSON.stringify({ format: 'something-else' }), JSON.stringify({ format: 'ha-wizard-health-history', version: 1, cluster: 'proget-ffffffffffffffff', bucketSeconds: 60, nodes: {}, events: [], tracks: {} })]) {
      const dir = tmp();
      fs.writeFileSync(historyPath(dir, KEY), junk);
      const warnings: string[] = [];
      const { k, round } = keeper(dir, warnings);
      const h = await k.history(KEY, ['a'], 1);
      expect(h.events).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(new RegExp(`^The health history of cluster ${KEY} could not be read \\(.+\\); it starts empty, and the old file is kept as .*corrupt-`));
      await round({ a: 'healthy' });
      await k.recordEvent(KEY, { kind: 'apply', node: null, text: 'after' });
      expect(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
      expect(JSON.parse(fs.readFileSync(historyPath(dir, KEY), 'utf8'))).toMatchObject({ cluster: KEY, events: [{ text: 'after' }] });
    }
  });

  it('a folder that cannot be written is a warning, and the history goes on in memory', async () => {
    const dir = tmp();
    const blocked = path.join(dir, 'file-not-folder');
    fs.writeFileSync(blocked, 'x');
    const warnings: string[] = [];
    const k = new HistoryKeeper({ dir: blocked, warn: (m) => warnings.push(m) });
    await k.recordEvent(KEY, { kind: 'apply', node: null, text: 'kept in memory' });
    expect(warnings.some((w) => /^The health history of cluster .* could not be written: /.test(w))).toBe(true);
    expect((await k.history(KEY, [], 1)).events.map((e) => e.text)).toEqual(['kept in memory']);
  });

  it('refuses a key that is not a cluster key as a file name', () => {
    expect(() => historyPath('/d', '../../etc/passwd')).toThrow(/not a cluster key/);
  });
});
