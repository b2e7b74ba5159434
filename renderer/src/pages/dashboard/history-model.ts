/**
 * The dashboard's history as the pictures and the table read it (issue 13): each server's buckets folded
 * into runs of one band (healthy / degraded / down / unknown), with their times, length and median
 * response time, and the sentences a screen reader says for them. Pure functions: the pictures, the table
 * and the summary labels are all drawn from the same runs, so they cannot tell different stories.
 */
import type { HealthHistory, HistoryBucket } from '../../../../electron/shared/health-history';

export const BANDS = ['healthy', 'degraded', 'down', 'unknown'] as const;
export type Band = (typeof BANDS)[number];

/** What the admin reads for each band (the legend, the table and the labels use the same words). */
export const BAND_WORD: Record<Band, string> = { healthy: 'Healthy', degraded: 'Degraded', down: 'Down', unknown: 'Unknown' };

/** The finer state inside a band, in words (the table says "Down (service stopped)"). */
const STATE_WORD: Record<HistoryBucket['state'], string> = {
  healthy: 'healthy', unhealthy: 'unhealthy', 'service-stopped': 'service stopped', 'not-answering': 'not answering', unreachable: 'unreachable', unknown: 'not watched',
};

export function bandOf(state: HistoryBucket['state']): Band {
  switch (state) {
    case 'healthy': return 'healthy';
    case 'unhealthy': return 'degraded';
    case 'unknown': return 'unknown';
    default: return 'down';
  }
}

/** One stretch of time a server spent in one band. */
export interface Run {
  band: Band;
  from: number;
  to: number;
  /** The finer states seen in it, in order of first appearance ("service stopped", "unreachable"). */
  states: string[];
  /** Median of the buckets' /health times; null when none answered. */
  medianMs: number | null;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : Math.round((v[mid - 1]! + v[mid]!) / 2);
}

/**
 * A server's runs across [from, to]: consecutive buckets of the same band merged, and any time no bucket
 * covers (before the first, between two, after the last) counted as unknown: nobody watched then.
 */
export function runsOf(buckets: HistoryBucket[], bucketSeconds: number, from: number, to: number): Run[] {
  const step = bucketSeconds * 1000;
  const pieces: { band: Band; from: number; to: number; state: string; ms: number[] }[] = [];
  let cursor = from;
  const sorted = [...buckets].map((b) => ({ b, at: Date.parse(b.at) })).filter((x) => !Number.isNaN(x.at)).sort((x, y) => x.at - y.at);
  for (const { b, at } of sorted) {
    const start = Math.max(at, from);
    const end = Math.min(at + step, to);
    if (end <= start || end <= cursor) continue;
    if (start > cursor) pieces.push({ band: 'unknown', from: cursor, to: start, state: STATE_WORD.unknown, ms: [] });
    pieces.push({ band: bandOf(b.state), from: Math.max(start, cursor), to: end, state: STATE_WORD[b.state], ms: b.elapsedMs === null ? [] : [b.elapsedMs] });
    cursor = end;
  }
  if (cursor < to) pieces.push({ band: 'unknown', from: cursor, to, state: STATE_WORD.unknown, ms: [] });
  const runs: (Run & { ms: number[] })[] = [];
  for (const p of pieces) {
    const last = runs[runs.length - 1];
    if (last && last.band === p.band && last.to === p.from) {
      last.to = p.to;
      last.ms.push(...p.ms);
      if (!last.states.includes(p.state)) last.states.push(p.state);
    } else {
      runs.push({ band: p.band, from: p.from, to: p.to, states: [p.state], ms: [...p.ms], medianMs: null });
    }
  }
  return runs.map(({ ms, ...r }) => ({ ...r, medianMs: median(ms) }));
}

/** "23 h 10 min", "4 min", "under a minute". */
export function duration(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 1) return 'under a minute';
  const h = Math.floor(min / 60);
  const m = min % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ');
}

/** A time in the admin's own time zone and clock ("14:02" or "2:02 PM", as the system shows it); "yesterday" when it was. */
export function clock(at: number, now: number = Date.now()): string {
  const d = new Date(at);
  const t = d.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
  if (d.toDateString() === new Date(now).toDateString()) return t;
  if (d.toDateString() === new Date(now - 86_400_000).toDateString()) return `yesterday ${t}`;
  return `${d.toLocaleDateString()} ${t}`;
}

/** How many problem stretches a label names one by one before it only counts the rest. */
const NAMED = 3;

/**
 * What a screen reader says for a server's band: "node2: healthy 23 h 10 min, down 4 min at 14:02,
 * unknown 46 min". Healthy and unknown as totals; each degraded or down stretch with its start.
 */
export function bandSummary(node: string, runs: Run[], now?: number): string {
  const total = (b: Band) => runs.filter((r) => r.band === b).reduce((t, r) => t + r.to - r.from, 0);
  const parts: string[] = [];
  if (total('healthy') > 0) parts.push(`healthy ${duration(total('healthy'))}`);
  const problems = runs.filter((r) => r.band === 'down' || r.band === 'degraded');
  for (const r of problems.slice(-NAMED)) parts.push(`${r.band} ${duration(r.to - r.from)} at ${clock(r.from, now)}`);
  if (problems.length > NAMED) parts.push(`and ${problems.length - NAMED} earlier problems`);
  if (total('unknown') > 0) parts.push(`unknown ${duration(total('unknown'))}`);
  return `${node}: ${parts.join(', ') || 'no data'}`;
}

/** What a screen reader says for a server's response times. */
export function responseSummary(node: string, buckets: HistoryBucket[], now?: number): string {
  const answered = buckets.filter((b): b is HistoryBucket & { elapsedMs: number } => b.elapsedMs !== null);
  if (!answered.length) return `${node} response time: no answers in this window`;
  const slowest = answered.reduce((a, b) => (b.elapsedMs > a.elapsedMs ? b : a));
  return `${node} response time: median ${median(answered.map((b) => b.elapsedMs))} ms, slowest ${slowest.elapsedMs} ms at ${clock(Date.parse(slowest.at), now)}`;
}

/**
 * The window drawn: the history's end, back `hours` (never before the history's own start). The engine may
 * send more than was asked (a whole day for the last hour): the picture still shows the hour chosen.
 */
export function windowOf(h: HealthHistory, hours: number): { from: number; to: number } {
  const parsed = Date.parse(h.to);
  const to = Number.isNaN(parsed) ? Date.now() : parsed;
  const start = Date.parse(h.from);
  const asked = to - hours * 3_600_000;
  return { from: Number.isNaN(start) || start >= to ? asked : Math.max(start, asked), to };
}

/** The table's word for a run: "Down (service stopped, unreachable)"; "Healthy" alone. */
export function runWord(r: Run): string {
  const finer = r.states.filter((s) => s !== r.band && !(r.band === 'unknown' && s === STATE_WORD.unknown));
  return finer.length ? `${BAND_WORD[r.band]} (${finer.join(', ')})` : BAND_WORD[r.band];
}
