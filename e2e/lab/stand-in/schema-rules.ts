/**
 * The product database's schema version in the lab, as Inedo's products treat it (inedo-facts.md,
 * "Upgrades"): the schema is the major version (the year); maintenance releases keep it. 2025+ upgrades
 * an older schema when its service starts; older releases refuse and want `upgradedb`; a release reads a
 * newer schema only where Inedo says it may (2026's schema is compatible with 2025, and nothing else).
 */
import { parseProductVersion } from '../../../electron/shared/products';

/** From this major on, the service upgrades an older schema itself when it starts. */
export const UPGRADES_SCHEMA_AT_START_FROM = 2025;

/** Newer schemas a major can still run on (the one place this lab rule lives). */
export const READABLE_NEWER_SCHEMAS: Readonly<Record<number, readonly number[]>> = { 2025: [2026] };

/** The schema a version uses: its major. */
export function schemaOf(version: string): number {
  const parsed = parseProductVersion(version);
  if (!parsed) throw new Error(`not a product version: ${version}`);
  return parsed[0];
}

export type StartDecision =
  | { action: 'run' }
  | { action: 'upgrade'; from: number; to: number }
  | { action: 'refuse'; reason: string };

/** What a service of `version` does at start on a database whose schema is `schema`. */
export function decideAtStart(version: string, schema: number): StartDecision {
  const major = schemaOf(version);
  if (schema === major) return { action: 'run' };
  if (schema < major) {
    if (major >= UPGRADES_SCHEMA_AT_START_FROM) return { action: 'upgrade', from: schema, to: major };
    return { action: 'refuse', reason: `the database schema is ${schema}, older than ${version} needs (${major}); run upgradedb first` };
  }
  if (READABLE_NEWER_SCHEMAS[major]?.includes(schema)) return { action: 'run' };
  return { action: 'refuse', reason: `the database schema is ${schema}, newer than ${version} can read; install ${schema} or restore the database from its backup` };
}

export type UpgradedbDecision = { action: 'upgrade' | 'none'; to: number } | { action: 'refuse'; reason: string };

/** What `upgradedb` of `version` does on a schema: brings an older one up to its major, never down. */
export function decideUpgradedb(version: string, schema: number): UpgradedbDecision {
  const major = schemaOf(version);
  if (schema < major) return { action: 'upgrade', to: major };
  if (schema === major) return { action: 'none', to: major };
  return { action: 'refuse', reason: `the database schema is ${schema}, newer than ${version}; upgradedb never downgrades a schema` };
}
