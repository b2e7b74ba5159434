/**
 * Every statement the engine sends to SQL Server, in one place. The lab's TDS test server answers
 * exactly these (by text) and fails loudly on anything else, so the two cannot drift apart silently.
 * Parameters are always passed through sp_executesql, never spliced into the text.
 */
export const SQLSERVER_QUERIES = {
  /** Server identity and high-availability features. No parameters. */
  serverInfo:
    "SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS productVersion, " +
    "CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition, " +
    "CAST(SERVERPROPERTY('IsClustered') AS int) AS isClustered, " +
    "CAST(SERVERPROPERTY('IsHadrEnabled') AS int) AS isHadrEnabled, " +
    "CAST(SERVERPROPERTY('Collation') AS nvarchar(128)) AS serverCollation",
  /** The product's database. Parameter @db nvarchar. Zero rows when it does not exist. */
  database:
    'SELECT name, collation_name AS collationName, recovery_model_desc AS recoveryModel, ' +
    'state_desc AS state FROM sys.databases WHERE name = @db',
  /** Always On membership of the database. Parameter @db. Zero rows when not in a group. */
  availabilityGroup:
    'SELECT ag.name AS groupName FROM sys.availability_databases_cluster adc ' +
    'JOIN sys.availability_groups ag ON ag.group_id = adc.group_id WHERE adc.database_name = @db',
  /** Database mirroring state. Parameter @db. mirroringState is NULL when not mirrored. */
  mirroring:
    'SELECT m.mirroring_state_desc AS mirroringState, m.mirroring_role_desc AS mirroringRole ' +
    'FROM sys.database_mirroring m JOIN sys.databases d ON d.database_id = m.database_id WHERE d.name = @db',
  /** The login's rights in the current database (the one named in the connection string). No parameters. */
  permissions:
    "SELECT CAST(IS_ROLEMEMBER('db_owner') AS int) AS isDbOwner, " +
    "CAST(IS_SRVROLEMEMBER('sysadmin') AS int) AS isSysadmin, SUSER_SNAME() AS loginName",
  /** What the lab's product stand-in runs to decide its databaseStatus. No parameters. */
  ping: 'SELECT 1 AS ok',
} as const;

export type SqlServerQueryName = keyof typeof SQLSERVER_QUERIES;
