/**
 * PRELOGIN (MS-TDS 2.2.6.5): a table of (token, offset, length) entries ended by 0xFF, then the
 * option data. The server's answer has the same shape and travels as a TABULAR_RESULT message.
 */

const Option = {
  VERSION: 0x00,
  ENCRYPTION: 0x01,
  INSTOPT: 0x02,
  THREADID: 0x03,
  MARS: 0x04,
  TRACEID: 0x05,
  FEDAUTHREQUIRED: 0x06,
  TERMINATOR: 0xff,
} as const;

export const Encrypt = {
  OFF: 0x00,
  ON: 0x01,
  NOT_SUP: 0x02,
  REQ: 0x03,
} as const;

export interface PreloginRequest {
  /** The client's ENCRYPTION byte, without the CLIENT_CERT bit; undefined when absent. */
  encryption: number | undefined;
  mars: boolean;
  askedFedAuthRequired: boolean;
}

export function parsePrelogin(payload: Buffer): PreloginRequest {
  const request: PreloginRequest = { encryption: undefined, mars: false, askedFedAuthRequired: false };
  let entry = 0;
  while (entry < payload.length && payload[entry] !== Option.TERMINATOR) {
    if (entry + 5 > payload.length) throw new Error('truncated PRELOGIN option table');
    const token = payload[entry];
    const offset = payload.readUInt16BE(entry + 1);
    const length = payload.readUInt16BE(entry + 3);
    const first = length > 0 ? payload[offset] : undefined;
    if (token === Option.ENCRYPTION && first !== undefined) request.encryption = first & 0x0f;
    if (token === Option.MARS) request.mars = first === 1;
    if (token === Option.FEDAUTHREQUIRED) request.askedFedAuthRequired = true;
    entry += 5;
  }
  return request;
}

/**
 * What the server answers for encryption, the way SQL Server does without "force encryption":
 * TLS for everything when the client wants it, login-only TLS when the client says OFF, none when
 * the client cannot do TLS or the server has no certificate.
 */
export function chooseEncryption(clientEncryption: number | undefined, serverHasTls: boolean): number {
  if (!serverHasTls) return Encrypt.NOT_SUP;
  switch (clientEncryption) {
    case Encrypt.ON:
    case Encrypt.REQ:
      return Encrypt.ON;
    case Encrypt.OFF:
      return Encrypt.OFF;
    default:
      return Encrypt.NOT_SUP;
  }
}

export interface PreloginResponse {
  serverVersion: string;
  encryption: number;
  includeFedAuthRequired: boolean;
}

export function buildPreloginResponse(response: PreloginResponse): Buffer {
  const [major = 0, minor = 0, build = 0, revision = 0] = response.serverVersion.split('.').map(Number);
  const version = Buffer.alloc(6);
  version.writeUInt8(major & 0xff, 0);
  version.writeUInt8(minor & 0xff, 1);
  version.writeUInt16BE(build & 0xffff, 2);
  version.writeUInt16BE(revision & 0xffff, 4);
  const options: [number, Buffer][] = [
    [Option.VERSION, version],
    [Option.ENCRYPTION, Buffer.from([response.encryption])],
    [Option.INSTOPT, Buffer.from([0])],
    [Option.THREADID, Buffer.alloc(0)],
    // MARS is never granted: the server speaks one request at a time per connection.
    [Option.MARS, Buffer.from([0])],
  ];
  if (response.includeFedAuthRequired) options.push([Option.FEDAUTHREQUIRED, Buffer.from([0])]);

  const tableLength = options.length * 5 + 1;
  const table = Buffer.alloc(tableLength);
  let dataOffset = tableLength;
  options.forEach(([token, data], index) => {
    table.writeUInt8(token, index * 5);
    table.writeUInt16BE(dataOffset, index * 5 + 1);
    table.writeUInt16BE(data.length, index * 5 + 3);
    dataOffset += data.length;
  });
  table.writeUInt8(Option.TERMINATOR, tableLength - 1);
  return Buffer.concat([table, ...options.map(([, data]) => data)]);
}
