/**
 * Builds the token stream of a TABULAR_RESULT message (MS-TDS 2.2.7). Strings are UCS-2; the
 * "B_VARCHAR"/"US_VARCHAR" prefixes count characters, not bytes.
 */

export const TokenType = {
  RETURNSTATUS: 0x79,
  COLMETADATA: 0x81,
  ERROR: 0xaa,
  INFO: 0xab,
  LOGINACK: 0xad,
  ROW: 0xd1,
  ENVCHANGE: 0xe3,
  DONE: 0xfd,
  DONEPROC: 0xfe,
  DONEINPROC: 0xff,
} as const;

export const DoneStatus = {
  FINAL: 0x00,
  MORE: 0x01,
  ERROR: 0x02,
  COUNT: 0x10,
  ATTN: 0x20,
} as const;

/** The CurCmd SQL Server puts in DONE tokens for the statements this server answers. */
export const CurrentCommand = { NONE: 0x00, SELECT: 0xc1, MERGE: 0x117, SET: 0xb9 } as const;

export const EnvChangeType = {
  DATABASE: 1,
  LANGUAGE: 2,
  PACKET_SIZE: 4,
  SQL_COLLATION: 7,
  RESET_CONNECTION: 18,
} as const;

const TdsDataType = { INTN: 0x26, NVARCHAR: 0xe7 } as const;
const COLUMN_NULLABLE = 0x0001;

export type ResultColumn = { name: string; type: 'nvarchar'; length: number } | { name: string; type: 'int' };
export type ResultValue = string | number | null;

export interface ServerMessage {
  number: number;
  state: number;
  class: number;
  message: string;
  serverName: string;
  procName?: string;
  line: number;
}

function ucs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

function bVarchar(text: string): Buffer {
  const body = ucs2(text.slice(0, 255));
  return Buffer.concat([Buffer.from([body.length / 2]), body]);
}

function usVarchar(text: string): Buffer {
  const body = ucs2(text.slice(0, 0xfffe));
  const length = Buffer.alloc(2);
  length.writeUInt16LE(body.length / 2);
  return Buffer.concat([length, body]);
}

function bVarbyte(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

/** A token whose body is prefixed by its USHORT byte length. */
function lengthPrefixed(type: number, body: Buffer): Buffer {
  const header = Buffer.alloc(3);
  header.writeUInt8(type, 0);
  header.writeUInt16LE(body.length, 1);
  return Buffer.concat([header, body]);
}

export class TokenWriter {
  private readonly parts: Buffer[] = [];

  /** wide: TDS 7.2+, where DONE row counts take 8 bytes and UserType 4. */
  constructor(private readonly wide: boolean) {}

  loginAck(tdsVersion: number, programName: string, serverVersion: string): this {
    const [major = 0, minor = 0, build = 0] = serverVersion.split('.').map(Number);
    const fixed = Buffer.alloc(5);
    fixed.writeUInt8(1, 0); // interface: SQL_TSQL
    fixed.writeUInt32BE(tdsVersion, 1);
    const version = Buffer.from([major & 0xff, minor & 0xff, (build >> 8) & 0xff, build & 0xff]);
    this.parts.push(lengthPrefixed(TokenType.LOGINACK, Buffer.concat([fixed, bVarchar(programName), version])));
    return this;
  }

  envChange(type: number, newValue: string, oldValue: string): this {
    this.parts.push(lengthPrefixed(TokenType.ENVCHANGE, Buffer.concat([Buffer.from([type]), bVarchar(newValue), bVarchar(oldValue)])));
    return this;
  }

  envChangeBytes(type: number, newValue: Buffer, oldValue: Buffer): this {
    this.parts.push(lengthPrefixed(TokenType.ENVCHANGE, Buffer.concat([Buffer.from([type]), bVarbyte(newValue), bVarbyte(oldValue)])));
    return this;
  }

  info(message: ServerMessage): this {
    return this.message(TokenType.INFO, message);
  }

  error(message: ServerMessage): this {
    return this.message(TokenType.ERROR, message);
  }

  done(token: number, status: number, currentCommand: number, rowCount: number): this {
    const body = Buffer.alloc(this.wide ? 13 : 9);
    body.writeUInt8(token, 0);
    body.writeUInt16LE(status, 1);
    body.writeUInt16LE(currentCommand, 3);
    if (this.wide) body.writeBigUInt64LE(BigInt(rowCount), 5);
    else body.writeUInt32LE(rowCount, 5);
    this.parts.push(body);
    return this;
  }

  returnStatus(value: number): this {
    const body = Buffer.alloc(5);
    body.writeUInt8(TokenType.RETURNSTATUS, 0);
    body.writeInt32LE(value, 1);
    this.parts.push(body);
    return this;
  }

  colMetadata(columns: ResultColumn[], collation: Buffer): this {
    const count = Buffer.alloc(3);
    count.writeUInt8(TokenType.COLMETADATA, 0);
    count.writeUInt16LE(columns.length, 1);
    this.parts.push(count);
    for (const column of columns) {
      const head = Buffer.alloc(this.wide ? 6 : 4);
      // UserType 0, then flags: every column this server returns may be NULL.
      head.writeUInt16LE(COLUMN_NULLABLE, this.wide ? 4 : 2);
      this.parts.push(head, this.typeInfo(column, collation), bVarchar(column.name));
    }
    return this;
  }

  row(columns: ResultColumn[], values: ResultValue[]): this {
    this.parts.push(Buffer.from([TokenType.ROW]));
    columns.forEach((column, index) => this.parts.push(this.value(column, values[index] ?? null)));
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }

  private message(type: number, m: ServerMessage): this {
    const fixed = Buffer.alloc(6);
    fixed.writeInt32LE(m.number, 0);
    fixed.writeUInt8(m.state, 4);
    fixed.writeUInt8(m.class, 5);
    const line = Buffer.alloc(this.wide ? 4 : 2);
    if (this.wide) line.writeInt32LE(m.line);
    else line.writeUInt16LE(m.line);
    const body = Buffer.concat([fixed, usVarchar(m.message), bVarchar(m.serverName), bVarchar(m.procName ?? ''), line]);
    this.parts.push(lengthPrefixed(type, body));
    return this;
  }

  private typeInfo(column: ResultColumn, collation: Buffer): Buffer {
    if (column.type === 'int') return Buffer.from([TdsDataType.INTN, 4]);
    const info = Buffer.alloc(3);
    info.writeUInt8(TdsDataType.NVARCHAR, 0);
    info.writeUInt16LE(Math.min(column.length, 4000) * 2, 1);
    return Buffer.concat([info, collation]);
  }

  private value(column: ResultColumn, value: ResultValue): Buffer {
    if (column.type === 'int') {
      if (value === null) return Buffer.from([0]);
      const bytes = Buffer.alloc(5);
      bytes.writeUInt8(4, 0);
      bytes.writeInt32LE(Number(value), 1);
      return bytes;
    }
    if (value === null) return Buffer.from([0xff, 0xff]);
    // Values longer than the declared column are cut, as SQL Server's CAST would do.
    const body = ucs2(String(value).slice(0, Math.min(column.length, 4000)));
    const length = Buffer.alloc(2);
    length.writeUInt16LE(body.length);
    return Buffer.concat([length, body]);
  }
}
