/**
 * Runs the engine's SQL Server probe in a process of its own, so a test can give it a CA to trust
 * the way an admin's machine would (NODE_EXTRA_CA_CERTS, read by Node at start only).
 * Input: one JSON argument { connectionString, password, timeoutMs }; output: the probe's result as JSON.
 */
import { parseSqlServer } from '../../../electron/shared/connection-string/connection-strings';
import { probeSqlServer } from '../../../electron/core/database/sqlserver-probe';

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as { connectionString: string; password: string; timeoutMs: number };
  const parsed = parseSqlServer(input.connectionString);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const result = await probeSqlServer({ endpoint: parsed.endpoint, password: input.password, connectTimeoutMs: input.timeoutMs, portGiven: true });
  process.stdout.write(JSON.stringify(result));
}

void main();
