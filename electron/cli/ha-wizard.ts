#!/usr/bin/env node
/**
 * `ha-wizard`: the command line over the same engine as the desktop app.
 * Exit codes: 0 nothing failed, 1 something failed, 2 bad usage, a bad profile or a file that is no report.
 */
import { loadCommandCode } from './command-code-loader';
import { Command, Option } from 'commander';
import { HEALTH_DEFAULTS } from '../core/health/health-defaults';
import { registerDrift } from './drift-register';
import { registerUpgrade } from './upgrade-register';
import { concurrency, milliseconds, seconds, sshOptions, watchSeconds } from './option-parsers';
import { UsageError } from './usage-error';
import { TOOL } from './tool';
import { addBalancerCommand, addDrainCommands, nodeGroup, registerNodeChange } from './node-command';
import { errorCode, errorMessage } from '../shared/error-text';

// For the bundled command code (ha-wizard-commands.cjs), which takes this one class from the program instead
// of carrying a copy: main() below tells a UsageError by `instanceof` (scripts/build-cli.ts).
export { UsageError };

// Every command's code (the engine, the drivers, the schemas) is imported inside its action: the program
// itself is declared from light modules only, so `--help` loads none of them (issue 10).
export function buildProgram(): Command {
  const program = new Command('ha-wizard')
    .description('Set up and watch a high-availability cluster of Inedo ProGet, BuildMaster or Otter.')
    .version(TOOL.version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    // An apply to this cluster that was cut short is said first, whatever the command.
    .hook('preAction', async (_program, action) => {
      if (action.name() === 'recover') return;
      const { journalNotice } = await loadCommandCode();
      await journalNotice(action.opts<{ profile?: string; plan?: string }>());
    });

  sshOptions(program.command('check')
    .description('validate every prerequisite live against the servers in a profile')
    .requiredOption('--profile <file>', 'cluster profile (JSON)')
    .option('--json', 'print the report as JSON')
    .option('--report <file>', 'also write the report (.html or .json)')
    .option('--only <ids>', 'run only these checks (comma-separated ids)')
    .option('--warn <ids>', 'report failures of these checks as warnings'))
    .action(async (o) => {
      const { checkCommand } = await loadCommandCode();
      process.exitCode = await checkCommand(o);
    });

  program.command('health')
    .description('show the live health of the cluster in a profile, once or every N seconds')
    .requiredOption('--profile <file>', 'cluster profile (JSON)')
    .addOption(new Option('--watch <seconds>', 'refresh every N seconds until Ctrl-C').argParser(watchSeconds))
    .option('--json', 'print the snapshot as JSON (with --watch: one line per snapshot)')
    .option('--history', 'print the kept history of the last 24 hours (events, and a band per server) instead of asking the servers')
    .addOption(new Option('--timeout <ms>', 'give up on a node, the database or the load balancer after this long').argParser(milliseconds).default(HEALTH_DEFAULTS.timeoutMs))
    .addOption(new Option('--concurrency <n>', 'nodes polled at once').argParser(concurrency).default(HEALTH_DEFAULTS.maxConcurrency))
    .option('--known-hosts <file>', 'host-key store (default: in the HA Wizard data folder)')
    .action(async (o) => {
      const { healthCommand } = await loadCommandCode();
      process.exitCode = await healthCommand(o);
    });

  const connection = (c: Command) => sshOptions(c)
    .addOption(new Option('--health-timeout <seconds>', 'how long a restarted server may take to report healthy').argParser(seconds).default(120));

  connection(program.command('plan')
    .description('show, per server, the file it will write (secrets masked) and the steps it will run')
    .requiredOption('--profile <file>', 'cluster profile (JSON)')
    .option('--json', 'print the plan as JSON')
    .option('--out <file>', 'write the plan to this file, for ha-wizard apply')
    .option('--allow-http-api-key', 'let the API key travel over plain http to the servers (it is sent in clear text; without this, the settings it would set are manual steps)'))
    .action(async (o) => {
      const { planCommand } = await loadCommandCode();
      process.exitCode = await planCommand(o);
    });

  connection(program.command('apply')
    .description('carry out a plan: back up, write, restart one server at a time; roll back on any failure')
    .requiredOption('--plan <file>', 'a plan written by ha-wizard plan --out')
    .option('--json', 'print the outcome as JSON')
    .option('--break-lock', 'break another wizard\'s cluster lock when it is stale (no heartbeat for 30 min, or its process is gone)'))
    .action(async (o) => {
      const { applyCommand } = await loadCommandCode();
      process.exitCode = await applyCommand(o);
    });

  connection(program.command('recover')
    .description('after an apply was cut short (the wizard killed, the machine asleep): say what it left, and roll it back or finish it')
    .requiredOption('--profile <file>', 'cluster profile (JSON)')
    .option('--rollback', 'restore every changed server from the backup the journal names, restart it, wait for /health')
    .option('--finish', 'make a new plan from the profile, show it, and (with --yes) apply it')
    .option('--yes', 'with --finish: apply the plan shown')
    .option('--break-lock', 'break a stale cluster lock (the killed wizard\'s own, typically), saying so'))
    .action(async (o) => {
      const { recoverCommand } = await loadCommandCode();
      process.exitCode = await recoverCommand(o);
    });

  registerNodeChange(program, connection);
  addDrainCommands(nodeGroup(program));
  addBalancerCommand(program);
  registerDrift(program);
  registerUpgrade(program);

  program.command('report')
    .description('render a saved JSON check report (ha-wizard check --report run.json) as HTML again')
    .requiredOption('--in <file>', 'the JSON report')
    .option('--out <file>', 'write the HTML here (default: standard output)')
    .action(async (o) => {
      const { reportCommand } = await loadCommandCode();
      process.exitCode = await reportCommand(o);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    const code = errorCode(e);
    if (code === 'commander.helpDisplayed' || code === 'commander.version') return 0;
    if (code?.startsWith('commander.')) return 2;
    if (e instanceof UsageError) {
      process.stderr.write(`ha-wizard: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`ha-wizard: ${errorMessage(e)}\n`);
    return 1;
  }
}

/**
 * Exits once standard output and error have handed everything to the OS. Node writes to a pipe
 * asynchronously, and process.exit() drops what is still queued: `ha-wizard report | more` lost all
 * past the pipe's first 64 KiB. A write's callback comes after every earlier write on that stream.
 */
export function exitWhenWritten(code: number, streams: { write(chunk: string, done: () => void): unknown }[] = [process.stdout, process.stderr], exit: (code: number) => void = process.exit): void {
  let pending = streams.length;
  for (const s of streams) {
    s.write('', () => {
      if (--pending === 0) exit(code);
    });
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => exitWhenWritten(code));
}
