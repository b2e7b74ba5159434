/**
 * The argument parsers of the CLI's options. Light on purpose (commander and constants only): the program
 * is declared with them at every start, `--help` included, before any command's code is loaded.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_SETTINGS } from '../core/run/engine-settings';
import { isOneOf } from '../shared/one-of';
import { UPGRADE_MODES, type UpgradeMode } from '../shared/upgrade-modes';

/** A parser for a whole number from `min` to `max`; anything else is commander's usage error, `expected`. */
function wholeNumber(min: number, max: number, expected: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(expected);
    return n;
  };
}

export const milliseconds = wholeNumber(100, 600_000, 'expected milliseconds from 100 to 600000');
export const seconds = wholeNumber(1, 3600, 'expected seconds from 1 to 3600');
export const concurrency = wholeNumber(1, 64, 'expected a whole number from 1 to 64');
export const drainSeconds = wholeNumber(0, 3600, 'expected seconds from 0 to 3600 (0: the balancer no longer sends it requests)');
/** `upgrade --health-timeout`: a server at a new version may take a while; 5 s at the least. */
export const upgradeHealthSeconds = wholeNumber(5, 3600, 'expected seconds from 5 to 3600');

export const collect = (v: string, prev: string[]) => [...prev, v];

/** `health --watch`: any number of seconds from 1 to 3600, fractions too. */
export function watchSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 1 || n > 3600) throw new InvalidArgumentError('expected seconds from 1 to 3600');
  return n;
}

export function upgradeMode(v: string): UpgradeMode {
  if (!isOneOf(UPGRADE_MODES, v)) throw new InvalidArgumentError(`expected ${UPGRADE_MODES.join(' or ')}`);
  return v;
}

/** The options of every command that connects to the servers: host keys accepted, the connect timeout, the store. */
export function sshOptions(c: Command): Command {
  return c
    .option('--accept-host-key <host=fingerprint>', 'accept a server\'s host key (repeatable)', collect, [])
    .addOption(new Option('--connect-timeout <ms>', 'give up connecting after this long').argParser(milliseconds).default(DEFAULT_SETTINGS.connectTimeoutMs))
    .option('--known-hosts <file>', 'host-key store (default: in the HA Wizard data folder)');
}

