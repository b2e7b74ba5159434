import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';

/**
 * The service messenger port (TCP 33237): the wizard only checks that it accepts connections, so
 * each connection gets a one-line greeting and is closed.
 */
export function createMessengerServer(greeting: string): Server {
  const line = `${greeting} on ${hostname()}\r\n`;
  return createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end(line);
  });
}
