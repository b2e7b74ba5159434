/**
 * The TCP socket for a SQL Server connection, with Nagle off. tedious never calls setNoDelay, so each
 * small TDS packet sent while one is unacknowledged would wait for the server's delayed ACK (~40 ms).
 * tedious's supported hook is options.connector; it is called with the same arguments as tedious's own
 * connectInSequence (host, port and localAddress after instance lookup or routing; dns lookup; abort
 * signal), which we reuse so address order, IPv6 and errors stay exactly tedious's.
 */
import type net from 'node:net';
import { connectInSequence } from 'tedious/lib/connector';

type ConnectArgs = Parameters<typeof connectInSequence>;

/** For mssql's config.options.connector (typed there as taking no arguments; tedious passes them). */
export function noDelayConnector(): () => Promise<net.Socket> {
  const connector = async (...args: ConnectArgs): Promise<net.Socket> => {
    const socket = await connectInSequence(...args);
    socket.setNoDelay(true);
    return socket;
  };
  // Kept: mssql's type says the connector takes no arguments, but tedious calls it with connectInSequence's.
  return connector as unknown as () => Promise<net.Socket>;
}
