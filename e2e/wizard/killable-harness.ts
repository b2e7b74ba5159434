/**
 * The e2e harness alone in a process of its own, so that a spec can kill it with SIGKILL as the OS kills
 * the app: nothing of the engine, its apply or its cluster lock survives in the test's process. Bundled and
 * started by harness-process.ts; argv[2] is a JSON file of its input. It prints one line, `harness <url>`,
 * once it serves, and closes on SIGTERM.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { startHarness } from '../harness/server';

export const KillableHarnessInputSchema = z.object({ rendererDir: z.string(), dataDir: z.string(), keyFile: z.string() });
export type KillableHarnessInput = z.infer<typeof KillableHarnessInputSchema>;
export const URL_LINE = /^harness (http:\/\/\S+)$/m;

async function main() {
  const input = KillableHarnessInputSchema.parse(JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')));
  const h = await startHarness(input);
  process.stdout.write(`harness ${h.url}\n`);
  process.on('SIGTERM', () => void h.close().then(() => process.exit(0)));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`killable-harness: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
  });
}
