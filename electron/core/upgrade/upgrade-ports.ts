/**
 * The seams of an upgrade run (issue 14): what the runner (upgrade-run.ts) asks of each server's
 * installation and of the database, implemented over SSH (node-upgrader.ts) and the database drivers
 * (database-backup.ts), and by fakes in tests. Every method throws an UpgradeStepError whose message says,
 * in the admin's words, what failed and where; no secret is ever in it.
 */

/** A file or folder copied aside on a server before anything changes, to put back byte for byte. */
export interface FileBackup {
  what: 'config' | 'extensions';
  nodeId: string;
  /** What was copied (the config file, the extensions folder). */
  source: string;
  /** Where the copy is, on the same server. */
  path: string;
  bytes: number;
  /** sha256 of the file (a folder: of its sorted listing with each file's hash), to verify and to restore exactly. */
  sha256: string;
}

/** The database copied aside before the schema may change. */
export interface DatabaseBackupFile {
  /** Where it is: on the database server (SQL Server) or on the server that ran pg_dump (PostgreSQL). */
  path: string;
  /** The server that holds it, for PostgreSQL; null for SQL Server (the database server itself). */
  nodeId: string | null;
  bytes: number;
}

/**
 * A step's AbortSignal (upgrade-timeouts.ts): aborted at the step's limit; the remote command it runs is
 * abandoned then (its SSH channel closed). Optional: fakes and local work may ignore it.
 */
export interface StepOptions { signal?: AbortSignal }

/** One server's product installation, as an upgrade drives it. */
export interface NodeUpgrader {
  readonly nodeId: string;
  /** The installer in words for the plan: "Inedo Hub (C:\\…\\hub.exe)", "Docker Compose service proget in /opt/proget/compose.yaml". */
  describe(): string;
  /** The version installed now, as the installer sees it (the compose file's tag; the product's own record), or null. */
  installedVersion(): Promise<string | null>;
  /** Preflight: the installer can run here and `version` can be obtained (hub.exe present; the image tag present or pullable). */
  canInstall(version: string): Promise<{ ok: boolean; detail: string }>;
  /** Free bytes in `dir` on this server (for its backups). */
  freeBytes(dir: string): Promise<number>;
  /** Stops the product's service and proves it stopped (throws when it still runs). */
  stop(o?: StepOptions): Promise<void>;
  /** Starts the product's service (the health gate is the runner's). */
  start(o?: StepOptions): Promise<void>;
  /** Installs `version`: the upgrade, or on rollback the old version again. The installer's exit code and the tail of its output. */
  install(version: string, o?: StepOptions): Promise<{ exitCode: number; output: string }>;
  /** Upgrades the database schema explicitly (`upgradedb`) and exits: its exit code and the tail of its output. */
  upgradeSchema(version: string, o?: StepOptions): Promise<{ exitCode: number; output: string }>;
  /** Copies the config file and the extensions folder into `dir` on this server (created new, never written through a link). */
  backupFiles(dir: string, o?: StepOptions): Promise<FileBackup[]>;
  /** Proves a backup is there and whole: its size and hash as written. */
  verifyBackup(backup: FileBackup, o?: StepOptions): Promise<void>;
  /** Puts every backed-up file back byte for byte (the installer may have changed them). */
  restoreFiles(backups: FileBackup[], o?: StepOptions): Promise<void>;
}

/** The cluster's database, as an upgrade backs it up and, on rollback, restores it. */
export interface DatabaseUpgradeOps {
  /** Where the backup goes and how, in words for the plan. */
  describe(dir: string): string;
  /** Preflight: the login may change the schema (db_owner / owner), the database's size and the free space where the backup goes. */
  preflight(dir: string): Promise<{ canChangeSchema: boolean; databaseBytes: number | null; freeBytes: number | null; detail: string }>;
  /** A copy-only backup (SQL Server `BACKUP DATABASE … COPY_ONLY`; PostgreSQL `pg_dump`). */
  backup(dir: string, o?: StepOptions): Promise<DatabaseBackupFile>;
  /** Proves the backup is readable (RESTORE VERIFYONLY; pg_restore --list) and its size. */
  verify(backup: DatabaseBackupFile, o?: StepOptions): Promise<void>;
  /** Restores the database from the backup (every service must be stopped first). */
  restore(backup: DatabaseBackupFile, o?: StepOptions): Promise<void>;
}

/** A step of an upgrade failed: what, where, and the raw output kept apart (shown folded, never a secret). */
export class UpgradeStepError extends Error {
  override readonly name = 'UpgradeStepError';
  constructor(message: string, readonly output: string = '', readonly exitCode: number | null = null) {
    super(message);
  }
}
