/**
 * Declares `drift` (drift-command.ts runs it). Its code is loaded when the command runs, not at every
 * start: `--help` must not pay for the engine (issue 10).
 */
import { loadCommandCode } from './command-code-loader';
import type { Command } from 'commander';
import { sshOptions } from './option-parsers';

/** Registers `drift` on the program (one line in ha-wizard.ts). */
export function registerDrift(program: Command): void {
  sshOptions(program.command('drift')
    .description('compare every server (and the balancer\'s members) with the state the last apply left; exit 1 on drift')
    .requiredOption('--profile <file>', 'cluster profile (JSON)')
    .option('--json', 'print the differences as JSON'))
    .action(async (opts) => {
      const { driftCommand } = await loadCommandCode();
      process.exitCode = await driftCommand(opts);
    });
}
