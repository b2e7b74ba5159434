/**
 * What the database backup will do, in words for the plan: apart from the backup code so the plan (and the
 * CLI's start-up) never loads a database driver for it.
 */
import { parseConnectionString } from '../../shared/connection-string/connection-strings';
import type { ClusterProfile } from '../../shared/profile';

export function describeSqlServerBackup(profile: ClusterProfile, dir: string): string {
  const parsed = parseConnectionString('sqlserver', profile.database.connectionString);
  return `SQL Server backs up the database ${parsed.ok ? `${parsed.endpoint.database} ` : ''}as a copy-only full backup (BACKUP DATABASE … WITH COPY_ONLY, CHECKSUM) into ${dir} on the database server, then verifies it (RESTORE VERIFYONLY); a rollback restores it (RESTORE DATABASE … WITH REPLACE).`;
}

export function describePostgresBackup(firstNodeId: string | undefined, dir: string): string {
  return `pg_dump -Fc on ${firstNodeId ?? 'the first server'} writes the database into ${dir} there, then pg_restore --list reads it back; a rollback restores it with pg_restore --clean.`;
}
