/**
 * Closing a session over a dead link: the dashboard drops a hung node's session so a new one replaces it
 * when the link is back. close() ends politely and forces after 3 s, but ssh2's destroy() does nothing
 * once end() has half-closed the socket, so the session and every call in flight on it waited for TCP
 * itself (the lab's link-down test then waited past 30 s about half the time). Here a real sshd sits
 * behind a loopback relay that can go silent: bytes stop both ways, nothing is closed, as on a cut link.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { keyedSshdForFile } from './keyed-sshd-for-tests';
import { canRunSshd } from './sshd-test-fixture';

/** A TCP relay to `port` whose link can be cut: once cut, it forwards nothing and closes nothing. */
async function silentRelay(port: number): Promise<{ port: number; cut(): void; close(): Promise<void> }> {
  let cut = false;
  const sockets = new Set<net.Socket>();
  // allowHalfOpen: a cut link sends no FIN back either, so the relay must not answer the session's own.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
    }
    client.on('data', (d) => { if (!cut) upstream.write(d); });
    upstream.on('data', (d) => { if (!cut) client.write(d); });
    client.on('end', () => { if (!cut) upstream.end(); });
    upstream.on('end', () => { if (!cut) client.end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('relay has no port');
  return {
    port: address.port,
    cut: () => { cut = true; },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.skipIf(!canRunSshd)('closing a session over a dead link', () => {
  const test = keyedSshdForFile('hawizard-deadlink-');

  it('is closed within its 3 s grace, with the command in flight failed, instead of waiting for the link', async () => {
    const relay = await silentRelay(test.sshd().port);
    try {
      const session = await test.openAt(relay.port);
      expect((await session.exec('echo up')).stdout).toBe('up\n');

      relay.cut();
      const inFlight = session.exec('echo never').then(() => 'answered', () => 'failed');
      const started = performance.now();
      await session.close();
      const outcome = await Promise.race([inFlight, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2000))]);
      expect(outcome).toBe('failed');
      // The socket's close event follows its destroy by a tick or two; without it the session stayed open.
      for (let i = 0; i < 20 && !session.closed; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(session.closed).toBe(true);
      // Structural bound, not a timing figure: the grace is 3 s; before the fix it waited for TCP.
      expect(performance.now() - started).toBeLessThan(6000);
    } finally {
      await relay.close();
    }
  }, 30_000);
});
