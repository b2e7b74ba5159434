/**
 * Sentinel files: how the wizard proves that storage is shared. A node writes a small file into the
 * storage path and the others must read it back, byte for byte. The validation run (one file per
 * node, each reading all) and the dashboard (one file per round) both name, write and recognise
 * them here. Names are unique per run or monitor, so two runs never read or remove each other's.
 */
import crypto from 'node:crypto';
import { SENTINEL_PREFIX } from '../remote/powershell-scripts';

export interface Sentinel { name: string; content: string }

/** The files of one run (or one health monitor): they all start with `prefix`, which no other run shares. */
export class SentinelSet {
  readonly prefix: string;
  private count = 0;

  /** `kind` tells the files of a health monitor from a validation run's on the share ('health-'). */
  constructor(kind = '') {
    this.prefix = `${SENTINEL_PREFIX}${kind}${crypto.randomBytes(6).toString('hex')}-`;
  }

  /** The file a node leaves for the cross-node check. An id defaulting to an IPv6 host has ':', which NTFS reads as a stream name. */
  ofNode(id: string): Sentinel {
    return { name: `${this.prefix}${id.replaceAll(':', '_')}.txt`, content: `written by ${id}` };
  }

  /** A new file for one round, written by `writer` now. */
  next(writer: string, at = new Date()): Sentinel {
    return { name: `${this.prefix}${++this.count}.txt`, content: `written by ${writer} at ${at.toISOString()}` };
  }
}

/** Whether a node's listing holds the sentinel as written: the name and the whole content. */
export function seesSentinel(listing: readonly Sentinel[], s: Sentinel): boolean {
  return listing.some((f) => f.name === s.name && f.content === s.content);
}

/** For each reader, the writers whose files its listing holds (a node that sees only its own file is on a local folder). */
export function sightings(listings: ReadonlyMap<string, readonly Sentinel[]>, written: ReadonlyMap<string, Sentinel>): Record<string, string[]> {
  return Object.fromEntries([...listings].map(([reader, listing]) => [reader, [...written].filter(([, s]) => seesSentinel(listing, s)).map(([writer]) => writer)]));
}
