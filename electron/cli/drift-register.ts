/**
 * Declares `drift` (drift-command.ts runs it). Its code is loaded when the command runs, not at every
 * start: `--help` must not pay for the engine (issue 10).
 */
import { type Command, Option } from 'commander';
import { DEFAULT_SETTINGS } from '../core/run/engine-settings';
import { collect, milliseconds } from './option-parsers';

/** Registers `drift` on the program (one line in ha-wizard.ts). */
export function registerDrift(program: Command): void {
  program.command('drift')
    .description('compare every server (and the balancer\'s members) with the state the last apply left; exit 1 on drift')
    .requiredOption('--profile <file>', 'cluster profile (JSON)')
    .option('--json', 'print the differences as JSON')
    .option('--accept-host-key <host=fingerprint>', 'accept a server\'s host key (repeatable)', collect, [])
    .addOption(new Option('--connect-timeout <ms>', 'give up connecting after this long').argParser(milliseconds).default(DEFAULT_SETTINGS.connectTimeoutMs))
    .option('--known-hosts <file>', 'host-key store (default: in the HA Wizard data folder)')
    .action(async (opts) => {
      const { driftCommand } = await import('./command-code');
      process.exitCode = await driftCommand(opts);
    });
}
