/**
 * Test support (not used by the engine): records every TCP socket this process connects, with the port
 * it reached, so a test can ask whether the engine turned Nagle off on the socket it opened to a server.
 * The state read is the socket's own record of setNoDelay (the option object of net.Socket), which Node
 * applies to the handle on connect: a structural check, not a timing one.
 */
import net from 'node:net';

export interface RecordedSocket {
  remotePort: number | undefined;
  /** Nagle off on this socket (setNoDelay(true) or the noDelay option). */
  noDelay: () => boolean;
}

/** The symbol Node keeps the setNoDelay state under; absent means we cannot tell, and the test must fail. */
function noDelaySymbol(socket: net.Socket): symbol {
  const found = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'kSetNoDelay');
  if (!found) throw new Error(`this Node (${process.version}) keeps no kSetNoDelay state on a socket; update socket-recorder.ts`);
  return found;
}

/** Starts recording; stop() restores net.Socket.prototype.connect. */
export function recordSockets(): { sockets: RecordedSocket[]; toPort: (port: number) => RecordedSocket[]; stop: () => void } {
  const sockets: RecordedSocket[] = [];
  const original = net.Socket.prototype.connect;
  // connect() is overloaded; pass every argument through untouched.
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const socket: net.Socket = this as net.Socket;
    const entry: RecordedSocket = { remotePort: undefined, noDelay: () => (socket as unknown as Record<symbol, unknown>)[noDelaySymbol(socket)] === true };
    sockets.push(entry);
    socket.once('connect', () => (entry.remotePort = socket.remotePort));
    return (original as (...a: unknown[]) => net.Socket).apply(socket, args);
  } as typeof original;
  return {
    sockets,
    toPort: (port) => sockets.filter((s) => s.remotePort === port),
    stop: () => {
      net.Socket.prototype.connect = original;
    },
  };
}
