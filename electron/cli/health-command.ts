/**
 * `ha-wizard health`: the cluster's live health. Once (exit 0 healthy, 1 degraded or down), or with
 * --watch every N seconds until Ctrl-C: a table redrawn in place on a terminal, plain blocks otherwise,
 * one JSON snapshot per line with --json. Never accepts a host key: `check --accept-host-key` does.
 */
import { defaultKnownHostsPath } from '../core/data-dir';
import { ClusterHealthMonitor, HEALTH_DEFAULTS, type ClusterHealthSnapshot, type NodeHealth } from '../core/health/cluster-health';
import { healthHeadline } from '../shared/health-headline';
import { sleep } from '../core/health/round-tools';
import { cliSecrets } from './engine-settings';
import { loadProfile } from './profile-file';
import { styler, wrapText } from './terminal-output';
import { cliHistoryKeeper, formatTransition, printHistory } from './health-history-output';
import { watchRecorder } from '../core/engine/history-calls';
import { clusterKey } from '../core/health/history/cluster-key';

export interface HealthOptions {
  profile: string;
  /** Seconds between rounds; absent: one snapshot. */
  watch?: number;
  json?: boolean;
  timeout: number;
  concurrency: number;
  knownHosts?: string;
  /** Print the stored history (events, and a band per server) instead of polling. */
  history?: boolean;
}

export const exitCodeOf = (s: ClusterHealthSnapshot) => (s.summary === 'healthy' ? 0 : 1);

type Io = { out: NodeJS.WriteStream; err: NodeJS.WriteStream };

/** Returns the exit code (of the last snapshot, in watch mode). */
export async function healthCommand(o: HealthOptions, io: Io = { out: process.stdout, err: process.stderr }, stop?: AbortSignal): Promise<number> {
  const profile = await loadProfile(o.profile);
  const width = Math.max(60, Math.min(io.out.columns || 100, 140));
  if (o.history) return printHistory(profile, io.out, io.err, width, o.json === true);
  const monitor = new ClusterHealthMonitor({
    profile, secrets: cliSecrets(), knownHostsPath: o.knownHosts ?? defaultKnownHostsPath(), timeoutMs: o.timeout, maxConcurrency: o.concurrency,
  });
  const tty = !o.json && io.out.isTTY === true;
  const color = tty && !process.env.NO_COLOR;
  if (o.watch === undefined) {
    try {
      const s = await settled(monitor, io);
      io.out.write(o.json ? `${JSON.stringify(s, null, 2)}\n` : `${formatSnapshot(s, color, width)}\n`);
      return exitCodeOf(s);
    } finally {
      await monitor.close();
    }
  }

  const ctl = new AbortController();
  const interrupt = () => ctl.abort();
  // Ctrl-C ends the watch cleanly (sessions closed, test files removed) instead of killing the process.
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  stop?.addEventListener('abort', interrupt, { once: true });
  let last: ClusterHealthSnapshot | null = null;
  // The same history the desktop app keeps; each transition is printed as it happens (stderr with --json).
  const keeper = cliHistoryKeeper((m) => io.err.write(`${m}\n`));
  const key = clusterKey(profile);
  const kept = watchRecorder(keeper, profile, (m) => io.err.write(`${m}\n`));
  const seen: string[] = [];
  kept.started();
  try {
    await monitor.watch(o.watch * 1000, async (s) => {
      last = s;
      const lines = (await keeper.recordRound(key, s)).transitions.map((t) => formatTransition(t, color));
      seen.push(...lines);
      if (o.json) for (const l of lines) io.err.write(`${l}\n`);
      if (o.json) io.out.write(`${JSON.stringify(s)}\n`);
      // Home and clear, then the whole table: the simplest redraw that survives wrapped lines.
      else if (tty) io.out.write(`\x1b[H\x1b[2J${formatSnapshot(s, color, width)}\n${seen.length ? `\nChanges\n${seen.slice(-10).join('\n')}\n` : ''}${styler(color).dim(`Every ${o.watch} s; Ctrl-C to stop.`)}\n`);
      else io.out.write(`${formatSnapshot(s, false, width)}\n\n${lines.map((l) => `${l}\n`).join('')}`);
    }, ctl.signal);
  } finally {
    kept.stopped();
    await keeper.flush();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    stop?.removeEventListener('abort', interrupt);
  }
  return last ? exitCodeOf(last) : 1;
}

/**
 * One snapshot, but not one taken while the balancer re-admits servers it saw restart (right after an
 * apply): asked again each second until it serves or refuses for good (the monitor's grace bounds it).
 */
async function settled(monitor: ClusterHealthMonitor, io: Io): Promise<ClusterHealthSnapshot> {
  let s = await monitor.poll();
  const until = Date.now() + HEALTH_DEFAULTS.readmitGraceMs + 5000;
  if (s.loadBalancer.readmitting) io.err.write('The load balancer is re-admitting servers; asking again until it serves them...\n');
  while (s.loadBalancer.readmitting && Date.now() < until) {
    await sleep(1000);
    s = await monitor.poll();
  }
  return s;
}

const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '-' : String(v));

const NODE_STATE: Record<NodeHealth['state'], string> = {
  healthy: 'healthy', unhealthy: 'unhealthy', 'service-stopped': 'service stopped', 'not-answering': 'not answering', unreachable: 'unreachable',
};

/** Pads cells to aligned columns; widths from the plain text, so colors do not skew them. */
function columns(rows: { text: string; show?: string }[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.text.length)));
  return rows.map((r) => r.map((c, i) => (c.show ?? c.text) + ' '.repeat(i === r.length - 1 ? 0 : widths[i]! - c.text.length + 2)).join('').trimEnd());
}

export function formatSnapshot(s: ClusterHealthSnapshot, color: boolean, width = 100): string {
  const st = styler(color);
  const good = (ok: boolean | null, text: string) => ({ text, show: ok === null ? st.dim(text) : ok ? st.green(text) : st.red(text) });
  // The same headline the dashboard shows (shared/health-headline.ts decides it).
  const h = healthHeadline(s);
  const verdict = { healthy: st.green('HEALTHY'), degraded: st.yellow('DEGRADED'), down: st.red('DOWN') }[h.verdict];
  const head = [
    `${st.bold('Cluster')}: ${st.bold(verdict)}  ${s.nodes.length} node${s.nodes.length === 1 ? '' : 's'}, ${s.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}, round ${s.durationMs} ms`,
    st.bold(`${h.title}.`),
    ...h.notes.flatMap((n) => wrapText(n, width - 2).map((l) => `  ${l}`)),
  ].join('\n');
  const header = ['NODE', 'STATE', 'HTTP', 'VERSION', 'DATABASE', 'LICENSE', 'SERVICE', 'SSH', 'KEY', 'MS'].map((text) => ({ text, show: st.dim(text) }));
  const rows = s.nodes.map((n) => {
    return [
      { text: n.id }, good(n.state === 'healthy', NODE_STATE[n.state]), { text: dash(n.httpStatus) }, good(n.version ? s.versionsInSync : null, dash(n.version)),
      good(n.databaseStatus === null ? null : n.databaseStatus === 'OK', dash(n.databaseStatus)), good(n.licenseStatus === null ? null : n.licenseStatus === 'OK', dash(n.licenseStatus)),
      good(n.serviceStatus === null ? null : n.serviceStatus === 'OK', dash(n.serviceStatus)), good(n.sshOk, n.sshOk ? 'ok' : n.hung ? 'hung' : 'failed'),
      good(n.keyInSync, n.keyInSync === null ? '-' : n.keyFingerprint ? `${n.keyFingerprint}${n.keyInSync ? '' : ' (differs)'}` : 'no key'), { text: String(n.elapsedMs) },
    ];
  });
  const versionList = Object.entries(s.versions).map(([v, ids]) => `${v} (${ids.join(', ')})`).join('; ') || 'none reported';
  const line = (label: string, ok: boolean | null, text: string) => {
    const mark = ok === null ? (label === 'Load balancer' ? 'n/a' : 'unknown') : ok ? 'ok' : 'PROBLEM';
    return `${label.padEnd(16)}${good(ok, mark).show}${' '.repeat(9 - mark.length)}${text}`;
  };
  const lb = s.loadBalancer;
  const cluster = [
    line('Versions', s.versionsInSync, s.versionsInSync === null ? `unknown (not every node read): ${versionList}` : s.versionsInSync ? `in sync: ${versionList}` : `differ: ${versionList}`),
    line('Encryption key', s.keysInSync, s.keysInSync === null ? 'unknown: not every node was read' : s.keysInSync ? 'the same on every node' : 'not the same on every node (see KEY)'),
    line('Storage', s.storage.ok, s.storage.detail),
    line('Database', s.database.reachable, s.database.detail),
    line('Load balancer', lb.healthy, lb.detail),
  ];
  const problems = s.problems.length
    ? ['', st.bold('Problems'), ...s.problems.flatMap((p) => wrapText(p, width - 4).map((l, i) => `${i ? '    ' : '  - '}${l}`))]
    : [];
  return [head, '', ...columns([header, ...rows]), '', ...cluster, ...problems].join('\n');
}
