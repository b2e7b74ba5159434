/**
 * Statements the lab's product stand-in (not the engine) sends to its database: the ping behind
 * /health's databaseStatus, and the key-value table behind the settings API. The TDS test server
 * answers these besides the engine's own (electron/core/database/sqlserver-queries.ts).
 */
export const STAND_IN_SQLSERVER_QUERIES = {
  /** No parameters; one row, column ok = 1. */
  ping: 'SELECT 1 AS ok',
  /** No parameters; columns name, value (nvarchar), ordered by name. */
  listSettings: 'SELECT name, value FROM dbo.LabSettings ORDER BY name',
  /** Parameters @name, @value (nvarchar); no rowset, one row affected. */
  setSetting:
    'MERGE dbo.LabSettings AS t USING (SELECT @name AS name, @value AS value) AS s ON t.name = s.name ' +
    'WHEN MATCHED THEN UPDATE SET value = s.value WHEN NOT MATCHED THEN INSERT (name, value) VALUES (s.name, s.value);',
  /** No parameters; no row when the database has no schema yet, else one row, column version (int). */
  readSchema: 'SELECT version FROM dbo.LabSchema',
  /** Parameter @version (int); writes it only when the database has no schema yet. */
  initSchema: 'IF NOT EXISTS (SELECT 1 FROM dbo.LabSchema) INSERT INTO dbo.LabSchema (version) VALUES (@version)',
  /** Parameter @version (int). */
  setSchema: 'UPDATE dbo.LabSchema SET version = @version',
} as const;

export const STAND_IN_POSTGRES_QUERIES = {
  ping: 'SELECT 1 AS ok',
  /** The lab creates this table when it creates the product database; the stand-in creates it too if missing. */
  createSettings: 'CREATE TABLE IF NOT EXISTS lab_settings (name text PRIMARY KEY, value text NOT NULL)',
  listSettings: 'SELECT name, value FROM lab_settings ORDER BY name',
  setSetting:
    'INSERT INTO lab_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value',
  /** One row at most (id 1): the schema version, a major such as 2025. */
  createSchema: 'CREATE TABLE IF NOT EXISTS lab_schema (id int PRIMARY KEY CHECK (id = 1), version int NOT NULL)',
  initSchema: 'INSERT INTO lab_schema (id, version) VALUES (1, $1) ON CONFLICT (id) DO NOTHING',
  readSchema: 'SELECT version FROM lab_schema WHERE id = 1',
  setSchema: 'UPDATE lab_schema SET version = $1 WHERE id = 1',
} as const;
