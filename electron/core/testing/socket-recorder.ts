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
  /** Calls of socket.write(): what the protocol library asked to send. */
  writes: number;
  /** Writes handed to the operating system (each _write or _writev is one write request: one syscall, one segment or more). */
  flushes: number;
}

/** The symbol Node keeps the setNoDelay state under; absent means we cannot tell, and the test must fail. */
function noDelaySymbol(socket: net.Socket): symbol {
  const found = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'kSetNoDelay');
  if (!found) throw new Error(`this Node (${process.version}) keeps no kSetNoDelay state on a socket; update socket-recorder.ts`);
  return found;
}

/** Counts calls of one method of this socket (an own property shadowing the prototype's). */
function countCalls(socket: net.Socket, method: 'write' | '_write' | '_writev', count: () => void): void {
  const target = socket as unknown as Record<string, (...a: unknown[]) => unknown>;
  const original = target[method];
  if (!original) return;
  target[method] = function (this: unknown, ...args: unknown[]) {
    count();
    return original.apply(this, args);
  };
}

/** Starts recording; stop() restores net.Socket.prototype.connect. */
export function recordSockets(): { sockets: RecordedSocket[]; toPort: (port: number) => RecordedSocket[]; stop: () => void } {
  const sockets: RecordedSocket[] = [];
  const original = net.Socket.prototype.connect;
  // connect() is overloaded; pass every argument through untouched.
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const socket: net.Socket = this as net.Socket;
    const entry: RecordedSocket = { remotePort: undefined, noDelay: () => (socket as unknown as Record<symbol, unknown>)[noDelaySymbol(socket)] === true, writes: 0, flushes: 0 };
    sockets.push(entry);
    socket.once('connect', () => (entry.remotePort = socket.remotePort));
    const connected = (original as (...a: unknown[]) => net.Socket).apply(socket, args);
    // After connect(): it resets an own `write` to the prototype's (Node's net.js, for writeAfterFIN).
    countCalls(socket, 'write', () => entry.writes++);
    countCalls(socket, '_write', () => entry.flushes++);
    countCalls(socket, '_writev', () => entry.flushes++);
    return connected;
  } as typeof original;
  return {
    sockets,
    toPort: (port) => sockets.filter((s) => s.remotePort === port),
    stop: () => {
      net.Socket.prototype.connect = original;
    },
  };
}
