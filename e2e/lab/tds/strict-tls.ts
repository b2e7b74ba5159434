/**
 * TDS 8.0 ("strict" encryption, Encrypt=Strict): the client starts TLS on the raw socket before any
 * TDS packet, offering ALPN "tds/8.0", and PRELOGIN then travels inside TLS with no further
 * negotiation. A client that sends a cleartext PRELOGIN to a strict server fails the handshake, as
 * it does against SQL Server with "Force Strict Encryption".
 */
import type * as net from 'node:net';
import * as tls from 'node:tls';

export const TDS8_ALPN = 'tds/8.0';

export function createStrictTlsContext(key: string | Buffer, cert: string | Buffer): tls.SecureContext {
  // TDS 8.0 allows TLS 1.3 (unlike the TLS 1.2 wrapped inside TDS 7.x PRELOGIN).
  return tls.createSecureContext({ key, cert, minVersion: 'TLSv1.2' });
}

/** The raw socket wrapped in server-side TLS; the TDS session then runs on its cleartext side. */
export function acceptStrict(raw: net.Socket, context: tls.SecureContext, log: (line: string) => void): tls.TLSSocket {
  const socket = new tls.TLSSocket(raw, { isServer: true, secureContext: context, ALPNProtocols: [TDS8_ALPN], requestCert: false, rejectUnauthorized: false });
  socket.once('secure', () => log(`strict TLS ${socket.getProtocol() ?? '?'} established, ALPN ${socket.alpnProtocol || 'none'}`));
  return socket;
}
