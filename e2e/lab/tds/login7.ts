/**
 * LOGIN7 (MS-TDS 2.2.6.4): a 94-byte fixed part with (offset, character count) pairs pointing at
 * UCS-2 strings in the variable part. Only what the server needs is read.
 */

export interface Login7Request {
  tdsVersion: number;
  packetSize: number;
  hostName: string;
  userName: string;
  /** Clear text, never to be logged. */
  password: string;
  appName: string;
  serverName: string;
  libraryName: string;
  language: string;
  database: string;
  /** The client asked for integrated (SSPI) security, which this server does not offer. */
  integratedSecurity: boolean;
}

const FIXED_LENGTH = 94;
const INTEGRATED_SECURITY_ON = 0x80;

/** Offsets within the fixed part of each (ib, cch) pair. */
const Field = {
  hostName: 36,
  userName: 40,
  password: 44,
  appName: 48,
  serverName: 52,
  libraryName: 60,
  language: 64,
  database: 68,
} as const;

/**
 * The client obfuscates each password byte by swapping its nibbles and then XOR-ing with 0xA5;
 * undoing it takes the XOR first, then the swap.
 */
export function deobfuscatePassword(bytes: Buffer): Buffer {
  const clear = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i += 1) {
    const x = (bytes[i] ?? 0) ^ 0xa5;
    clear[i] = ((x << 4) & 0xf0) | (x >> 4);
  }
  return clear;
}

/** The client side of the same scrambling; used by tests and kept next to its inverse. */
export function obfuscatePassword(clear: Buffer): Buffer {
  const out = Buffer.alloc(clear.length);
  for (let i = 0; i < clear.length; i += 1) {
    const b = clear[i] ?? 0;
    out[i] = (((b << 4) & 0xf0) | (b >> 4)) ^ 0xa5;
  }
  return out;
}

export function parseLogin7(payload: Buffer): Login7Request {
  if (payload.length < FIXED_LENGTH) throw new Error(`LOGIN7 too short: ${payload.length} bytes`);
  const declaredLength = payload.readUInt32LE(0);
  if (declaredLength > payload.length) throw new Error('LOGIN7 length exceeds the message');

  const slice = (field: number): Buffer => {
    const offset = payload.readUInt16LE(field);
    const chars = payload.readUInt16LE(field + 2);
    if (chars === 0) return Buffer.alloc(0);
    const end = offset + chars * 2;
    if (end > payload.length) throw new Error(`LOGIN7 field at ${field} runs past the message`);
    return payload.subarray(offset, end);
  };
  const text = (field: number): string => slice(field).toString('utf16le');

  return {
    tdsVersion: payload.readUInt32LE(4),
    packetSize: payload.readUInt32LE(8),
    hostName: text(Field.hostName),
    userName: text(Field.userName),
    password: deobfuscatePassword(slice(Field.password)).toString('utf16le'),
    appName: text(Field.appName),
    serverName: text(Field.serverName),
    libraryName: text(Field.libraryName),
    language: text(Field.language),
    database: text(Field.database),
    integratedSecurity: ((payload[25] ?? 0) & INTEGRATED_SECURITY_ON) !== 0,
  };
}

/** TDS versions a LOGINACK may carry, as sent on the wire (big-endian in LOGINACK). */
export const TdsVersion = {
  V7_1: 0x71000001,
  V7_2: 0x72090002,
  V7_3_A: 0x730a0003,
  V7_3_B: 0x730b0003,
  V7_4: 0x74000004,
} as const;

/** The version the server agrees to: the client's when it is a known 7.x one, else 7.4. */
export function negotiateTdsVersion(requested: number): number {
  const known: number[] = Object.values(TdsVersion);
  if (known.includes(requested)) return requested;
  return TdsVersion.V7_4;
}

/** TDS 7.2 and later carry ALL_HEADERS in SQL_BATCH and RPC requests and 8-byte DONE row counts. */
export function hasAllHeaders(version: number): boolean {
  return version >= TdsVersion.V7_2;
}
