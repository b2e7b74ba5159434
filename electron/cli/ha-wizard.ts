#!/usr/bin/env node
/**
 * `ha-wizard`: the command line over the same engine as the desktop app.
 * Exit codes: 0 nothing failed, 1 something failed, 2 bad usage or a bad profile.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_SETTINGS } from '../core/checks/cluster-context';
import { checkCommand } from './check-command';
import { UsageError } from './profile-file';
import { TOOL } from './tool';

function milliseconds(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 100 || n > 600_000) throw new InvalidArgumentError('expected milliseconds from 100 to 600000');
  return n;
}
const collect = (v: string, prev: string[]) => [...prev, v];

export function buildProgram(): Command {
  const program = new Command('ha-wizard')
    .description('Set up and watch a high-availability cluster of Inedo ProGet, BuildMaster or Otter.')
    .version(TOOL.version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program.command('check')
    .description('validate every prerequisite live against the servers in a profile')
    .requiredOption('--profile <file>', 'cluster profile (JSON)')
    .option('--json', 'print the report as JSON')
    .option('--report <file>', 'also write the report (.html or .json)')
    .option('--only <ids>', 'run only these checks (comma-separated ids)')
    .option('--warn <ids>', 'report failures of these checks as warnings')
    .option('--accept-host-key <host=fingerprint>', 'accept a server\'s host key (repeatable)', collect, [])
    .addOption(new Option('--connect-timeout <ms>', 'give up connecting after this long').argParser(milliseconds).default(DEFAULT_SETTINGS.connectTimeoutMs))
    .option('--known-hosts <file>', 'host-key store (default: in the HA Wizard data folder)')
    .action(async (o) => {
      process.exitCode = await checkCommand(o);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    if (err.code?.startsWith('commander.')) return 2;
    if (e instanceof UsageError) {
      process.stderr.write(`ha-wizard: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`ha-wizard: ${err.message ?? String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => process.exit(code));
}
