import { type StatementError, type StatementOutcome } from './statements';
import { CurrentCommand, DoneStatus, EnvChangeType, TokenType, TokenWriter } from './token-writer';

/**
 * Turns statement outcomes into the token sequences SQL Server sends: a SQL batch ends each
 * statement with DONE; an RPC (sp_executesql) ends each inner statement with DONEINPROC, then
 * RETURNSTATUS and DONEPROC for the procedure itself.
 */

export interface ResponseContext {
  wide: boolean;
  collation: Buffer;
  serverName: string;
}

function errorToken(writer: TokenWriter, error: StatementError, context: ResponseContext, procName = ''): void {
  writer.error({ ...error, serverName: context.serverName, procName, line: 1 });
}

/** Result sets and row counts of one successful statement; every DONE-like token but the last says MORE. */
function writeResults(writer: TokenWriter, outcome: Extract<StatementOutcome, { kind: 'ok' }>, context: ResponseContext, doneToken: number, more: boolean): void {
  const last = outcome.resultSets.length - 1;
  outcome.resultSets.forEach((set, index) => {
    writer.colMetadata(set.columns, context.collation);
    for (const row of set.rows) writer.row(set.columns, row);
    const hasMore = more || index < last || outcome.rowsAffected !== undefined;
    writer.done(doneToken, DoneStatus.COUNT | (hasMore ? DoneStatus.MORE : 0), CurrentCommand.SELECT, set.rows.length);
  });
  if (outcome.rowsAffected !== undefined) {
    writer.done(doneToken, DoneStatus.COUNT | (more ? DoneStatus.MORE : 0), outcome.command, outcome.rowsAffected);
  } else if (outcome.resultSets.length === 0) {
    writer.done(doneToken, more ? DoneStatus.MORE : DoneStatus.FINAL, outcome.command, 0);
  }
}

export function batchResponse(outcome: StatementOutcome, context: ResponseContext, resetAcknowledged: boolean): Buffer {
  const writer = new TokenWriter(context.wide);
  if (resetAcknowledged) acknowledgeReset(writer);
  if (outcome.kind === 'error') {
    errorToken(writer, outcome.error, context);
    writer.done(TokenType.DONE, DoneStatus.ERROR, CurrentCommand.NONE, 0);
  } else {
    writeResults(writer, outcome, context, TokenType.DONE, false);
  }
  return writer.toBuffer();
}

export interface RpcCallOutcome {
  procedure: string;
  outcome: StatementOutcome;
}

export function rpcResponse(calls: RpcCallOutcome[], context: ResponseContext, resetAcknowledged: boolean): Buffer {
  const writer = new TokenWriter(context.wide);
  if (resetAcknowledged) acknowledgeReset(writer);
  calls.forEach(({ procedure, outcome }, index) => {
    const moreCalls = index < calls.length - 1;
    if (outcome.kind === 'error') {
      errorToken(writer, outcome.error, context, procedure === 'sp_executesql' ? '' : procedure);
      writer.returnStatus(outcome.error.class >= 11 ? 1 : 0);
      writer.done(TokenType.DONEPROC, DoneStatus.ERROR | (moreCalls ? DoneStatus.MORE : 0), CurrentCommand.NONE, 0);
      return;
    }
    writeResults(writer, outcome, context, TokenType.DONEINPROC, true);
    writer.returnStatus(0);
    writer.done(TokenType.DONEPROC, moreCalls ? DoneStatus.MORE : DoneStatus.FINAL, CurrentCommand.NONE, 0);
  });
  return writer.toBuffer();
}

/** The ENVCHANGE SQL Server sends when a request carried the RESETCONNECTION status bit. */
function acknowledgeReset(writer: TokenWriter): void {
  writer.envChangeBytes(EnvChangeType.RESET_CONNECTION, Buffer.alloc(0), Buffer.alloc(0));
}

/** One DONE token on its own: the answer to ATTENTION (with ATTN) or to an ignored request. */
export function doneOnly(wide: boolean, status: number): Buffer {
  return new TokenWriter(wide).done(TokenType.DONE, status, CurrentCommand.NONE, 0).toBuffer();
}
