/**
 * The health monitor watching a cluster in its own process, so its CPU time and memory are the
 * monitor's alone. Bundled by the bench and run with plain node:
 * `node health-child.cjs <profile.json> <intervalMs> <seconds> <knownHosts>`; prints JSON.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { ClusterHealthMonitor } from '../electron/core/health/cluster-health';
import { parseProfile } from '../electron/shared/profile';
import { SecretResolver, envFileSecretSource } from '../electron/core/secrets';

// Memory is compared after a full GC at both ends: what the monitor keeps, not where the GC's sawtooth
// happened to be.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface Sample { cpuMs: number; userMs: number; rssMB: number; heapMB: number }
const MB = 2 ** 20;
const sample = (): Sample => {
  const cpu = process.cpuUsage();
  gc();
  const mem = process.memoryUsage();
  return { cpuMs: (cpu.user + cpu.system) / 1000, userMs: cpu.user / 1000, rssMB: mem.rss / MB, heapMB: mem.heapUsed / MB };
};

async function main() {
  const [profileFile, interval, seconds, knownHostsPath] = process.argv.slice(2);
  const parsed = parseProfile(JSON.parse(fs.readFileSync(profileFile!, 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const monitor = new ClusterHealthMonitor({ profile: parsed.profile, secrets: new SecretResolver(envFileSecretSource()), knownHostsPath: knownHostsPath! });
  const ctl = new AbortController();
  const durations: number[] = [];
  const rss: number[] = [];
  const summaries: Record<string, number> = {};
  const problems = new Map<string, number>();
  // Set inside the callback: an object, so the compiler does not narrow them to null after it.
  const m: { start: Sample | null; end: Sample | null } = { start: null, end: null };
  let timer: NodeJS.Timeout | undefined;
  await monitor.watch(Number(interval), (s) => {
    durations.push(s.durationMs);
    rss.push(process.memoryUsage.rss() / MB);
    summaries[s.summary] = (summaries[s.summary] ?? 0) + 1;
    for (const p of s.problems) problems.set(p, (problems.get(p) ?? 0) + 1);
    // The clock and the baseline start after the first round: connecting is a one-off, not polling.
    if (!m.start) {
      m.start = sample();
      timer = setTimeout(() => ctl.abort(), Number(seconds) * 1000);
    } else m.end = sample();
  }, ctl.signal);
  clearTimeout(timer);
  const connections = monitor.connections();
  const later = durations.slice(1).sort((a, b) => a - b);
  const at = (q: number) => later[Math.min(later.length - 1, Math.floor(q * later.length))] ?? 0;
  process.stdout.write(JSON.stringify({
    rounds: durations.length,
    firstRoundMs: durations[0],
    medianRoundMs: at(0.5), p95RoundMs: at(0.95), maxRoundMs: later.at(-1) ?? 0,
    cpuMsPerRound: m.start && m.end ? (m.end.cpuMs - m.start.cpuMs) / Math.max(1, durations.length - 1) : null,
    userMsPerRound: m.start && m.end ? (m.end.userMs - m.start.userMs) / Math.max(1, durations.length - 1) : null,
    // RSS after each round, at every fifth of the run: a plateau and a leak look different here.
    rssTimeline: [0, 0.2, 0.4, 0.6, 0.8, 1].map((q) => Math.round(rss[Math.min(rss.length - 1, Math.round(q * (rss.length - 1)))] ?? 0)),
    start: m.start, end: m.end,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    connections, summaries,
    problems: [...problems].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([p, n]) => `${n}x ${p}`),
  }));
}
main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});
