/**
 * The `node` command group: one server of a running cluster at a time. `add` and `remove` grow and
 * shrink it (node-change-command.ts); `drain` and `resume` take it out of the balancer's rotation and
 * back, and `balancer` shows the members (node-drain-command.ts). Only declared here: each command's
 * code is loaded when it runs, so `--help` does not pay for the engine (issue 10).
 */
import { loadCommandCode } from './command-code-loader';
import { Option, type Command } from 'commander';
import { DEFAULT_SETTINGS } from '../core/run/engine-settings';
import { collect, drainSeconds, milliseconds } from './option-parsers';

/** The `node` group of `program`, made once: every `node …` subcommand hangs under it. */
export function nodeGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'node') ?? program.command('node').description('add, remove, drain or resume one server of a running cluster');
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
      const { nodeAddCommand } = await loadCommandCode();
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
      const { nodeRemoveCommand } = await loadCommandCode();
      process.exitCode = await nodeRemoveCommand(o);
    });
}

/** What drain, resume and balancer share: the profile, JSON output, and how to reach the balancer's host. */
const balancerOptions = (c: Command) => c
  .requiredOption('--profile <file>', 'cluster profile (JSON)')
  .option('--json', 'print the balancer\'s answer as JSON')
  .option('--accept-host-key <host=fingerprint>', 'accept the balancer host\'s SSH key (repeatable)', collect, [])
  .addOption(new Option('--connect-timeout <ms>', 'give up connecting after this long').argParser(milliseconds).default(DEFAULT_SETTINGS.connectTimeoutMs))
  .option('--known-hosts <file>', 'host-key store (default: in the HA Wizard data folder)');

/** Adds `drain` and `resume` to the `node` command group. */
export function addDrainCommands(node: Command): void {
  for (const action of ['drain', 'resume'] as const) {
    balancerOptions(node.command(action)
      .description(action === 'drain'
        ? 'take one server out of the load balancer\'s rotation (it finishes what it serves, gets nothing new); the others are not touched'
        : 'put one server back into the load balancer\'s rotation')
      .requiredOption('--node <id>', 'the server, by its id in the profile'))
      .action(async (o) => {
        const { rotationCommand } = await loadCommandCode();
        process.exitCode = await rotationCommand(action, o);
      });
  }
}

/** Adds `balancer` (the members and their states) to the program. */
export function addBalancerCommand(program: Command): void {
  balancerOptions(program.command('balancer').description('show every server as the load balancer sees it: in rotation, drained, down'))
    .action(async (o) => {
      const { balancerCommand } = await loadCommandCode();
      process.exitCode = await balancerCommand(o);
    });
}
