/**
 * The `node` command group: one server of a running cluster at a time. `add` and `remove` grow and
 * shrink it (node-change-command.ts); drain and resume register under the same group (`nodeGroup`).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { nodeAddCommand, nodeRemoveCommand } from './node-change-command';

/** The `node` group of `program`, made once: every `node …` subcommand hangs under it. */
export function nodeGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'node') ?? program.command('node').description('add, remove, drain or resume one server of a running cluster');
}

function drainSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 3600) throw new InvalidArgumentError('expected seconds from 0 to 3600 (0: the balancer no longer sends it requests)');
  return n;
}

/** Registers `node add` and `node remove`; `connection` adds the shared connection options. */
export function registerNodeChange(program: Command, connection: (c: Command) => Command): void {
  const node = nodeGroup(program);
  connection(node.command('add')
    .description('add a server to the running cluster: its checks, a plan for it alone, apply, then the balancer takes it once healthy')
    .requiredOption('--profile <file>', 'cluster profile (JSON), updated once the server is added')
    .option('--host <address>', 'the new server, set up like the cluster\'s first one (same login, OS, paths)')
    .option('--id <name>', 'with --host: the name the wizard gives it')
    .option('--user <name>', 'with --host: its SSH login, when not the first server\'s')
    .option('--node-json <file>', 'the new server as a JSON object (a profile\'s "nodes" entry)')
    .option('--leave-data-behind', 'add it even though it has a database or key of its own (what it stored is left behind)')
    .option('--plan-only', 'show the plan and stop')
    .option('--json', 'print the outcome as JSON')
    .option('--break-lock', 'break another wizard\'s stale cluster lock'))
    .action(async (o) => {
      process.exitCode = await nodeAddCommand(o);
    });
  connection(node.command('remove')
    .description('remove a server: drain it at the balancer, wait, back up its config, stop it, take it out of the balancer')
    .requiredOption('--profile <file>', 'cluster profile (JSON), updated once the server is removed')
    .requiredOption('--node <id>', 'the server to remove')
    .addOption(new Option('--drain-timeout <seconds>', 'how long to wait for it to serve nothing; 0: the balancer is already handled').argParser(drainSeconds).default(300))
    .option('--json', 'print the outcome as JSON')
    .option('--break-lock', 'break another wizard\'s stale cluster lock'))
    .action(async (o) => {
      process.exitCode = await nodeRemoveCommand(o);
    });
}
