/**
 * One check run in its own process, so its peak RSS is the engine's alone. Bundled by the bench and run
 * with plain node: `node check-child.cjs <profile.json> <connectTimeoutMs> <knownHosts>`; prints JSON.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runClusterChecks } from '../electron/core/engine/check-run';
import { parseProfile } from '../electron/shared/profile';
import { SecretResolver, envFileSecretSource } from '../electron/core/secrets';

async function main() {
  const [profileFile, timeout, knownHostsPath] = process.argv.slice(2);
  const parsed = parseProfile(JSON.parse(fs.readFileSync(profileFile!, 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  // How long the event loop was kept from turning during the run: the sign of CPU-bound contention.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const timeline: { check: string; startMs: number; endMs: number }[] = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  const out = await runClusterChecks({
    profile: parsed.profile,
    secrets: new SecretResolver(envFileSecretSource()),
    settings: { connectTimeoutMs: Number(timeout), checkTimeoutMs: 30_000, knownHostsPath: knownHostsPath! },
    onEvent: (e) => {
      if (e.type !== 'check-finished') return;
      const endMs = performance.now() - started;
      timeline.push({ check: `${e.result.id}@${e.result.target}`, startMs: Math.round(endMs - e.result.durationMs), endMs: Math.round(endMs) });
    },
  });
  const engineMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  loop.disable();
  process.stdout.write(JSON.stringify({
    // The engine's time only: from runClusterChecks' call to its answer, without node start-up.
    engineMs,
    handshakes: out.handshakes,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    summary: out.summary,
    slowest: [...out.results].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3).map((r) => `${r.id}@${r.target} ${r.durationMs} ms`),
    // CPU time of the run (user, system): less disturbed by a busy machine than the wall clock.
    cpuMs: { user: used.user / 1000, system: used.system / 1000 },
    loopDelayMs: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
    timeline,
  }));
}
main().catch((e: unknown) => {
  process.stderr.write(String(e));
  process.exit(1);
});
