/**
 * An upgrade's backup of the product's SQL Server database, through the mssql driver: a copy-only
 * BACKUP DATABASE to a folder on the database server, RESTORE VERIFYONLY and msdb's record of its size,
 * and on rollback RESTORE … WITH REPLACE between single-user and multi-user. Statements are the fixed
 * texts of SQLSERVER_BACKUP_QUERIES; the name and the path travel as parameters.
 */
import sql from 'mssql';
import { config as probeConfig } from '../database/sqlserver-probe';
import { SQLSERVER_QUERIES } from '../database/sqlserver-queries';
import { SQLSERVER_BACKUP_QUERIES as Q } from './sqlserver-backup-queries';
import { describeSqlServerBackup } from './database-backup-text';
import { UpgradeStepError, type DatabaseBackupFile, type DatabaseUpgradeOps } from './upgrade-ports';
import { backupFileName, bytesText, cleanMessage, databaseLogin, joinServerPath, type DatabaseContext, type DatabaseLogin } from './database-login';

/** A backup or a restore of a large database takes long: the statement may run this long. */
const LONG_STATEMENT_MS = 6 * 60 * 60 * 1000;

type Row = Record<string, unknown>;
/** What a session's statements are made from: each request is kept, to be cancelled at the step's limit. */
type Requests = Pick<sql.ConnectionPool, 'request'>;
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));

/** The volume (of those SQL Server reports) that holds `dir`: the longest mount point it starts with. */
export function volumeOf(dir: string, volumes: { mountPoint: string; availableBytes: number }[]): { mountPoint: string; availableBytes: number } | null {
  const norm = (p: string) => p.replace(/\\/g, '/').toLowerCase().replace(/\/*$/, '/');
  const target = norm(dir);
  return volumes.filter((v) => target.startsWith(norm(v.mountPoint))).sort((a, b) => b.mountPoint.length - a.mountPoint.length)[0] ?? null;
}

export function sqlServerUpgradeOps(ctx: DatabaseContext, o: { now?: () => Date } = {}): DatabaseUpgradeOps {
  const now = o.now ?? (() => new Date());
  const dbName = () => databaseLogin(ctx).then((l) => l.endpoint.database);

  /**
   * One connection (to the product's database, or master for a restore), closed after `fn`. At the step's
   * limit (`signal`) the statement under way is cancelled on the server (TDS ATTENTION) and the connection
   * closed: a BACKUP left running went on writing, its connection open, after the run had moved on.
   */
  async function session<T>(database: 'product' | 'master', what: string, fn: (pool: Requests, login: DatabaseLogin) => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const login = await databaseLogin(ctx);
    if (login.endpoint.integratedSecurity) {
      throw new UpgradeStepError('The connection string uses Integrated Security: this computer cannot log in as the product\'s service account, so it cannot back up the database. Give a SQL login in the profile, or back the database up by hand.');
    }
    const input = { endpoint: login.endpoint, password: login.password, connectTimeoutMs: ctx.settings.connectTimeoutMs, portGiven: login.portGiven };
    const base = probeConfig(input, database === 'master' ? 'master' : login.endpoint.database, [], () => undefined);
    const pool = new sql.ConnectionPool({ ...base, requestTimeout: LONG_STATEMENT_MS });
    pool.on('error', () => undefined);
    const live = new Set<sql.Request>();
    const requests: Requests = { request: () => { const r = pool.request(); live.add(r); return r; } };
    const cancel = () => {
      for (const r of live) r.cancel();
      void pool.close().catch(() => undefined);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await pool.connect();
      return await fn(requests, login);
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      if (e instanceof UpgradeStepError) throw e;
      throw new UpgradeStepError(`${what} failed on SQL Server ${login.endpoint.host}: ${cleanMessage(e, login.password)}`);
    } finally {
      signal?.removeEventListener('abort', cancel);
      await pool.close().catch(() => undefined);
    }
  }

  const withDb = (pool: Requests, db: string) => pool.request().input('db', sql.NVarChar(128), db);
  const withPath = (pool: Requests, db: string, path: string) => withDb(pool, db).input('path', sql.NVarChar(4000), path);

  async function sizeOf(pool: Requests, db: string, path: string): Promise<number | null> {
    return num((await withPath(pool, db, path).query<Row>(Q.backupSize)).recordset[0]?.bytes);
  }

  return {
    describe: (dir) => describeSqlServerBackup(ctx.profile, dir),

    preflight(dir) {
      return session('product', 'Reading the database\'s size and rights', async (pool, login) => {
        const db = login.endpoint.database;
        const perms = (await pool.request().query<Row>(SQLSERVER_QUERIES.permissions)).recordset[0];
        const sysadmin = Number(perms?.isSysadmin) === 1;
        const canChangeSchema = sysadmin || Number(perms?.isDbOwner) === 1;
        const databaseBytes = num((await withDb(pool, db).query<Row>(Q.databaseSize)).recordset[0]?.bytes);
        // Free space needs VIEW SERVER STATE; without it, it is unknown, not a failure.
        const volumes = await withDb(pool, db).query<Row>(Q.volumes).then(
          (r) => r.recordset.flatMap((v) => { const b = num(v.availableBytes); return typeof v.mountPoint === 'string' && b !== null ? [{ mountPoint: v.mountPoint, availableBytes: b }] : []; }),
          () => [],
        );
        const volume = volumeOf(dir, volumes);
        const rights = (await withDb(pool, db).query<Row>(Q.restoreRights)).recordset[0];
        const mayVerify = sysadmin || Number(rights?.mayCreateDatabase) === 1;
        const mayRestore = mayVerify || Number(rights?.ownsDatabase) === 1;
        const who = typeof perms?.loginName === 'string' ? perms.loginName : (login.endpoint.user ?? 'the login');
        const parts = [
          canChangeSchema ? `The login ${who} is db_owner of ${db}, so the product may upgrade its schema.` : `The login ${who} is not db_owner of ${db}: the product cannot upgrade its schema.`,
          `The database takes up to ${bytesText(databaseBytes)}.`,
          volume ? `${volume.mountPoint} on the database server, where ${dir} is, has ${bytesText(volume.availableBytes)} free.` : `SQL Server cannot tell the free space in ${dir} (it reports only the volumes holding the database's files): make sure it holds ${bytesText(databaseBytes)}.`,
        ];
        if (!mayVerify) parts.push('SQL Server lets only dbcreator or sysadmin verify a backup (RESTORE VERIFYONLY needs CREATE DATABASE): give the login dbcreator for the upgrade.');
        if (!mayRestore) parts.push(`A rollback could not restore ${db}: only its owner, dbcreator or sysadmin may.`);
        return { canChangeSchema, databaseBytes, freeBytes: volume?.availableBytes ?? null, detail: parts.join(' ') };
      });
    },

    async backup(dir, step) {
      const db = await dbName();
      const path = joinServerPath(dir, backupFileName(db, now(), 'bak'));
      return session('product', `Backing up ${db} to ${path}`, async (pool) => {
        await withPath(pool, db, path).query(Q.backup);
        const bytes = await sizeOf(pool, db, path);
        if (bytes === null) throw new UpgradeStepError(`SQL Server wrote the backup of ${db} to ${path} but keeps no record of its size in msdb: check it by hand before going on.`);
        return { path, nodeId: null, bytes } satisfies DatabaseBackupFile;
      }, step?.signal);
    },

    async verify(backup, step) {
      const db = await dbName();
      await session('product', `Verifying the backup ${backup.path}`, async (pool) => {
        await pool.request().input('path', sql.NVarChar(4000), backup.path).query(Q.verify);
        const bytes = await sizeOf(pool, db, backup.path);
        if (bytes !== backup.bytes) {
          throw new UpgradeStepError(`The backup ${backup.path} is ${bytesText(bytes)} now but was ${bytesText(backup.bytes)} when written: it changed or is not the same backup.`);
        }
      }, step?.signal);
    },

    // Not cancelled at its limit: a RESTORE cut short leaves the database RESTORING, unusable, where one
    // that runs long still ends with it whole and back in multi-user mode.
    async restore(backup) {
      const db = await dbName();
      await session('master', `Restoring ${db} from ${backup.path}`, async (pool, login) => {
        await withDb(pool, db).query(Q.singleUser);
        let failure: unknown = null;
        try {
          await withPath(pool, db, backup.path).query(Q.restore);
        } catch (e) {
          failure = e;
        }
        try {
          await withDb(pool, db).query(Q.multiUser);
        } catch (e) {
          const why = failure ? ` (the restore itself failed too: ${cleanMessage(failure, login.password)})` : '';
          throw new UpgradeStepError(`${db} was left in single-user mode${why}: run ALTER DATABASE [${db.replace(/]/g, ']]')}] SET MULTI_USER on the database server. ${cleanMessage(e, login.password)}`);
        }
        if (failure) throw failure;
      });
    },
  };
}
