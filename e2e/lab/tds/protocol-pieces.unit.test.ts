import { describe, expect, it } from 'vitest';
import { ByteReader } from './byte-reader';
import { collationBytes } from './collation';
import { deobfuscatePassword, obfuscatePassword } from './login7';
import { defaultTdsModel } from './model';
import { PacketReader, PacketStatus, type TdsMessage, framePackets } from './packet';
import { Encrypt, chooseEncryption } from './prelogin';
import { runStatement } from './statements';
import { TlsFlightCollector } from './tls-flight';
import { readTypedValue } from './type-info';

describe('TDS protocol pieces', () => {
  it('undoes the LOGIN7 password scrambling (nibble swap, then XOR 0xA5)', () => {
    // 'a' is 0x61 0x00 in UCS-2: swapped 0x16 ^ 0xA5 = 0xB3, and 0x00 ^ 0xA5 = 0xA5.
    expect(obfuscatePassword(Buffer.from('a', 'utf16le'))).toEqual(Buffer.from([0xb3, 0xa5]));
    expect(deobfuscatePassword(Buffer.from([0xb3, 0xa5])).toString('utf16le')).toBe('a');
    const secret = Buffer.from('Pässwörd!€', 'utf16le');
    expect(deobfuscatePassword(obfuscatePassword(secret))).toEqual(secret);
  });

  it('reassembles a message from packets that arrive split at any byte', () => {
    const payload = Buffer.from(Array.from({ length: 50 }, (_, i) => i));
    const wire = Buffer.concat([framePackets(0x01, payload, 20), framePackets(0x06, Buffer.alloc(0), 20)]);
    const messages: TdsMessage[] = [];
    const reader = new PacketReader((m) => messages.push(m));
    for (let i = 0; i < wire.length; i += 7) reader.push(wire.subarray(i, i + 7));
    expect(messages.map((m) => m.type)).toEqual([0x01, 0x06]);
    expect(messages[0]?.payload).toEqual(payload);
    expect(messages[0]?.lastStatus).toBe(PacketStatus.EOM);
  });

  it('frames a payload into packets no larger than the packet size, EOM on the last only', () => {
    const wire = framePackets(0x04, Buffer.alloc(30, 1), 20);
    const statuses: number[] = [];
    for (let offset = 0; offset < wire.length; offset += wire.readUInt16BE(offset + 2)) {
      expect(wire.readUInt16BE(offset + 2)).toBeLessThanOrEqual(20);
      statuses.push(wire[offset + 1] ?? -1);
    }
    expect(statuses).toEqual([0, 0, PacketStatus.EOM]);
  });

  it('negotiates encryption as SQL Server does without force-encryption', () => {
    expect(chooseEncryption(Encrypt.ON, true)).toBe(Encrypt.ON);
    expect(chooseEncryption(Encrypt.REQ, true)).toBe(Encrypt.ON);
    expect(chooseEncryption(Encrypt.OFF, true)).toBe(Encrypt.OFF);
    expect(chooseEncryption(Encrypt.NOT_SUP, true)).toBe(Encrypt.NOT_SUP);
    expect(chooseEncryption(Encrypt.ON, false)).toBe(Encrypt.NOT_SUP);
  });

  it('encodes collations the way SQL Server does', () => {
    expect(collationBytes('SQL_Latin1_General_CP1_CI_AS').toString('hex')).toBe('0904d00034');
    expect(collationBytes('Latin1_General_CI_AS').toString('hex')).toBe('0904d00000');
  });

  it('tells where each server TLS flight ends', () => {
    const record = (type: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([type, 3, 3, body.length >> 8, body.length & 0xff]), body]);
    const handshake = (type: number, length: number): Buffer => Buffer.concat([Buffer.from([type, 0, 0, length]), Buffer.alloc(length)]);
    // ServerHello, Certificate, ServerHelloDone in one record, handed over in three pieces.
    const first = record(22, Buffer.concat([handshake(2, 40), handshake(11, 60), handshake(14, 0)]));
    const collector = new TlsFlightCollector();
    expect(collector.push(first.subarray(0, 10))).toEqual([]);
    expect(collector.push(first.subarray(10, 50))).toEqual([]);
    expect(collector.push(first.subarray(50))).toEqual([first]);
    expect(collector.handshakeFinished()).toBe(false);
    // ChangeCipherSpec, then the encrypted Finished.
    const last = Buffer.concat([record(20, Buffer.from([1])), record(22, Buffer.alloc(40, 7))]);
    expect(collector.push(last)).toEqual([last]);
    expect(collector.handshakeFinished()).toBe(true);
  });

  it('reads NVARCHAR(MAX) in PLP chunks, INTN and BITN parameters', () => {
    const text = Buffer.from('hello world', 'utf16le');
    const plp = Buffer.alloc(8 + 4 + 10 + 4 + (text.length - 10) + 4);
    let o = 0;
    plp.writeBigUInt64LE(0xfffffffffffffffen, o); // unknown total length, as tedious sends
    o = plp.writeUInt32LE(10, o + 8);
    o += text.copy(plp, o, 0, 10);
    o = plp.writeUInt32LE(text.length - 10, o);
    o += text.copy(plp, o, 10);
    plp.writeUInt32LE(0, o);
    const nvarcharMax = Buffer.concat([Buffer.from([0xe7, 0xff, 0xff]), Buffer.alloc(5), plp]);
    expect(readTypedValue(new ByteReader(nvarcharMax))).toEqual({ typeName: 'nvarchar(max)', value: 'hello world' });
    expect(readTypedValue(new ByteReader(Buffer.from([0x26, 4, 4, 0x2a, 0, 0, 0])))).toEqual({ typeName: 'intn', value: 42 });
    expect(readTypedValue(new ByteReader(Buffer.from([0x26, 4, 0])))).toEqual({ typeName: 'intn', value: null });
    expect(readTypedValue(new ByteReader(Buffer.from([0x68, 1, 1, 1])))).toEqual({ typeName: 'bitn', value: true });
    expect(() => readTypedValue(new ByteReader(Buffer.from([0xf1, 0])))).toThrow(/unsupported parameter type 0xf1/);
  });

  it('matches statements after collapsing whitespace, and fails loudly on anything else', () => {
    const context = { model: defaultTdsModel(), login: 'proget', database: 'ProGet', parameters: new Map() };
    expect(runStatement('  SELECT   1\n AS ok ', context)).toMatchObject({ kind: 'ok', resultSets: [{ rows: [[1]] }] });
    expect(runStatement('select 1 as ok', context)).toMatchObject({ kind: 'error', error: { number: 50000 } });
    const long = `SELECT ${'x'.repeat(500)}`;
    const outcome = runStatement(long, context);
    expect(outcome.kind === 'error' && outcome.error.message).toBe(`TDS test server: unknown statement: ${long.slice(0, 200)}`);
    expect(runStatement('SELECT name, collation_name AS collationName, recovery_model_desc AS recoveryModel, state_desc AS state FROM sys.databases WHERE name = @db', context)).toMatchObject({
      kind: 'error',
      error: { number: 137, message: 'Must declare the scalar variable "@db".' },
    });
  });
});
