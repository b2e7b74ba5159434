import { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { DEFAULT_PACKET_SIZE, PacketReader, PacketType, framePackets } from './packet';
import { TlsFlightCollector } from './tls-flight';

/**
 * The encrypted side of a server TLS session over a TDS connection. In TDS 7.x the handshake
 * records travel inside PRELOGIN packets in both directions; once the server has sent its
 * Finished, both sides switch to bare TLS records on the socket. Node's TLSSocket does the
 * cryptography; this class only carries its records the way TDS wants them.
 */
export interface TlsChannelOptions {
  secureContext: tls.SecureContext;
  /** Writes bytes to the TCP socket. */
  writeRaw: (bytes: Buffer) => void;
  /** Receives decrypted TDS bytes from the client. */
  onCleartext: (bytes: Buffer) => void;
  onError: (error: Error) => void;
}

/** A Duplex whose writes are the TLS layer's output and whose reads are the client's records. */
class TlsCarrier extends Duplex {
  constructor(private readonly onOutput: (chunk: Buffer) => void) {
    super();
  }

  override _read(): void {
    // Data is pushed by TdsTlsChannel.receiveRaw when the socket delivers it.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.onOutput(chunk);
    callback();
  }
}

export class TdsTlsChannel {
  private readonly carrier: TlsCarrier;
  private readonly tlsSocket: tls.TLSSocket;
  private readonly flights = new TlsFlightCollector();
  private readonly handshakeReader: PacketReader;
  private wrapping = true;
  private detached = false;

  constructor(private readonly options: TlsChannelOptions) {
    this.carrier = new TlsCarrier((chunk) => this.sendServerRecords(chunk));
    this.handshakeReader = new PacketReader((message) => {
      if (message.type !== PacketType.PRELOGIN) {
        options.onError(new Error(`expected TLS handshake in PRELOGIN packets, got packet type 0x${message.type.toString(16)}`));
        return;
      }
      this.carrier.push(message.payload);
    });
    this.tlsSocket = new tls.TLSSocket(this.carrier, {
      isServer: true,
      secureContext: options.secureContext,
      requestCert: false,
      rejectUnauthorized: false,
    });
    this.tlsSocket.on('data', (data: Buffer) => {
      if (!this.detached) options.onCleartext(data);
    });
    this.tlsSocket.on('error', (error: Error) => {
      if (!this.detached) options.onError(error);
    });
  }

  /** Bytes from the TCP socket: PRELOGIN-wrapped during the handshake, bare TLS afterwards. */
  receiveRaw(chunk: Buffer): void {
    if (this.detached) return;
    if (this.wrapping) this.handshakeReader.push(chunk);
    else this.carrier.push(chunk);
  }

  /** then: called once the TLS layer has handed the encrypted bytes to the socket. */
  writeCleartext(bytes: Buffer, then?: () => void): void {
    if (!this.detached) this.tlsSocket.write(bytes, () => then?.());
  }

  /**
   * Login-only encryption: after LOGIN7 both sides drop TLS without a close_notify and go on in
   * plaintext. Whatever the TLS layer still wants to say is discarded.
   */
  detach(): void {
    this.detached = true;
    this.tlsSocket.destroy();
  }

  destroy(): void {
    this.detach();
  }

  private sendServerRecords(chunk: Buffer): void {
    if (this.detached) return;
    if (!this.wrapping) {
      this.options.writeRaw(chunk);
      return;
    }
    for (const flight of this.flights.push(chunk)) {
      this.options.writeRaw(framePackets(PacketType.PRELOGIN, flight, DEFAULT_PACKET_SIZE));
    }
    // The client switches to bare TLS right after our Finished, and so do we, both ways.
    if (this.flights.handshakeFinished()) this.wrapping = false;
  }
}

export function createTlsContext(key: string | Buffer, cert: string | Buffer): tls.SecureContext {
  // TDS 7.x wraps a TLS 1.2 handshake; tedious caps its side at 1.2 too.
  return tls.createSecureContext({ key, cert, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
}
