/**
 * The runs the bands, tables and labels are drawn from, over hundreds of generated histories (a seeded
 * generator: gaps, partial buckets at the window's edges, every state): they cover the window exactly,
 * never repeat a band side by side, and at any instant say the state of the bucket that covers it.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryBucket } from '../../../../electron/shared/health-history';
import type { HealthHistory } from '../../../../electron/shared/health-history';
import { bandOf, bandSummary, duration, median, runsOf, windowOf } from './history-model';
import { seededRandom as rng } from '../../../../electron/shared/testing/seeded-random';

const STATES: HistoryBucket['state'][] = ['healthy', 'unhealthy', 'service-stopped', 'not-answering', 'unreachable', 'unknown'];

function generate(seed: number) {
  const r = rng(seed);
  const bucketSeconds = [30, 60, 300][Math.floor(r() * 3)]!;
  const step = bucketSeconds * 1000;
  const base = Date.parse('2026-11-30T00:00:00Z');
  const count = 1 + Math.floor(r() * 120);
  // The window need not start on a bucket's edge; buckets may lie partly or wholly outside it.
  const from = base + Math.floor(r() * 5 * step);
  const to = from + Math.max(1, Math.floor(r() * count * step));
  const buckets: HistoryBucket[] = [];
  let state = STATES[0]!;
  for (let j = 0; j < count; j++) {
    if (r() < 0.15) continue; // a gap: nobody watched
    if (r() < 0.3) state = STATES[Math.floor(r() * STATES.length)]!;
    buckets.push({ at: new Date(base + j * step).toISOString(), state, elapsedMs: state === 'healthy' || state === 'unhealthy' ? Math.floor(r() * 500) : null });
  }
  // The engine sends them in order, but the model must not depend on it.
  if (r() < 0.5) buckets.reverse();
  return { bucketSeconds, step, from, to, buckets };
}

describe('runsOf, over 500 generated histories', () => {
  it('covers the window exactly, never repeats a band side by side, and agrees with the buckets at every instant', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const { bucketSeconds, step, from, to, buckets } = generate(seed);
      const runs = runsOf(buckets, bucketSeconds, from, to);
      const at = `seed ${seed}`;
      expect(runs[0]?.from, at).toBe(from);
      expect(runs[runs.length - 1]?.to, at).toBe(to);
      for (let i = 0; i < runs.length; i++) {
        expect(runs[i]!.to, at).toBeGreaterThan(runs[i]!.from);
        if (i > 0) {
          expect(runs[i]!.from, at).toBe(runs[i - 1]!.to);
          expect(runs[i]!.band, at).not.toBe(runs[i - 1]!.band);
        }
      }
      // Sample instants across the window: the run there has the band of the bucket that covers it.
      for (let k = 0; k < 50; k++) {
        const t = from + Math.floor(((to - from) * (k + 0.5)) / 50);
        const bucket = buckets.find((b) => Date.parse(b.at) <= t && t < Date.parse(b.at) + step);
        const run = runs.find((x) => x.from <= t && t < x.to)!;
        expect(run.band, `${at} t=${t}`).toBe(bucket ? bandOf(bucket.state) : 'unknown');
      }
    }
  });
});

describe('the words', () => {
  it('maps each state to the band the admin reads', () => {
    expect(STATES.map(bandOf)).toEqual(['healthy', 'degraded', 'down', 'down', 'down', 'unknown']);
  });

  it('says durations in hours and minutes', () => {
    expect([20_000, 60_000, 4 * 60_000, 60 * 60_000, (23 * 60 + 10) * 60_000].map(duration)).toEqual(['under a minute', '1 min', '4 min', '1 h', '23 h 10 min']);
  });

  it('takes the median of an odd and an even count', () => {
    expect([median([]), median([5, 1, 3]), median([4, 1, 3, 2])]).toEqual([null, 3, 3]);
  });

  it('names the latest three problems by time and counts the rest', () => {
    const h = 3_600_000;
    const t0 = Date.parse('2026-11-30T00:00:00Z');
    const runs = [0, 1, 2, 3, 4].flatMap((i) => [
      { band: 'healthy' as const, from: t0 + i * h, to: t0 + i * h + 50 * 60_000, states: ['healthy'], medianMs: 10 },
      { band: 'down' as const, from: t0 + i * h + 50 * 60_000, to: t0 + (i + 1) * h, states: ['unreachable'], medianMs: null },
    ]);
    const label = bandSummary('node2', runs, t0 + 5 * h);
    expect(label).toMatch(/^node2: healthy 4 h 10 min, down 10 min at .+, down 10 min at .+, down 10 min at .+, and 2 earlier problems$/);
  });

  it('draws the hours chosen even when the engine sends a whole day', () => {
    const h: HealthHistory = { cluster: 'c', from: '2026-11-29T15:00:00Z', to: '2026-11-30T15:00:00Z', bucketSeconds: 60, nodes: [], events: [] };
    expect(windowOf(h, 1)).toEqual({ from: Date.parse('2026-11-30T14:00:00Z'), to: Date.parse('2026-11-30T15:00:00Z') });
    expect(windowOf(h, 24)).toEqual({ from: Date.parse('2026-11-29T15:00:00Z'), to: Date.parse('2026-11-30T15:00:00Z') });
    // A history younger than the window starts where it starts.
    expect(windowOf({ ...h, from: '2026-11-30T14:30:00Z' }, 6).from).toBe(Date.parse('2026-11-30T14:30:00Z'));
  });
});
