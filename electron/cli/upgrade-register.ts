/**
 * Declares `upgrade` (upgrade-command.ts runs it). Its code is loaded when the command runs, not at every
 * start: `--help` must not pay for the engine (issue 10).
 */
import { loadCommandCode } from './command-code-loader';
import { type Command, Option } from 'commander';
import { sshOptions, upgradeHealthSeconds, upgradeMode } from './option-parsers';

/** Registers `upgrade` on the program (one line in ha-wizard.ts). */
export function registerUpgrade(program: Command): void {
  sshOptions(program.command('upgrade')
    .description('upgrade every server of the cluster to a new product version: preflight, a plan to review, backups first, then the run; any failure puts everything back')
    .requiredOption('--profile <file>', 'cluster profile (JSON)')
    .requiredOption('--to <version>', 'the product version to upgrade to, like 2026.1')
    .addOption(new Option('--mode <mode>', 'coordinated: every server stopped behind the balancer (the default); rolling: one at a time, for maintenance releases').argParser(upgradeMode).default('coordinated'))
    .requiredOption('--backup-dir <dir>', 'where the database backup goes (on the database server, or for PostgreSQL on the first server)')
    .option('--plan-only', 'show the preflight and the plan, change nothing')
    .option('--yes', 'do not ask before upgrading')
    .option('--break-lock', 'break another wizard\'s stale cluster lock')
    .addOption(new Option('--health-timeout <seconds>', 'how long each server may take to answer /health at its version').argParser(upgradeHealthSeconds).default(300)))
    .action(async (opts) => {
      const { upgradeCommand } = await loadCommandCode();
      process.exitCode = await upgradeCommand(opts);
    });
}
