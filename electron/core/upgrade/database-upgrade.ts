/**
 * The cluster's database as an upgrade backs it up and restores it (DatabaseUpgradeOps): SQL Server
 * through the mssql driver (sqlserver-backup.ts), PostgreSQL / InedoDB through pg_dump and pg_restore on
 * the first server over SSH (postgres-backup.ts), chosen by the profile's database kind.
 */
import type { ClusterContext } from '../run/cluster-context';
import type { DatabaseUpgradeOps } from './upgrade-ports';
import { postgresUpgradeOps } from './postgres-backup';
import { sqlServerUpgradeOps } from './sqlserver-backup';

/** `pgBinDir`: where pg_dump and pg_restore are on the first server when they are not on its PATH. */
export function databaseUpgradeOps(ctx: ClusterContext, o?: { pgBinDir?: string }): DatabaseUpgradeOps {
  return ctx.profile.database.kind === 'sqlserver' ? sqlServerUpgradeOps(ctx) : postgresUpgradeOps(ctx, o);
}
