/**
 * Closing a session over a dead link: the dashboard drops a hung node's session so a new one replaces it
 * when the link is back. close() ends politely and forces after 3 s, but ssh2's destroy() does nothing
 * once end() has half-closed the socket, so the session and every call in flight on it waited for TCP
 * itself (the lab's link-down test then waited past 30 s about half the time). Here a real sshd sits
 * behind a loopback relay that can go silent: bytes stop both ways, nothing is closed, as on a cut link.
 * SFTP too: ssh2's readFile answers a failed read by sending CLOSE on the dead channel and waits for
 * that answer forever, so a file read in flight never settled and the node stayed "still owing" (the
 * lab's link-down test, 2 of 6 whole-file runs).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyedSshdForFile } from './keyed-sshd-for-tests';
import { keepaliveFor } from './ssh-session';
import { canRunSshd } from './sshd-test-fixture';

/** A TCP relay to `port` whose link can be cut: once cut, it forwards nothing and closes nothing. */
async function silentRelay(port: number): Promise<{ port: number; cut(): void; cutAfter(bytes: number): Promise<void>; close(): Promise<void> }> {
  let cut = false;
  let cutAfterBytes = Infinity;
  let downstream = 0;
  let onCut = () => undefined as void;
  const sockets = new Set<net.Socket>();
  // allowHalfOpen: a cut link sends no FIN back either, so the relay must not answer the session's own.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
    }
    client.on('data', (d) => { if (!cut) upstream.write(d); });
    upstream.on('data', (d) => {
      if (cut) return;
      client.write(d);
      downstream += d.length;
      if (downstream >= cutAfterBytes) {
        cut = true;
        onCut();
      }
    });
    client.on('end', () => { if (!cut) upstream.end(); });
    upstream.on('end', () => { if (!cut) client.end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('relay has no port');
  return {
    port: address.port,
    cut: () => { cut = true; },
    // Cut in the middle of a transfer: after this many more bytes from the server.
    cutAfter: (bytes) => new Promise<void>((resolve) => {
      cutAfterBytes = downstream + bytes;
      onCut = resolve;
    }),
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

  it('fails the command in flight on a silent link after three keepalives as long as the connect timeout, not three of 10 s', async () => {
    const relay = await silentRelay(test.sshd().port);
    try {
      const session = await test.openAt(relay.port, { connectTimeoutMs: 2000 });
      expect((await session.exec('echo up')).stdout).toBe('up\n');
      relay.cut();
      const started = performance.now();
      const outcome = await session.exec('echo never').then(() => 'answered', (e: Error) => `failed: ${e.message}`);
      const waited = performance.now() - started;
      expect(outcome).toMatch(/^failed: /);
      // Structural bounds: 3 keepalives of 2 s and the close's grace; with 10 s each it waited 30–40 s.
      expect(waited).toBeGreaterThan(4000);
      expect(waited).toBeLessThan(15_000);
    } finally {
      await relay.close();
    }
  }, 30_000);

  it('keeps alive as long as the connect timeout, within 2–10 s', () => {
    expect([500, 2000, 5000, 15_000].map(keepaliveFor)).toEqual([2000, 2000, 5000, 10_000]);
  });

  it('fails a file read cut off mid-transfer when the session closes, instead of leaving it unanswered', async () => {
    const relay = await silentRelay(test.sshd().port);
    const dir = await mkdtemp('/run/hawtest-deadlink-');
    try {
      const file = join(dir, 'big');
      await writeFile(file, randomBytes(4 << 20));
      const session = await test.openAt(relay.port);
      expect((await session.readFile('/etc/hostname')).length).toBeGreaterThan(0);

      // Cut after the open and the first reads were answered: a READ is then in flight.
      const cut = relay.cutAfter(256 << 10);
      const inFlight = session.readFile(file).then(() => 'answered', (e: Error) => `failed: ${e.name}`);
      await cut;
      await session.close();
      const outcome = await Promise.race([inFlight, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2000))]);
      expect(outcome).toBe('failed: SessionClosedError');
    } finally {
      await relay.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
