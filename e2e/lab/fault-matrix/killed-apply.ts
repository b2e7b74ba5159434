/**
 * The wizard killed: a process that applies the matrix's plan as the CLI does and sends itself SIGKILL
 * `killAfterMs` after the cell's step started (half the time that step took in the recorded run), so
 * the kill lands inside the step. Bundled and started by the matrix; argv[2] is a JSON file of its input.
 * Exit 3 and the report on stdout: the apply ended before the kill.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { PlanSchema } from '../../../electron/shared/plan-schema';
import { ApplyStepNameSchema } from '../../../electron/shared/apply-schema';
import { matrixApply } from './matrix-apply';

export const KilledApplyInputSchema = z.object({
  plan: PlanSchema,
  journalDir: z.string(),
  knownHostsPath: z.string(),
  healthTimeoutMs: z.number(),
  at: z.object({ step: ApplyStepNameSchema, nodeId: z.string().nullable() }),
  failLast: z.object({ node: z.string(), version: z.string() }).nullable(),
  killAfterMs: z.number(),
});
export type KilledApplyInput = z.infer<typeof KilledApplyInputSchema>;

async function main() {
  const input = KilledApplyInputSchema.parse(JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')));
  const report = await matrixApply(input, () => {
    setTimeout(() => process.kill(process.pid, 'SIGKILL'), input.killAfterMs);
    return Promise.resolve();
  });
  process.stdout.write(JSON.stringify(report));
  process.exit(3);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`killed-apply: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
  });
}
