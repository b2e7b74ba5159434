import { ByteReader } from './byte-reader';
import { type ParameterValue, readTypedValue } from './type-info';

/**
 * SQL_BATCH (MS-TDS 2.2.6.7) and RPC (2.2.6.6) request payloads. From TDS 7.2 both start with
 * ALL_HEADERS (transaction descriptor and the like), which this server reads past.
 */

export interface RpcParameter {
  /** Without the leading '@'; empty for positional parameters. */
  name: string;
  output: boolean;
  typeName: string;
  value: ParameterValue;
}

export interface RpcCall {
  /** The procedure's name, or the well-known procedure's name for a ProcID. */
  procedure: string;
  parameters: RpcParameter[];
}

/** ProcIDs a client may send instead of a name (MS-TDS 2.2.6.6). */
const SPECIAL_PROCEDURES: Record<number, string> = {
  1: 'sp_cursor',
  2: 'sp_cursoropen',
  3: 'sp_cursorprepare',
  4: 'sp_cursorexecute',
  5: 'sp_cursorprepexec',
  6: 'sp_cursorunprepare',
  7: 'sp_cursorfetch',
  8: 'sp_cursoroption',
  9: 'sp_cursorclose',
  10: 'sp_executesql',
  11: 'sp_prepare',
  12: 'sp_execute',
  13: 'sp_prepexec',
  14: 'sp_prepexecrpc',
  15: 'sp_unprepare',
};

const PROC_ID_MARKER = 0xffff;
const BY_REF_VALUE = 0x01;
/** Separators between several RPCs in one request: BatchFlag (7.2+) and NoExecFlag. */
const RPC_SEPARATORS = new Set([0xff, 0x80]);

function skipAllHeaders(reader: ByteReader): void {
  const totalLength = reader.uint32();
  if (totalLength < 4) throw new Error(`malformed ALL_HEADERS length ${totalLength}`);
  reader.skip(totalLength - 4);
}

export function parseSqlBatch(payload: Buffer, allHeaders: boolean): string {
  const reader = new ByteReader(payload);
  if (allHeaders) skipAllHeaders(reader);
  return reader.rest().toString('utf16le');
}

function readCall(reader: ByteReader): RpcCall {
  const nameLength = reader.uint16();
  let procedure: string;
  if (nameLength === PROC_ID_MARKER) {
    const id = reader.uint16();
    procedure = SPECIAL_PROCEDURES[id] ?? `procid:${id}`;
  } else {
    procedure = reader.bytes(nameLength * 2).toString('utf16le');
  }
  reader.uint16(); // option flags: WITH RECOMPILE and the like change nothing here

  const parameters: RpcParameter[] = [];
  while (reader.remaining() > 0) {
    const peek = payloadByteAt(reader);
    if (RPC_SEPARATORS.has(peek)) break;
    const name = reader.bVarchar().replace(/^@/, '');
    const status = reader.uint8();
    const { typeName, value } = readTypedValue(reader);
    parameters.push({ name, output: (status & BY_REF_VALUE) !== 0, typeName, value });
  }
  return { procedure, parameters };
}

function payloadByteAt(reader: ByteReader): number {
  const save = reader.offset;
  const value = reader.uint8();
  reader.offset = save;
  return value;
}

export function parseRpc(payload: Buffer, allHeaders: boolean): RpcCall[] {
  const reader = new ByteReader(payload);
  if (allHeaders) skipAllHeaders(reader);
  const calls: RpcCall[] = [readCall(reader)];
  while (reader.remaining() > 0) {
    reader.uint8(); // separator
    if (reader.remaining() === 0) break;
    calls.push(readCall(reader));
  }
  return calls;
}

/** The procedure name without schema or brackets, lower-cased: 'sys.[sp_executesql]' → 'sp_executesql'. */
export function bareProcedureName(procedure: string): string {
  const last = procedure.split('.').pop() ?? procedure;
  return last.replace(/^\[|\]$/g, '').toLowerCase();
}
