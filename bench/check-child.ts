/**
 * One check run in its own process, so its peak RSS is the engine's alone. Bundled by the bench and run
 * with plain node: `node check-child.cjs <profile.json> <connectTimeoutMs> <knownHosts>`; prints JSON.
 */
import fs from 'node:fs';
import { runClusterChecks } from '../electron/core/engine/check-run';
import { parseProfile } from '../electron/shared/profile';
import { SecretResolver, envFileSecretSource } from '../electron/core/secrets';

async function main() {
  const [profileFile, timeout, knownHostsPath] = process.argv.slice(2);
  const parsed = parseProfile(JSON.parse(fs.readFileSync(profileFile!, 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const started = performance.now();
  const out = await runClusterChecks({
    profile: parsed.profile,
    secrets: new SecretResolver(envFileSecretSource()),
    settings: { connectTimeoutMs: Number(timeout), checkTimeoutMs: 30_000, knownHostsPath: knownHostsPath! },
  });
  process.stdout.write(JSON.stringify({
    // The engine's time only: from runClusterChecks' call to its answer, without node start-up.
    engineMs: performance.now() - started,
    handshakes: out.handshakes,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    summary: out.summary,
    slowest: [...out.results].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3).map((r) => `${r.id}@${r.target} ${r.durationMs} ms`),
  }));
}
main().catch((e: unknown) => {
  process.stderr.write(String(e));
  process.exit(1);
});
