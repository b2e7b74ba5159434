import type * as net from 'node:net';
import type * as tls from 'node:tls';
import { collationBytes } from './collation';
import { answerLogin } from './login-response';
import { TdsVersion, hasAllHeaders, parseLogin7 } from './login7';
import { type TdsModel } from './model';
import { DEFAULT_PACKET_SIZE, PacketReader, PacketStatus, PacketType, type TdsMessage, framePackets } from './packet';
import { Encrypt, buildPreloginResponse, chooseEncryption, parsePrelogin } from './prelogin';
import { type RpcCallOutcome, type ResponseContext, batchResponse, doneOnly, rpcResponse } from './response-writer';
import { type RpcCall, bareProcedureName, parseRpc, parseSqlBatch } from './request-parser';
import { type StatementOutcome, UNKNOWN_STATEMENT_ERROR, normalizeStatement, runStatement } from './statements';
import { TdsTlsChannel } from './tls-channel';
import { DoneStatus } from './token-writer';
import { type ParameterValue } from './type-info';

/** What a connection needs from the server that owns it. */
export interface SessionHost {
  model(): TdsModel;
  tlsContext: tls.SecureContext | undefined;
  serverName: string;
  /** Delay before each request's answer; lets tests exercise timeouts and ATTENTION. */
  responseDelayMs: number;
  /** A delay for the answers to statements matching `match` only (a long BACKUP, while the login is quick). */
  slowStatement?: { match: RegExp; delayMs: number };
  log(line: string): void;
  recordStatement(text: string): void;
}

type Phase = 'prelogin' | 'login' | 'ready' | 'closed';

function unsupported(message: string): StatementOutcome {
  return { kind: 'error', error: { number: UNKNOWN_STATEMENT_ERROR, class: 16, state: 1, message: `TDS test server: ${message}` } };
}

/** One client connection: PRELOGIN, optional TLS, LOGIN7, then requests one at a time. */
export class TdsSession {
  private phase: Phase = 'prelogin';
  private readonly plainReader = new PacketReader((message) => this.receive(message));
  private inbound: (chunk: Buffer) => void = (chunk) => this.plainReader.push(chunk);
  private tlsChannel: TdsTlsChannel | undefined;
  /** Encryption ON: everything after the handshake is TLS. OFF: only LOGIN7 is. */
  private encryptAll = false;
  private tlsUse: 'none' | 'login only' | 'all traffic' = 'none';
  private packetSize = DEFAULT_PACKET_SIZE;
  private tdsVersion: number = TdsVersion.V7_4;
  private login = '';
  private database = '';
  private collation = collationBytes('SQL_Latin1_General_CP1_CI_AS');
  private pendingAnswer: NodeJS.Timeout | undefined;
  /** The request being answered ran a statement the host answers slowly. */
  private slowAnswer = false;
  private readonly queued: TdsMessage[] = [];

  constructor(
    private readonly socket: net.Socket,
    private readonly host: SessionHost,
    private readonly spid: number,
  ) {
    socket.on('data', (chunk: Buffer) => this.guard(() => this.inbound(chunk)));
    socket.on('error', (error) => host.log(`spid ${spid}: socket error: ${error.message}`));
    socket.on('close', () => this.dispose());
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.host.log(`spid ${this.spid}: protocol error, closing: ${(error as Error).message}`);
      this.close();
    }
  }

  private receive(message: TdsMessage): void {
    if (this.phase === 'prelogin') this.onPrelogin(message);
    else if (this.phase === 'login') this.onLogin(message);
    else if (this.phase === 'ready') this.onRequest(message);
  }

  private onPrelogin(message: TdsMessage): void {
    if (message.type !== PacketType.PRELOGIN) throw new Error(`expected PRELOGIN, got packet type 0x${message.type.toString(16)}`);
    const request = parsePrelogin(message.payload);
    const encryption = chooseEncryption(request.encryption, this.host.tlsContext !== undefined);
    this.host.log(`spid ${this.spid}: prelogin client encryption=${request.encryption ?? 'none'} answer=${encryption}`);
    const response = buildPreloginResponse({ serverVersion: this.host.model().serverVersion, encryption, includeFedAuthRequired: request.askedFedAuthRequired });
    this.send(PacketType.TABULAR_RESULT, response);
    this.phase = 'login';
    if (encryption === Encrypt.ON || encryption === Encrypt.OFF) {
      this.inbound = (chunk) => this.routeFirstLoginBytes(chunk, encryption === Encrypt.ON);
    }
  }

  /** After PRELOGIN the client either starts a TLS handshake (PRELOGIN packets) or sends LOGIN7. */
  private routeFirstLoginBytes(chunk: Buffer, encryptAll: boolean): void {
    const context = this.host.tlsContext;
    if (chunk[0] === PacketType.PRELOGIN && context) {
      const cleartextReader = new PacketReader((message) => this.guard(() => this.receive(message)));
      this.tlsChannel = new TdsTlsChannel({
        secureContext: context,
        writeRaw: (bytes) => this.socket.write(bytes),
        onCleartext: (bytes) => this.guard(() => cleartextReader.push(bytes)),
        onError: (error) => {
          this.host.log(`spid ${this.spid}: TLS error: ${error.message}`);
          this.close();
        },
      });
      this.encryptAll = encryptAll;
      this.tlsUse = encryptAll ? 'all traffic' : 'login only';
      const channel = this.tlsChannel;
      this.inbound = (bytes) => channel.receiveRaw(bytes);
      channel.receiveRaw(chunk);
      return;
    }
    if (encryptAll) throw new Error('encryption was agreed but the client did not start TLS');
    this.inbound = (bytes) => this.plainReader.push(bytes);
    this.plainReader.push(chunk);
  }

  private onLogin(message: TdsMessage): void {
    if (message.type !== PacketType.LOGIN7) throw new Error(`expected LOGIN7, got packet type 0x${message.type.toString(16)}`);
    if (this.tlsChannel && !this.encryptAll) {
      // Login-only encryption: the client dropped TLS after this packet, and so do we.
      this.tlsChannel.detach();
      this.tlsChannel = undefined;
      this.inbound = (bytes) => this.plainReader.push(bytes);
    }
    const request = parseLogin7(message.payload);
    const outcome = answerLogin(request, this.host.model(), this.host.serverName);
    const who = `user=${request.userName} database=${request.database || '(default)'} app=${request.appName}`;
    if (!outcome.ok) {
      this.host.log(`spid ${this.spid}: login failed (${outcome.reason}): ${who}`);
      this.phase = 'closed';
      this.send(PacketType.TABULAR_RESULT, outcome.payload, () => this.close());
      return;
    }
    this.host.log(`spid ${this.spid}: login ok: ${who} tds=0x${outcome.tdsVersion.toString(16)} tls=${this.tlsUse}`);
    this.login = outcome.login;
    this.database = outcome.database;
    this.collation = outcome.collation;
    this.tdsVersion = outcome.tdsVersion;
    this.send(PacketType.TABULAR_RESULT, outcome.payload);
    this.packetSize = outcome.packetSize;
    this.phase = 'ready';
  }

  private onRequest(message: TdsMessage): void {
    if (message.type === PacketType.ATTENTION) {
      this.onAttention();
      return;
    }
    if (this.pendingAnswer) {
      this.queued.push(message);
      return;
    }
    const wide = hasAllHeaders(this.tdsVersion);
    if ((message.lastStatus & PacketStatus.IGNORE) !== 0) {
      // The client abandoned this request while sending it; it still reads one answer.
      this.answer(doneOnly(wide, DoneStatus.FINAL));
      return;
    }
    const reset = (message.firstStatus & (PacketStatus.RESET_CONNECTION | PacketStatus.RESET_CONNECTION_SKIP_TRAN)) !== 0;
    const context: ResponseContext = { wide, collation: this.collation, serverName: this.host.serverName };
    if (message.type === PacketType.SQL_BATCH) {
      let outcome: StatementOutcome;
      try {
        outcome = this.execute(parseSqlBatch(message.payload, wide), new Map());
      } catch (error) {
        outcome = unsupported(`could not read SQL batch: ${(error as Error).message}`);
      }
      this.answer(batchResponse(outcome, context, reset));
    } else if (message.type === PacketType.RPC) {
      let calls: RpcCallOutcome[];
      try {
        calls = parseRpc(message.payload, wide).map((call) => ({ procedure: call.procedure, outcome: this.executeRpc(call) }));
      } catch (error) {
        calls = [{ procedure: 'sp_executesql', outcome: unsupported(`could not read RPC: ${(error as Error).message}`) }];
      }
      this.answer(rpcResponse(calls, context, reset));
    } else {
      this.host.log(`spid ${this.spid}: unsupported request type 0x${message.type.toString(16)}`);
      this.answer(batchResponse(unsupported(`unsupported request type 0x${message.type.toString(16)}`), context, reset));
    }
  }

  private executeRpc(call: RpcCall): StatementOutcome {
    if (bareProcedureName(call.procedure) !== 'sp_executesql') {
      this.host.recordStatement(`EXEC ${call.procedure}`);
      this.host.log(`spid ${this.spid}: unknown procedure: ${call.procedure}`);
      return unsupported(`unknown procedure: ${call.procedure}`);
    }
    // sp_executesql: the statement first, the parameter declarations second, then the values.
    const [statement, , ...values] = call.parameters;
    if (typeof statement?.value !== 'string') return unsupported('sp_executesql without a statement');
    return this.execute(statement.value, new Map(values.map((p) => [p.name.toLowerCase(), p.value])));
  }

  private execute(text: string, parameters: ReadonlyMap<string, ParameterValue>): StatementOutcome {
    this.host.recordStatement(normalizeStatement(text));
    if (this.host.slowStatement?.match.test(text)) this.slowAnswer = true;
    const outcome = runStatement(text, {
      model: this.host.model(),
      login: this.login,
      database: this.database,
      parameters,
    });
    if (outcome.kind === 'error' && outcome.error.number === UNKNOWN_STATEMENT_ERROR) this.host.log(`spid ${this.spid}: ${outcome.error.message}`);
    return outcome;
  }

  /** ATTENTION: drop an answer still being "worked on", then acknowledge in a message of its own. */
  private onAttention(): void {
    const wide = hasAllHeaders(this.tdsVersion);
    if (this.pendingAnswer) {
      clearTimeout(this.pendingAnswer);
      this.pendingAnswer = undefined;
      this.send(PacketType.TABULAR_RESULT, doneOnly(wide, DoneStatus.FINAL));
    }
    this.host.log(`spid ${this.spid}: attention acknowledged`);
    this.send(PacketType.TABULAR_RESULT, doneOnly(wide, DoneStatus.ATTN));
    this.drainQueue();
  }

  private answer(payload: Buffer): void {
    const delay = Math.max(this.host.responseDelayMs, this.slowAnswer ? this.host.slowStatement!.delayMs : 0);
    this.slowAnswer = false;
    if (delay <= 0) {
      this.send(PacketType.TABULAR_RESULT, payload);
      return;
    }
    this.pendingAnswer = setTimeout(() => {
      this.pendingAnswer = undefined;
      this.send(PacketType.TABULAR_RESULT, payload);
      this.drainQueue();
    }, delay);
  }

  private drainQueue(): void {
    while (!this.pendingAnswer && this.queued.length > 0 && this.phase === 'ready') {
      const next = this.queued.shift();
      if (next) this.guard(() => this.onRequest(next));
    }
  }

  private send(type: number, payload: Buffer, then?: () => void): void {
    if (this.socket.destroyed) return;
    const bytes = framePackets(type, payload, this.packetSize, this.spid);
    if (this.encryptAll && this.tlsChannel) this.tlsChannel.writeCleartext(bytes, then);
    else this.socket.write(bytes, () => then?.());
  }

  close(): void {
    this.phase = 'closed';
    if (!this.socket.destroyed) this.socket.end();
  }

  /** Forcefully: used when the server shuts down. */
  destroy(): void {
    this.dispose();
    this.socket.destroy();
  }

  private dispose(): void {
    this.phase = 'closed';
    if (this.pendingAnswer) clearTimeout(this.pendingAnswer);
    this.pendingAnswer = undefined;
    this.tlsChannel?.destroy();
    this.tlsChannel = undefined;
  }
}
