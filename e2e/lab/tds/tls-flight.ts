/**
 * During a TDS 7.x TLS handshake the client wraps each of its handshake flights in one PRELOGIN
 * message and waits for exactly one message back (tedious: message-io.js startTls). So the server
 * must send the whole of each of its own flights in one message, and Node's TLS layer hands us the
 * flight in arbitrary chunks. This collector reads TLS record headers to tell where a flight ends:
 * - the first server flight ends with the (plaintext) ServerHelloDone handshake message;
 * - the last one ends with the (encrypted) Finished record that follows ChangeCipherSpec;
 * - an alert ends whatever was going on.
 * The server is limited to TLS 1.2, as SQL Server is for TDS 7.x, so these rules are complete.
 */

const RecordType = { CHANGE_CIPHER_SPEC: 20, ALERT: 21, HANDSHAKE: 22, APPLICATION_DATA: 23 } as const;
const SERVER_HELLO_DONE = 14;
const RECORD_HEADER_LENGTH = 5;

export class TlsFlightCollector {
  private pending = Buffer.alloc(0);
  private scanned = 0;
  private plaintextHandshake = Buffer.alloc(0);
  private changedCipherSpec = false;
  private finished = false;

  /** True once the flight carrying the server's Finished has been handed out. */
  handshakeFinished(): boolean {
    return this.finished;
  }

  /** Adds server TLS output; returns the flights that are now complete, in order. */
  push(chunk: Buffer): Buffer[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const flights: Buffer[] = [];
    for (;;) {
      if (this.pending.length - this.scanned < RECORD_HEADER_LENGTH) break;
      const type = this.pending[this.scanned];
      const length = this.pending.readUInt16BE(this.scanned + 3);
      const end = this.scanned + RECORD_HEADER_LENGTH + length;
      if (this.pending.length < end) break;
      const body = this.pending.subarray(this.scanned + RECORD_HEADER_LENGTH, end);
      this.scanned = end;
      if (this.endsFlight(type, body)) {
        flights.push(this.pending.subarray(0, end));
        this.pending = this.pending.subarray(end);
        this.scanned = 0;
      }
    }
    return flights;
  }

  private endsFlight(type: number | undefined, body: Buffer): boolean {
    switch (type) {
      case RecordType.CHANGE_CIPHER_SPEC:
        this.changedCipherSpec = true;
        return false;
      case RecordType.HANDSHAKE:
        if (this.changedCipherSpec) {
          this.finished = true;
          return true;
        }
        return this.sawServerHelloDone(body);
      default:
        return true;
    }
  }

  /** Walks the plaintext handshake messages, which may span records, looking for ServerHelloDone. */
  private sawServerHelloDone(body: Buffer): boolean {
    this.plaintextHandshake = Buffer.concat([this.plaintextHandshake, body]);
    let done = false;
    while (this.plaintextHandshake.length >= 4) {
      const messageLength = this.plaintextHandshake.readUIntBE(1, 3);
      if (this.plaintextHandshake.length < 4 + messageLength) break;
      if (this.plaintextHandshake[0] === SERVER_HELLO_DONE) done = true;
      this.plaintextHandshake = this.plaintextHandshake.subarray(4 + messageLength);
    }
    return done;
  }
}
