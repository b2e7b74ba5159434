import { type ByteReader } from './byte-reader';

/**
 * Reads one RPC parameter's TYPE_INFO and value (MS-TDS 2.2.5.4-2.2.5.6). Strings, integers,
 * bits and floats are decoded; other known types come back as their raw bytes so a statement
 * handler can still see them; types whose layout is not handled here are refused by name.
 */
export type ParameterValue = string | number | boolean | bigint | Buffer | null;

export interface DecodedValue {
  typeName: string;
  value: ParameterValue;
}

const PLP_NULL = 0xffffffffffffffffn;
const USHORT_NULL = 0xffff;
const COLLATION_LENGTH = 5;
const UTF8_COLLATION_FLAG = 0x40;

/** Fixed-length types: the type byte alone says how many bytes the value takes. */
const FIXED: Record<number, { name: string; size: number }> = {
  0x1f: { name: 'null', size: 0 },
  0x30: { name: 'tinyint', size: 1 },
  0x32: { name: 'bit', size: 1 },
  0x34: { name: 'smallint', size: 2 },
  0x38: { name: 'int', size: 4 },
  0x7f: { name: 'bigint', size: 8 },
  0x3b: { name: 'real', size: 4 },
  0x3e: { name: 'float', size: 8 },
  0x3a: { name: 'smalldatetime', size: 4 },
  0x3c: { name: 'money', size: 8 },
  0x3d: { name: 'datetime', size: 8 },
  0x7a: { name: 'smallmoney', size: 4 },
};

/** Types with a one-byte max length in TYPE_INFO and a one-byte length before the value. */
const BYTE_LENGTH: Record<number, string> = {
  0x26: 'intn',
  0x68: 'bitn',
  0x6d: 'floatn',
  0x6e: 'moneyn',
  0x6f: 'datetimen',
  0x24: 'uniqueidentifier',
};

/** Types with a two-byte max length, 0xFFFF meaning (MAX) and a PLP value. */
const USHORT_LENGTH: Record<number, { name: string; collated: boolean; wide: boolean; binary: boolean }> = {
  0xe7: { name: 'nvarchar', collated: true, wide: true, binary: false },
  0xef: { name: 'nchar', collated: true, wide: true, binary: false },
  0xa7: { name: 'varchar', collated: true, wide: false, binary: false },
  0xaf: { name: 'char', collated: true, wide: false, binary: false },
  0xa5: { name: 'varbinary', collated: false, wide: false, binary: true },
  0xad: { name: 'binary', collated: false, wide: false, binary: true },
};

function decodeInteger(bytes: Buffer, signedSmall: boolean): number | bigint {
  switch (bytes.length) {
    case 1:
      return bytes.readUInt8(0);
    case 2:
      return signedSmall ? bytes.readInt16LE(0) : bytes.readUInt16LE(0);
    case 4:
      return bytes.readInt32LE(0);
    case 8: {
      const big = bytes.readBigInt64LE(0);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    default:
      throw new Error(`integer of unexpected length ${bytes.length}`);
  }
}

function decodeFloat(bytes: Buffer): number {
  return bytes.length === 4 ? bytes.readFloatLE(0) : bytes.readDoubleLE(0);
}

function decodeFixed(name: string, bytes: Buffer): ParameterValue {
  switch (name) {
    case 'null':
      return null;
    case 'bit':
      return bytes.readUInt8(0) !== 0;
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint':
      return decodeInteger(bytes, true);
    case 'real':
    case 'float':
      return decodeFloat(bytes);
    default:
      return bytes;
  }
}

function decodeByteLength(name: string, bytes: Buffer): ParameterValue {
  switch (name) {
    case 'intn':
      return decodeInteger(bytes, true);
    case 'bitn':
      return bytes.readUInt8(0) !== 0;
    case 'floatn':
      return decodeFloat(bytes);
    default:
      return bytes;
  }
}

/** Partially length-prefixed (PLP) data: total length, then chunks up to a zero-length one. */
function readPlp(reader: ByteReader): Buffer | null {
  if (reader.uint64() === PLP_NULL) return null;
  const chunks: Buffer[] = [];
  for (;;) {
    const length = reader.uint32();
    if (length === 0) break;
    chunks.push(reader.bytes(length));
  }
  return Buffer.concat(chunks);
}

/** (n)varchar/(n)char/(var)binary, including the (MAX) PLP form. */
function readUshortLength(reader: ByteReader, type: { name: string; collated: boolean; wide: boolean; binary: boolean }): DecodedValue {
  const maxLength = reader.uint16();
  const collation = type.collated ? reader.bytes(COLLATION_LENGTH) : undefined;
  const isMax = maxLength === USHORT_NULL;
  let raw: Buffer | null;
  if (isMax) {
    raw = readPlp(reader);
  } else {
    const length = reader.uint16();
    raw = length === USHORT_NULL ? null : reader.bytes(length);
  }
  const typeName = `${type.name}(${isMax ? 'max' : type.wide ? maxLength / 2 : maxLength})`;
  if (raw === null) return { typeName, value: null };
  if (type.binary) return { typeName, value: raw };
  if (type.wide) return { typeName, value: raw.toString('utf16le') };
  // Single-byte text: UTF-8 under a _UTF8 collation, else treat the code page as Latin-1.
  const utf8 = collation !== undefined && ((collation.readUInt32LE(0) >>> 20) & 0xff & UTF8_COLLATION_FLAG) !== 0;
  return { typeName, value: raw.toString(utf8 ? 'utf8' : 'latin1') };
}

function decodeDecimal(bytes: Buffer, scale: number): number {
  const positive = bytes.readUInt8(0) === 1;
  let magnitude = 0n;
  for (let i = bytes.length - 1; i >= 1; i -= 1) magnitude = (magnitude << 8n) | BigInt(bytes[i] ?? 0);
  const value = Number(magnitude) / 10 ** scale;
  return positive ? value : -value;
}

export function readTypedValue(reader: ByteReader): DecodedValue {
  const typeId = reader.uint8();
  const fixed = FIXED[typeId];
  if (fixed) return { typeName: fixed.name, value: decodeFixed(fixed.name, reader.bytes(fixed.size)) };

  const byteLengthName = BYTE_LENGTH[typeId];
  if (byteLengthName) {
    reader.uint8(); // max length; the value carries its own
    const length = reader.uint8();
    return { typeName: byteLengthName, value: length === 0 ? null : decodeByteLength(byteLengthName, reader.bytes(length)) };
  }

  const ushortLength = USHORT_LENGTH[typeId];
  if (ushortLength) return readUshortLength(reader, ushortLength);

  switch (typeId) {
    case 0x6a:
    case 0x6c: {
      reader.uint8(); // max length
      const precision = reader.uint8();
      const scale = reader.uint8();
      const length = reader.uint8();
      const typeName = `decimal(${precision},${scale})`;
      return { typeName, value: length === 0 ? null : decodeDecimal(reader.bytes(length), scale) };
    }
    case 0x28: {
      const length = reader.uint8();
      return { typeName: 'date', value: length === 0 ? null : reader.bytes(length) };
    }
    case 0x29:
    case 0x2a:
    case 0x2b: {
      reader.uint8(); // scale
      const length = reader.uint8();
      const typeName = typeId === 0x29 ? 'time' : typeId === 0x2a ? 'datetime2' : 'datetimeoffset';
      return { typeName, value: length === 0 ? null : reader.bytes(length) };
    }
    default:
      throw new Error(`TDS test server: unsupported parameter type 0x${typeId.toString(16)}`);
  }
}
