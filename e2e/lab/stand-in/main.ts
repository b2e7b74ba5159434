/**
 * The lab's product stand-in: `node stand-in.js --state-dir DIR`. Exit codes: 0 after SIGTERM,
 * 3 when it refuses to start (the reason is the last line of DIR/service.log), 2 on bad arguments.
 * With `--upgradedb [--version V]` it upgrades the database schema and exits (upgradedb-main.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { openServiceLog } from './service-log';
import { startStandIn, type RunningStandIn } from './stand-in';
import { REFUSAL_EXIT_CODE, StartRefusal } from './start-refusal';
import { upgradedbMain } from './upgradedb-main';

function stateDirFromArgs(argv: string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--state-dir') return argv[i + 1] ?? null;
    if (arg.startsWith('--state-dir=')) return arg.slice('--state-dir='.length);
  }
  return null;
}

async function main(): Promise<void> {
  const stateDir = stateDirFromArgs(process.argv.slice(2));
  if (!stateDir) {
    process.stderr.write('usage: stand-in --state-dir DIR\n');
    process.exit(2);
  }
  if (!existsSync(stateDir) || !statSync(stateDir).isDirectory()) {
    process.stderr.write(`refusing to start: state dir ${stateDir} does not exist\n`);
    process.exit(REFUSAL_EXIT_CODE);
  }
  if (process.argv.includes('--upgradedb')) process.exit(await upgradedbMain(stateDir, process.argv));
  // The service script sends stdout/stderr to service.log already; echo only to a terminal.
  const log = openServiceLog(stateDir, process.stderr.isTTY ? (text) => process.stderr.write(`${text}\n`) : undefined);

  // No request may take the service down: log and keep serving.
  process.on('uncaughtException', (err) => log.line(`unexpected error: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (reason) => log.line(`unexpected rejection: ${String(reason)}`));

  let running: RunningStandIn;
  try {
    running = await startStandIn(stateDir, log);
  } catch (err) {
    if (err instanceof StartRefusal) {
      log.line(`refusing to start: ${err.message}`);
      process.exit(REFUSAL_EXIT_CODE);
    }
    log.line(`failed to start: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  }

  const shutdown = (signal: NodeJS.Signals) => {
    log.line(`${signal} received, stopping`);
    running.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

void main();
