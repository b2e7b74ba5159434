/**
 * The argument parsers of the CLI's options. Light on purpose (commander and constants only): the program
 * is declared with them at every start, `--help` included, before any command's code is loaded.
 */
import { InvalidArgumentError } from 'commander';
import { isOneOf } from '../shared/one-of';
import { UPGRADE_MODES, type UpgradeMode } from '../shared/upgrade-modes';

export function milliseconds(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 100 || n > 600_000) throw new InvalidArgumentError('expected milliseconds from 100 to 600000');
  return n;
}

export const collect = (v: string, prev: string[]) => [...prev, v];

export function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 3600) throw new InvalidArgumentError('expected seconds from 1 to 3600');
  return n;
}

export function watchSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 1 || n > 3600) throw new InvalidArgumentError('expected seconds from 1 to 3600');
  return n;
}

export function concurrency(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return n;
}

export function drainSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 3600) throw new InvalidArgumentError('expected seconds from 0 to 3600 (0: the balancer no longer sends it requests)');
  return n;
}

/** `upgrade --health-timeout`: a server at a new version may take a while; 5 s at the least. */
export function upgradeHealthSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 5 || n > 3600) throw new InvalidArgumentError('expected seconds from 5 to 3600');
  return n;
}

export function upgradeMode(v: string): UpgradeMode {
  if (!isOneOf(UPGRADE_MODES, v)) throw new InvalidArgumentError(`expected ${UPGRADE_MODES.join(' or ')}`);
  return v;
}
