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
} as const;

export const STAND_IN_POSTGRES_QUERIES = {
  ping: 'SELECT 1 AS ok',
  /** The lab creates this table when it creates the product database; the stand-in creates it too if missing. */
  createSettings: 'CREATE TABLE IF NOT EXISTS lab_settings (name text PRIMARY KEY, value text NOT NULL)',
  listSettings: 'SELECT name, value FROM lab_settings ORDER BY name',
  setSetting:
    'INSERT INTO lab_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value',
} as const;
