import { SQLSERVER_QUERIES } from '../../../electron/core/database/sqlserver-queries';
import { STAND_IN_SQLSERVER_QUERIES } from '../stand-in/product-queries';
import { findDatabase, findLogin, isDbOwner } from './model';
import { CurrentCommand, type ResultColumn, type ResultValue } from './token-writer';
import type { StatementContext, StatementOutcome } from './statement-types';
import { SESSION_SETUP_STATEMENTS } from './session-setup';
import { BACKUP_STATEMENTS } from './backup-statements';

/**
 * The statements this server knows, matched by exact text (after trimming and collapsing
 * whitespace runs), and their answers computed from the model. There is no query engine: any
 * other text is an error, so a statement added to the engine without a matching answer here
 * fails loudly in the lab instead of being half-understood.
 */

export type { ResultSet, StatementContext, StatementError, StatementOutcome } from './statement-types';

type StatementHandler = (context: StatementContext) => StatementOutcome;

export function normalizeStatement(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

const SYSNAME = 128;
const nvarchar = (name: string, length = SYSNAME): ResultColumn => ({ name, type: 'nvarchar', length });
const int = (name: string): ResultColumn => ({ name, type: 'int' });

function select(columns: ResultColumn[], rows: ResultValue[][]): StatementOutcome {
  return { kind: 'ok', resultSets: [{ columns, rows }], command: CurrentCommand.SELECT };
}

const noResult: StatementOutcome = { kind: 'ok', resultSets: [], command: CurrentCommand.NONE };

function fail(number: number, klass: number, message: string, state = 1): StatementOutcome {
  return { kind: 'error', error: { number, class: klass, state, message } };
}

/** A string parameter, or the error SQL Server gives when it was never declared. */
function stringParameter(context: StatementContext, name: string): string | null | StatementOutcome {
  if (!context.parameters.has(name)) return fail(137, 15, `Must declare the scalar variable "@${name}".`, 2);
  const value = context.parameters.get(name);
  if (value === null || value === undefined) return null;
  return Buffer.isBuffer(value) ? value.toString('utf16le') : String(value);
}

function isOutcome(value: unknown): value is StatementOutcome {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

/** Wraps a handler of one @db-style string parameter. */
function withString(name: string, handle: (value: string | null, context: StatementContext) => StatementOutcome): StatementHandler {
  return (context) => {
    const value = stringParameter(context, name);
    return isOutcome(value) ? value : handle(value, context);
  };
}

const serverInfo: StatementHandler = ({ model }) =>
  select(
    [nvarchar('productVersion'), nvarchar('edition'), int('isClustered'), int('isHadrEnabled'), nvarchar('serverCollation')],
    [[model.serverVersion, model.edition, model.topology === 'failover-cluster' ? 1 : 0, model.topology === 'always-on' ? 1 : 0, model.serverCollation]],
  );

const databaseRow = withString('db', (name, { model }) => {
  const db = name === null ? undefined : findDatabase(model, name);
  const columns = [nvarchar('name'), nvarchar('collationName'), nvarchar('recoveryModel', 60), nvarchar('state', 60)];
  return select(columns, db ? [[db.name, db.collation, db.recoveryModel, db.state]] : []);
});

const availabilityGroup = withString('db', (name, { model }) => {
  const db = name === null ? undefined : findDatabase(model, name);
  const inGroup = model.topology === 'always-on' && db?.availabilityGroup;
  return select([nvarchar('groupName')], inGroup ? [[db.availabilityGroup ?? null]] : []);
});

const mirroring = withString('db', (name, { model }) => {
  const db = name === null ? undefined : findDatabase(model, name);
  // sys.database_mirroring has a row for every database, all NULLs when it is not mirrored.
  const mirrored = model.topology === 'mirroring';
  const rows: ResultValue[][] = db ? [[mirrored ? 'SYNCHRONIZED' : null, mirrored ? 'PRINCIPAL' : null]] : [];
  return select([nvarchar('mirroringState', 60), nvarchar('mirroringRole', 60)], rows);
});

const permissions: StatementHandler = ({ model, login, database }) => {
  const account = findLogin(model, login);
  return select(
    [int('isDbOwner'), int('isSysadmin'), nvarchar('loginName')],
    [[isDbOwner(model, login, database) ? 1 : 0, account?.sysadmin ? 1 : 0, account?.name ?? login]],
  );
};

const ping: StatementHandler = () => select([int('ok')], [[1]]);
const selectOneUnnamed: StatementHandler = () => select([int('')], [[1]]);

const listSettings: StatementHandler = ({ model }) => {
  const names = Object.keys(model.settings).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return select([nvarchar('name', 256), nvarchar('value', 4000)], names.map((n) => [n, model.settings[n] ?? null]));
};

const setSetting: StatementHandler = (context) => {
  const name = stringParameter(context, 'name');
  if (isOutcome(name)) return name;
  const value = stringParameter(context, 'value');
  if (isOutcome(value)) return value;
  if (name === null || value === null) {
    const column = name === null ? 'name' : 'value';
    return fail(515, 16, `Cannot insert the value NULL into column '${column}', table 'dbo.LabSettings'; column does not allow nulls. INSERT fails.`, 2);
  }
  context.model.settings[name] = value;
  return { kind: 'ok', resultSets: [], rowsAffected: 1, command: CurrentCommand.MERGE };
};

/** dbo.LabSchema lives in the connection's current database. */
function schemaHandler(write: 'init' | 'set' | null): StatementHandler {
  return (context) => {
    const db = findDatabase(context.model, context.database);
    if (!db) return fail(208, 16, "Invalid object name 'dbo.LabSchema'.");
    if (!write) return select([int('version')], db.schemaVersion === undefined ? [] : [[db.schemaVersion]]);
    if (!context.parameters.has('version')) return fail(137, 15, 'Must declare the scalar variable "@version".', 2);
    const value = Number(context.parameters.get('version'));
    if (!Number.isInteger(value)) return fail(245, 16, 'Conversion failed: @version is not an int.');
    if (write === 'init' && db.schemaVersion !== undefined) return noResult;
    db.schemaVersion = value;
    return { kind: 'ok', resultSets: [], rowsAffected: 1, command: CurrentCommand.NONE };
  };
}

const KNOWN_STATEMENTS: [string, StatementHandler][] = [
  [SQLSERVER_QUERIES.serverInfo, serverInfo],
  [SQLSERVER_QUERIES.database, databaseRow],
  [SQLSERVER_QUERIES.availabilityGroup, availabilityGroup],
  [SQLSERVER_QUERIES.mirroring, mirroring],
  [SQLSERVER_QUERIES.permissions, permissions],
  [SQLSERVER_QUERIES.ping, ping],
  [STAND_IN_SQLSERVER_QUERIES.ping, ping],
  [STAND_IN_SQLSERVER_QUERIES.listSettings, listSettings],
  [STAND_IN_SQLSERVER_QUERIES.setSetting, setSetting],
  ...BACKUP_STATEMENTS,
  [STAND_IN_SQLSERVER_QUERIES.readSchema, schemaHandler(null)],
  [STAND_IN_SQLSERVER_QUERIES.initSchema, schemaHandler('init')],
  [STAND_IN_SQLSERVER_QUERIES.setSchema, schemaHandler('set')],
  // mssql's pool validates a connection with this before lending it out.
  ['SELECT 1;', selectOneUnnamed],
  ['SELECT 1', selectOneUnnamed],
  ...SESSION_SETUP_STATEMENTS.map((text): [string, StatementHandler] => [text, () => noResult]),
];

const HANDLERS = new Map(KNOWN_STATEMENTS.map(([text, handler]) => [normalizeStatement(text), handler]));

export const UNKNOWN_STATEMENT_ERROR = 50000;

/** Answers a statement, or the loud 50000 error for text this server does not know. */
export function runStatement(text: string, context: StatementContext): StatementOutcome {
  const handler = HANDLERS.get(normalizeStatement(text));
  if (!handler) return fail(UNKNOWN_STATEMENT_ERROR, 16, `TDS test server: unknown statement: ${normalizeStatement(text).slice(0, 200)}`);
  return handler(context);
}

export function isKnownStatement(text: string): boolean {
  return HANDLERS.has(normalizeStatement(text));
}
