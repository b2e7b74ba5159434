/**
 * TDS packet framing (MS-TDS 2.2.3): every message travels as one or more packets, each with an
 * 8-byte header; the last packet of a message carries the EOM status bit.
 */

export const PacketType = {
  SQL_BATCH: 0x01,
  RPC: 0x03,
  TABULAR_RESULT: 0x04,
  ATTENTION: 0x06,
  BULK_LOAD: 0x07,
  TRANSACTION_MANAGER: 0x0e,
  LOGIN7: 0x10,
  SSPI: 0x11,
  PRELOGIN: 0x12,
} as const;

export const PacketStatus = {
  EOM: 0x01,
  IGNORE: 0x02,
  RESET_CONNECTION: 0x08,
  RESET_CONNECTION_SKIP_TRAN: 0x10,
} as const;

export const PACKET_HEADER_LENGTH = 8;
/** Packet size used until LOGIN7 negotiates another (the TDS default). */
export const DEFAULT_PACKET_SIZE = 4096;

export interface TdsMessage {
  type: number;
  /** Status bits of the first packet: where RESET_CONNECTION lives. */
  firstStatus: number;
  /** Status bits of the last packet: where IGNORE lives. */
  lastStatus: number;
  payload: Buffer;
}

/**
 * Turns a byte stream into whole TDS messages. Bytes may arrive split anywhere; a message is
 * handed on only once its EOM packet is complete.
 */
export class PacketReader {
  private buffered: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private messageType = -1;
  private firstStatus = 0;

  constructor(private readonly onMessage: (message: TdsMessage) => void) {}

  push(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      if (this.buffered.length < PACKET_HEADER_LENGTH) return;
      const length = this.buffered.readUInt16BE(2);
      if (length < PACKET_HEADER_LENGTH) throw new Error(`malformed TDS packet: length ${length}`);
      if (this.buffered.length < length) return;
      const packet = this.buffered.subarray(0, length);
      this.buffered = this.buffered.subarray(length);
      this.takePacket(packet);
    }
  }

  /** Bytes received past the last complete packet (used when the stream changes hands). */
  remainder(): Buffer {
    return this.buffered;
  }

  private takePacket(packet: Buffer): void {
    const type = packet[0] ?? 0;
    const status = packet[1] ?? 0;
    if (this.parts.length === 0) {
      this.messageType = type;
      this.firstStatus = status;
    }
    this.parts.push(packet.subarray(PACKET_HEADER_LENGTH));
    if ((status & PacketStatus.EOM) === 0) return;
    const message: TdsMessage = {
      type: this.messageType,
      firstStatus: this.firstStatus,
      lastStatus: status,
      payload: Buffer.concat(this.parts),
    };
    this.parts = [];
    this.onMessage(message);
  }
}

/** Splits a payload into packets of at most packetSize bytes (header included). */
export function framePackets(type: number, payload: Buffer, packetSize: number, spid = 0): Buffer {
  const room = Math.max(packetSize - PACKET_HEADER_LENGTH, 1);
  const packets: Buffer[] = [];
  let offset = 0;
  let packetId = 1;
  do {
    const body = payload.subarray(offset, offset + room);
    offset += body.length;
    const header = Buffer.alloc(PACKET_HEADER_LENGTH);
    header.writeUInt8(type, 0);
    header.writeUInt8(offset >= payload.length ? PacketStatus.EOM : 0, 1);
    header.writeUInt16BE(body.length + PACKET_HEADER_LENGTH, 2);
    header.writeUInt16BE(spid, 4);
    header.writeUInt8(packetId % 256, 6);
    header.writeUInt8(0, 7);
    packets.push(header, body);
    packetId += 1;
  } while (offset < payload.length);
  return Buffer.concat(packets);
}
