/** `npm run bench [checks|cold-start|health|renderer]`: every benchmark in one run, printed as figures and ratios. Needs root (the lab). */
import { checksBench } from './checks-bench';
import { coldStartBench } from './cold-start-bench';
import { healthBench } from './health-bench';
import { rendererBench } from './renderer-bench';
import { acquireLabLock } from '../e2e/lab/lab-lock';

async function main() {
  const only = process.argv.slice(2);
  // The benches start, fault and restart the lab: nobody else may meanwhile, and no one else's load skews them.
  await acquireLabLock('npm run bench');
  const benches: [string, () => Promise<string[]>][] = [['checks', checksBench], ['cold-start', coldStartBench], ['health', healthBench], ['renderer', rendererBench]];
  for (const [name, bench] of benches) {
    if (only.length && !only.includes(name)) continue;
    const started = Date.now();
    const lines = await bench();
    process.stdout.write(`\n${lines.join('\n')}\n(${name}: ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
}
main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
