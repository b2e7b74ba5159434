/**
 * `ha-wizard health --watch` and `--history` (issue 13): the same history store as the desktop app (the
 * data folder's `history/`, one file per cluster), so a watch in a terminal adds to what the dashboard
 * shows and `--history` prints what either kept: its events, and per server a compact band over time.
 */
import { defaultDataDir } from '../core/data-dir';
import { historyDirOf } from '../core/engine/history-calls';
import { clusterKey } from '../core/health/history/cluster-key';
import { HistoryKeeper } from '../core/health/history/history-keeper';
import { STATE_WORDS, type Transition } from '../core/health/history/transitions';
import { resolveNodes } from '../core/run/cluster-context';
import type { HealthHistory, HistoryBucket } from '../shared/health-history';
import type { ClusterProfile } from '../shared/profile';
import { styler } from './terminal-output';

export function cliHistoryKeeper(warn: (m: string) => void): HistoryKeeper {
  return new HistoryKeeper({ dir: historyDirOf(defaultDataDir()), warn });
}

const time = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/** One line per transition: time, server, old → new, why. */
export function formatTransition(t: Transition & { at: string }, color: boolean): string {
  const st = styler(color);
  const to = t.side === 'up' ? st.green(STATE_WORDS[t.to]) : st.red(STATE_WORDS[t.to]);
  return `${time(t.at)}  ${t.node}  ${STATE_WORDS[t.from ?? 'unknown']} → ${to}  ${t.why}`;
}

/** A band's cell: the worst state of the buckets it covers; unknown only when none was watched. */
const RANK: Record<HistoryBucket['state'], number> = { unknown: -1, healthy: 0, unhealthy: 1, 'service-stopped': 2, 'not-answering': 3, unreachable: 4 };
const CELL: Record<HistoryBucket['state'], string> = { unknown: ' ', healthy: '=', unhealthy: '~', 'service-stopped': 'x', 'not-answering': 'x', unreachable: 'x' };

export function band(buckets: HistoryBucket[], cells: number): string {
  const per = Math.max(1, Math.ceil(buckets.length / cells));
  let out = '';
  for (let i = 0; i < buckets.length; i += per) {
    const worst = buckets.slice(i, i + per).reduce<HistoryBucket['state']>((w, b) => (RANK[b.state] > RANK[w] ? b.state : w), 'unknown');
    out += CELL[worst];
  }
  return out;
}

export function formatHistory(h: HealthHistory, width = 100): string {
  const label = Math.max(4, ...h.nodes.map((n) => n.id.length)) + 2;
  const cells = Math.max(24, Math.min(144, width - label - 2));
  const bucketsPerCell = Math.max(1, Math.ceil((h.nodes[0]?.buckets.length ?? 0) / cells));
  const lines = [
    `Health history of the last ${Math.round((Date.parse(h.to) - Date.parse(h.from)) / 3600_000)} h (${time(h.from)} to ${time(h.to)})`,
    `Each mark is ${bucketsPerCell * h.bucketSeconds / 60} min: = healthy  ~ unhealthy  x down  (blank) nobody watched`,
    '',
    ...h.nodes.map((n) => `${n.id.padEnd(label)}|${band(n.buckets, cells)}|`),
    '',
    h.events.length ? 'Events' : 'No events kept.',
    ...h.events.map((e) => `  ${time(e.at)}  ${e.text}`),
  ];
  return lines.join('\n');
}

/** The whole `--history` output of a profile. */
export async function printHistory(profile: ClusterProfile, out: NodeJS.WritableStream, err: NodeJS.WritableStream, width: number, json: boolean): Promise<number> {
  const keeper = cliHistoryKeeper((m) => err.write(`${m}\n`));
  const h = await keeper.history(clusterKey(profile), resolveNodes(profile).map((n) => n.id));
  // Written before returning: the CLI exits as soon as the command ends, and a pipe takes a day's JSON in pieces.
  await new Promise<void>((resolve, reject) => out.write(json ? `${JSON.stringify(h)}\n` : `${formatHistory(h, width)}\n`, (e) => (e ? reject(e) : resolve())));
  return 0;
}
