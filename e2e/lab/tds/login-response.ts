import { collationBytes } from './collation';
import { type Login7Request, hasAllHeaders, negotiateTdsVersion } from './login7';
import { type TdsModel, findDatabase, findLogin, mayOpenDatabase } from './model';
import { DEFAULT_PACKET_SIZE } from './packet';
import { CurrentCommand, DoneStatus, EnvChangeType, TokenType, TokenWriter } from './token-writer';

/**
 * The server's answer to LOGIN7, with the tokens in the order SQL Server sends them on success:
 * ENVCHANGE database, INFO 5701, ENVCHANGE collation, ENVCHANGE language, INFO 5703, LOGINACK,
 * ENVCHANGE packet size, DONE.
 */

export type LoginOutcome =
  | { ok: true; login: string; database: string; tdsVersion: number; packetSize: number; collation: Buffer; payload: Buffer }
  | { ok: false; reason: string; payload: Buffer };

const PROGRAM_NAME = 'Microsoft SQL Server';
const LANGUAGE = 'us_english';
const MIN_PACKET_SIZE = 512;
const MAX_PACKET_SIZE = 32767;

function negotiatePacketSize(requested: number): number {
  if (!requested) return DEFAULT_PACKET_SIZE;
  return Math.min(Math.max(requested, MIN_PACKET_SIZE), MAX_PACKET_SIZE);
}

function failure(writer: TokenWriter, serverName: string, errors: { number: number; class: number; message: string }[], reason: string): LoginOutcome {
  for (const e of errors) writer.error({ ...e, state: 1, serverName, line: 1 });
  writer.done(TokenType.DONE, DoneStatus.ERROR, CurrentCommand.NONE, 0);
  return { ok: false, reason, payload: writer.toBuffer() };
}

export function answerLogin(request: Login7Request, model: TdsModel, serverName: string): LoginOutcome {
  const tdsVersion = negotiateTdsVersion(request.tdsVersion);
  const writer = new TokenWriter(hasAllHeaders(tdsVersion));
  const loginFailed = { number: 18456, class: 14, message: `Login failed for user '${request.userName}'.` };

  const account = findLogin(model, request.userName);
  if (request.integratedSecurity || !account || account.password !== request.password) {
    const reason = request.integratedSecurity ? 'integrated security is not offered' : !account ? 'no such login' : 'wrong password';
    return failure(writer, serverName, [loginFailed], reason);
  }

  const database = request.database || 'master';
  if (!mayOpenDatabase(model, account.name, database)) {
    // SQL Server reports the database first, then the generic login failure.
    const cannotOpen = { number: 4060, class: 11, message: `Cannot open database "${database}" requested by the login. The login failed.` };
    return failure(writer, serverName, [cannotOpen, loginFailed], `may not open database ${database}`);
  }

  const db = findDatabase(model, database);
  const databaseName = db?.name ?? database;
  const collation = collationBytes(db?.collation ?? model.serverCollation);
  const packetSize = negotiatePacketSize(request.packetSize);
  writer
    .envChange(EnvChangeType.DATABASE, databaseName, 'master')
    .info({ number: 5701, state: 2, class: 0, message: `Changed database context to '${databaseName}'.`, serverName, line: 1 })
    .envChangeBytes(EnvChangeType.SQL_COLLATION, collation, Buffer.alloc(0))
    .envChange(EnvChangeType.LANGUAGE, LANGUAGE, '')
    .info({ number: 5703, state: 1, class: 0, message: `Changed language setting to ${LANGUAGE}.`, serverName, line: 1 })
    .loginAck(tdsVersion, PROGRAM_NAME, model.serverVersion)
    .envChange(EnvChangeType.PACKET_SIZE, String(packetSize), String(DEFAULT_PACKET_SIZE))
    .done(TokenType.DONE, DoneStatus.FINAL, CurrentCommand.NONE, 0);
  return { ok: true, login: account.name, database: databaseName, tdsVersion, packetSize, collation, payload: writer.toBuffer() };
}
