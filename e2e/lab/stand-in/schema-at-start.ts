import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPostgresDatabase } from './postgres-database';
import type { ProductConfig } from './product-config';
import type { ProductDatabase } from './product-database';
import { decideAtStart, decideUpgradedb, schemaOf } from './schema-rules';
import type { ServiceLog } from './service-log';
import { createSqlServerDatabase } from './sqlserver-database';
import { StartRefusal } from './start-refusal';

/** Flag files in the state dir, set by the lab's faults (e2e/lab/version-faults.ts). */
export const VERSION_FAULT_FILES = {
  /** upgradedb exits 1 without touching the schema. */
  upgradedbFails: 'fault-upgradedb-fails',
  /** The installer (docker compose up) exits 1 without changing anything. */
  installerFails: 'fault-installer-fails',
  /** The installer's download (docker compose pull) never ends; "only: <version>" for that version alone. */
  installerHangs: 'fault-installer-hangs',
  /** Holds a version: the stand-in at that version answers /health with Error for ever. */
  neverHealthy: 'fault-never-healthy',
} as const;

export function openProductDatabase(config: ProductConfig): ProductDatabase {
  return config.database.kind === 'postgres'
    ? createPostgresDatabase(config.database.connectionString)
    : createSqlServerDatabase(config.database.connectionString);
}

/**
 * At service start: a database at an older schema is upgraded (2025+) or refused (older releases want
 * upgradedb); a newer schema than this version reads is refused. A database that cannot be reached is
 * not checked: the service starts and /health says what is wrong, as before schemas existed here.
 */
export async function checkSchemaAtStart(db: ProductDatabase, version: string, log: ServiceLog): Promise<void> {
  let schema: number;
  try {
    schema = await db.schemaVersion(schemaOf(version));
  } catch (err) {
    log.line(`database schema not checked (the database did not answer): ${(err as Error).message}`);
    return;
  }
  const decision = decideAtStart(version, schema);
  if (decision.action === 'refuse') throw new StartRefusal(decision.reason);
  if (decision.action === 'upgrade') {
    try {
      await db.setSchemaVersion(decision.to);
    } catch (err) {
      throw new StartRefusal(`cannot upgrade the database schema from ${decision.from} to ${decision.to}: ${(err as Error).message}`);
    }
    log.line(`upgraded the database schema from ${decision.from} to ${decision.to}`);
    return;
  }
  log.line(`database schema ${schema}`);
}

/** `upgradedb`: brings the schema up to `version`'s and returns what it did; throws (exit 1) on failure. */
export async function upgradedb(stateDir: string, db: ProductDatabase, version: string): Promise<string> {
  const flag = readFlag(stateDir, VERSION_FAULT_FILES.upgradedbFails);
  if (flag !== null) throw new Error(`upgradedb failed: simulated fault (${VERSION_FAULT_FILES.upgradedbFails} in ${stateDir})`);
  const schema = await db.schemaVersion(schemaOf(version));
  const decision = decideUpgradedb(version, schema);
  if (decision.action === 'refuse') throw new Error(`upgradedb failed: ${decision.reason}`);
  if (decision.action === 'none') return `the database schema is already ${decision.to}`;
  await db.setSchemaVersion(decision.to);
  return `upgraded the database schema from ${schema} to ${decision.to}`;
}

/** The never-healthy fault's problem for this version, or null. Read on every request: faults come and go. */
export function neverHealthyProblem(stateDir: string, version: string): string | null {
  const at = readFlag(stateDir, VERSION_FAULT_FILES.neverHealthy)?.trim();
  if (!at || schemaAgnosticRelease(at) !== schemaAgnosticRelease(version)) return null;
  return `simulated fault: ${version} never becomes healthy`;
}

/** "2026.1 (Build 3)" and "2026.1" are the same release. */
function schemaAgnosticRelease(version: string): string {
  return version.replace(/\s*\(.*\)\s*$/, '').trim();
}

function readFlag(stateDir: string, name: string): string | null {
  try {
    return readFileSync(join(stateDir, name), 'utf8');
  } catch {
    return null;
  }
}
