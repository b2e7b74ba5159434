/**
 * The cluster's database as an upgrade backs it up and restores it (DatabaseUpgradeOps): SQL Server
 * through the mssql driver (sqlserver-backup.ts), PostgreSQL / InedoDB through pg_dump and pg_restore on
 * the first server over SSH (postgres-backup.ts), chosen by the profile's database kind. Each is loaded on
 * first use: the CLI's start-up and `--help` load no database driver (cold-start.test.ts).
 */
import type { ClusterContext } from '../run/cluster-context';
import type { DatabaseUpgradeOps } from './upgrade-ports';
import { describePostgresBackup, describeSqlServerBackup } from './database-backup-text';

/** `pgBinDir`: where pg_dump and pg_restore are on the first server when they are not on its PATH. */
export function databaseUpgradeOps(ctx: ClusterContext, o?: { pgBinDir?: string }): DatabaseUpgradeOps {
  const sqlServer = ctx.profile.database.kind === 'sqlserver';
  let ops: Promise<DatabaseUpgradeOps> | undefined;
  const load = () => (ops ??= sqlServer
    ? import('./sqlserver-backup').then((m) => m.sqlServerUpgradeOps(ctx))
    : import('./postgres-backup').then((m) => m.postgresUpgradeOps(ctx, o)));
  return {
    describe: (dir) => (sqlServer ? describeSqlServerBackup(ctx.profile, dir) : describePostgresBackup(ctx.nodes[0]?.id, dir)),
    preflight: async (dir) => (await load()).preflight(dir),
    backup: async (dir, o) => (await load()).backup(dir, o),
    verify: async (b, o) => (await load()).verify(b, o),
    restore: async (b, o) => (await load()).restore(b, o),
  };
}
