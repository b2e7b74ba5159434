/**
 * The TCP socket an SSH session runs on: Nagle off (with it on, each small packet written while an earlier
 * one is unacknowledged waits for the peer's delayed ACK, ~40 ms), and every write of one turn of the
 * event loop handed to the kernel together. Bundled (the CLI, the packaged app), ssh2 cannot load its native cipher and its
 * JavaScript AES-GCM and ChaCha20 write each packet in three pieces; with Nagle off each piece was its
 * own syscall and TCP segment, and at ten nodes that kernel work was the largest cost on the engine's one
 * thread (issue 10). Corked until the next tick, the pieces leave as one writev: one segment per packet
 * or less, with no added wait (the tick ends before any I/O is polled).
 */
import net from 'node:net';

export function connectPacketSocket(host: string, port: number): net.Socket {
  const socket = new net.Socket();
  socket.setNoDelay(true);
  socket.connect({ host, port });
  // After connect(): Node's connect() resets an own `write` to the prototype's (net.js, writeAfterFIN).
  coalesceWrites(socket);
  return socket;
}

/** Corks the socket at its first write in a tick and uncorks it at the end of that tick. */
export function coalesceWrites(socket: net.Socket): void {
  const write = socket.write;
  let corked = false;
  socket.write = function (this: net.Socket, ...args: Parameters<net.Socket['write']>) {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    }
    // Kept: socket.write is overloaded, and apply over an overload set does not type; args are its own.
    return (write as (...a: unknown[]) => boolean).apply(socket, args);
  } as net.Socket['write'];
}
