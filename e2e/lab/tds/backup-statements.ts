/**
 * The TDS test server's side of an upgrade's database backup (electron/core/upgrade/sqlserver-backup-queries.ts):
 * BACKUP writes the database's part of the model (its record and the product's state, e.g. dbo.LabSettings)
 * to a real file at @path on this machine, RESTORE VERIFYONLY reads and checks it, RESTORE puts it back.
 * Failures carry SQL Server's numbers and words: 3201 when the device cannot be opened (a folder that does
 * not exist, no access), 3202 when the disk is full, 3241 for a damaged file, 3101 for a restore without
 * exclusive access. Stricter than SQL Server in one place: RESTORE needs the database in SINGLE_USER (SQL
 * Server needs only that no one else is in it), so the engine's single-user/multi-user dance is proven.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { SQLSERVER_BACKUP_QUERIES as Q } from '../../../electron/core/upgrade/sqlserver-backup-queries';
import { type TdsDatabase, type TdsModel, findDatabase, findLogin, isDbOwner, sameIdentifier } from './model';
import type { StatementContext, StatementOutcome } from './statement-types';
import { CurrentCommand, type ResultColumn, type ResultValue } from './token-writer';

type Handler = (context: StatementContext) => StatementOutcome;

const MAGIC = 'TDSTEST-BACKUP/1';
/** Model keys that describe the server, not a database: never in a backup, never replaced by a restore. */
const SERVER_KEYS = new Set(['serverVersion', 'edition', 'topology', 'serverCollation', 'logins', 'databases', 'volumes']);
const DEFAULT_DATA_BYTES = 8 * 1024 * 1024;

interface BackupBody {
  database: string;
  record: TdsDatabase;
  /** Every model key outside SERVER_KEYS (settings, and whatever the product's state grows to hold). */
  state: Record<string, unknown>;
}

const fail = (number: number, message: string, state = 1): StatementOutcome => ({ kind: 'error', error: { number, class: 16, state, message } });
const done: StatementOutcome = { kind: 'ok', resultSets: [], command: CurrentCommand.NONE };
const select = (columns: ResultColumn[], rows: ResultValue[][]): StatementOutcome => ({ kind: 'ok', resultSets: [{ columns, rows }], command: CurrentCommand.SELECT });
const nvarchar = (name: string, length = 128): ResultColumn => ({ name, type: 'nvarchar', length });
const int = (name: string): ResultColumn => ({ name, type: 'int' });

/** The string parameters a statement needs, or SQL Server's error for one never declared. */
function strings(context: StatementContext, names: string[]): string[] | StatementOutcome {
  const out: string[] = [];
  for (const name of names) {
    if (!context.parameters.has(name)) return fail(137, `Must declare the scalar variable "@${name}".`, 2);
    const value = context.parameters.get(name);
    out.push(Buffer.isBuffer(value) ? value.toString('utf16le') : String(value ?? ''));
  }
  return out;
}

function withStrings(names: string[], handle: (values: string[], context: StatementContext) => StatementOutcome): Handler {
  return (context) => {
    const values = strings(context, names);
    return Array.isArray(values) ? handle(values, context) : values;
  };
}

const missingDatabase = (name: string) => fail(911, `Database '${name}' does not exist. Make sure that the name is entered correctly.`);
const mayRestore = (model: TdsModel, login: string, db: TdsDatabase) => {
  const account = findLogin(model, login);
  return !!account?.sysadmin || !!account?.dbcreator || (db.owners[0] !== undefined && sameIdentifier(db.owners[0], login));
};
const mayVerify = (model: TdsModel, login: string) => !!findLogin(model, login)?.sysadmin || !!findLogin(model, login)?.dbcreator;

/** SQL Server's words for an operating system error on a backup device. */
function deviceError(path: string, error: unknown, reading: boolean): StatementOutcome {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOSPC') return fail(3202, `Write on "${path}" failed: 112(There is not enough space on the disk.)`);
  const os = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? '5(Access is denied.)'
    : reading && code === 'ENOENT' ? '2(The system cannot find the file specified.)'
    : code === 'ENOENT' || code === 'ENOTDIR' ? '3(The system cannot find the path specified.)'
    : `31(A device attached to the system is not functioning: ${code || 'unknown'}.)`;
  return fail(3201, `Cannot open backup device '${path}'. Operating system error ${os}.`);
}

/** The backup at `path`, read and checked, or SQL Server's error. */
function readBackup(path: string): BackupBody | StatementOutcome {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (e) {
    return deviceError(path, e, true);
  }
  const damaged = fail(3241, `The media family on device '${path}' is incorrectly formed. SQL Server cannot process this media family.`);
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return damaged;
  const [magic, hash] = bytes.subarray(0, newline).toString('utf8').split(' ');
  const body = bytes.subarray(newline + 1);
  if (magic !== MAGIC || hash !== createHash('sha256').update(body).digest('hex')) return damaged;
  try {
    return JSON.parse(body.toString('utf8')) as BackupBody;
  } catch {
    return damaged;
  }
}

const isOutcome = (v: unknown): v is StatementOutcome => typeof v === 'object' && v !== null && 'kind' in v && !('record' in v);

const backup = withStrings(['db', 'path'], ([name, path], { model, login }) => {
  const db = findDatabase(model, name!);
  if (!db) return missingDatabase(name!);
  if (!isDbOwner(model, login, db.name)) return fail(262, `BACKUP DATABASE permission denied in database '${db.name}'.`);
  const state = Object.fromEntries(Object.entries(model).filter(([k]) => !SERVER_KEYS.has(k)));
  const { userAccess: _ignored, ...record } = db;
  const body = Buffer.from(JSON.stringify({ database: db.name, record, state } satisfies BackupBody));
  const header = `${MAGIC} ${createHash('sha256').update(body).digest('hex')}\n`;
  try {
    // INIT: an existing file at the path is overwritten.
    fs.writeFileSync(path!, Buffer.concat([Buffer.from(header), body]), { flag: 'w' });
  } catch (e) {
    // A full disk fails after the file was opened: the partial file is removed (a device such as /dev/full is left alone).
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC') {
      try {
        if (fs.lstatSync(path!).isFile()) fs.unlinkSync(path!);
      } catch { /* already gone */ }
    }
    return deviceError(path!, e, false);
  }
  return done;
});

const backupSize = withStrings(['db', 'path'], ([name, path]) => {
  const read = readBackup(path!);
  if (isOutcome(read) || !sameIdentifier(read.database, name!)) return select([nvarchar('bytes', 30)], []);
  return select([nvarchar('bytes', 30)], [[String(fs.statSync(path!).size)]]);
});

const verify = withStrings(['path'], ([path], { model, login }) => {
  if (!mayVerify(model, login)) return fail(262, "CREATE DATABASE permission denied in database 'master'.");
  const read = readBackup(path!);
  return isOutcome(read) ? read : done;
});

function setUserAccess(access: 'SINGLE_USER' | 'MULTI_USER'): Handler {
  return withStrings(['db'], ([name], { model, login }) => {
    const db = findDatabase(model, name!);
    if (!db) return missingDatabase(name!);
    if (!isDbOwner(model, login, db.name)) return fail(5011, `User does not have permission to alter database '${db.name}', the database does not exist, or the database is not in a state that allows access checks.`);
    db.userAccess = access;
    return done;
  });
}

const restore = withStrings(['db', 'path'], ([name, path], { model, login, database }) => {
  const db = findDatabase(model, name!);
  if (!db) return missingDatabase(name!);
  if (!mayRestore(model, login, db)) return fail(3110, `User does not have permission to RESTORE database '${db.name}'.`);
  if (sameIdentifier(database, db.name) || db.userAccess !== 'SINGLE_USER') {
    return fail(3101, 'Exclusive access could not be obtained because the database is in use.');
  }
  const read = readBackup(path!);
  if (isOutcome(read)) return read;
  // The database keeps its name and its current user access (the engine sets MULTI_USER itself).
  Object.assign(db, read.record, { name: db.name, userAccess: db.userAccess });
  for (const key of Object.keys(model)) if (!SERVER_KEYS.has(key) && !(key in read.state)) delete (model as Record<string, unknown>)[key];
  Object.assign(model, read.state);
  return done;
});

const databaseSize = withStrings(['db'], ([name], { model }) => {
  const db = findDatabase(model, name!);
  return select([nvarchar('bytes', 20)], [[db ? String(db.dataBytes ?? DEFAULT_DATA_BYTES) : null]]);
});

const volumes = withStrings(['db'], ([name], { model }) => {
  const rows = findDatabase(model, name!) ? (model.volumes ?? []).map((v) => [v.mountPoint, String(v.availableBytes)]) : [];
  return select([nvarchar('mountPoint', 512), nvarchar('availableBytes', 20)], rows);
});

const restoreRights = withStrings(['db'], ([name], { model, login }) => {
  const db = findDatabase(model, name!);
  const account = findLogin(model, login);
  const owns = !!db && db.owners[0] !== undefined && sameIdentifier(db.owners[0], login);
  return select([int('mayCreateDatabase'), int('ownsDatabase')], db ? [[account?.sysadmin || account?.dbcreator ? 1 : 0, owns ? 1 : 0]] : []);
});

export const BACKUP_STATEMENTS: [string, Handler][] = [
  [Q.databaseSize, databaseSize],
  [Q.volumes, volumes],
  [Q.restoreRights, restoreRights],
  [Q.backup, backup],
  [Q.backupSize, backupSize],
  [Q.verify, verify],
  [Q.singleUser, setUserAccess('SINGLE_USER')],
  [Q.restore, restore],
  [Q.multiUser, setUserAccess('MULTI_USER')],
];
