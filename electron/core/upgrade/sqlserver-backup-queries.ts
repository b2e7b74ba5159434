/**
 * Every statement an upgrade sends to SQL Server to back up, verify and restore the product's database,
 * in one place. The lab's TDS test server answers exactly these texts (e2e/lab/tds/backup-statements.ts),
 * as it does SQLSERVER_QUERIES. Names and paths are always parameters (@db, @path) through sp_executesql;
 * the two ALTER DATABASE statements, which take no variable, build their text with QUOTENAME(@db).
 * Sizes are bigint on the server: they come back as text, read exactly whatever the driver.
 */
export const SQLSERVER_BACKUP_QUERIES = {
  /** Parameter @db. One row: bytes, the data files' allocated size (an upper bound of a backup's size). */
  databaseSize:
    'SELECT CAST(SUM(CAST(size AS bigint)) * 8192 AS nvarchar(20)) AS bytes FROM sys.master_files ' +
    'WHERE database_id = DB_ID(@db) AND type = 0',
  /**
   * Parameter @db. The volumes holding the database's files and their free bytes: what SQL Server can tell
   * about free space (a backup folder on another volume stays unknown). Needs VIEW SERVER STATE.
   */
  volumes:
    'SELECT DISTINCT vs.volume_mount_point AS mountPoint, CAST(vs.available_bytes AS nvarchar(20)) AS availableBytes ' +
    'FROM sys.master_files mf CROSS APPLY sys.dm_os_volume_stats(mf.database_id, mf.file_id) vs WHERE mf.database_id = DB_ID(@db)',
  /**
   * Parameter @db. Whether the login may verify and restore a backup: SQL Server lets the database's owner
   * (dbo), dbcreator and sysadmin restore it, and RESTORE VERIFYONLY needs CREATE DATABASE.
   */
  restoreRights:
    "SELECT CAST(HAS_PERMS_BY_NAME(NULL, NULL, 'CREATE ANY DATABASE') AS int) AS mayCreateDatabase, " +
    'CAST(CASE WHEN d.owner_sid = SUSER_SID() THEN 1 ELSE 0 END AS int) AS ownsDatabase FROM sys.databases d WHERE d.name = @db',
  /** Parameters @db, @path (on the database server). A copy-only full backup: the log chain is untouched. */
  backup: 'BACKUP DATABASE @db TO DISK = @path WITH COPY_ONLY, CHECKSUM, INIT',
  /** Parameters @db, @path. The size of the newest backup of @db written to @path, from msdb's history. */
  backupSize:
    'SELECT TOP 1 CAST(COALESCE(bs.compressed_backup_size, bs.backup_size) AS nvarchar(30)) AS bytes ' +
    'FROM msdb.dbo.backupset bs JOIN msdb.dbo.backupmediafamily mf ON mf.media_set_id = bs.media_set_id ' +
    'WHERE mf.physical_device_name = @path AND bs.database_name = @db ORDER BY bs.backup_finish_date DESC',
  /** Parameter @path. Reads the whole backup and checks its checksums; no rowset. */
  verify: 'RESTORE VERIFYONLY FROM DISK = @path WITH CHECKSUM',
  /** Parameter @db. Sent from master: every other connection is rolled back and kept out. */
  singleUser:
    "DECLARE @sql nvarchar(max) = N'ALTER DATABASE ' + QUOTENAME(@db) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE'; EXEC (@sql)",
  /** Parameters @db, @path. Sent from master. */
  restore: 'RESTORE DATABASE @db FROM DISK = @path WITH REPLACE',
  /** Parameter @db. Sent from master, after the restore whether or not it succeeded. */
  multiUser: "DECLARE @sql nvarchar(max) = N'ALTER DATABASE ' + QUOTENAME(@db) + N' SET MULTI_USER'; EXEC (@sql)",
} as const;

export type SqlServerBackupQueryName = keyof typeof SQLSERVER_BACKUP_QUERIES;
