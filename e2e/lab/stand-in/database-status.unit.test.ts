import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DatabaseStatusProbe } from './database-status';
import { createPostgresDatabase } from './postgres-database';
import { withTimeout } from './product-database';
import { createSqlServerDatabase } from './sqlserver-database';

describe('DatabaseStatusProbe', () => {
  it('shares one ping among concurrent requests and caches its result for the ttl', async () => {
    let clock = 0;
    let pings = 0;
    let fail = false;
    const probe = new DatabaseStatusProbe(async () => {
      pings++;
      await new Promise((r) => setTimeout(r, 20));
      if (fail) throw new Error('connection refused');
    }, 1000, () => clock);

    const [a, b] = await Promise.all([probe.current(), probe.current()]);
    expect(a).toEqual({ status: 'OK', details: null });
    expect(b).toBe(a);
    expect(pings).toBe(1);

    fail = true;
    clock = 999;
    expect((await probe.current()).status).toBe('OK');
    expect(pings).toBe(1);
    clock = 1000;
    expect(await probe.current()).toEqual({ status: 'Error', details: 'connection refused' });
    expect(pings).toBe(2);
  });
});

describe('withTimeout', () => {
  it('rejects with a clear message when the work takes too long', async () => {
    await expect(withTimeout(new Promise(() => undefined), 30, 'database ping')).rejects.toThrow('database ping timed out after 0.03 s');
    await expect(withTimeout(Promise.resolve(7), 30, 'x')).resolves.toBe(7);
  });
});

describe('database pings against a server that accepts but never answers', () => {
  it('give up after about 3 s on PostgreSQL and SQL Server alike', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket.on('error', () => undefined)));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const results = await Promise.allSettled([
        createPostgresDatabase(`Host=127.0.0.1;Port=${port};Database=d;Username=u;Password=pw-not-shown`).ping(),
        createSqlServerDatabase(`Server=127.0.0.1,${port};Database=d;User ID=u;Password=pw-not-shown`).ping(),
      ]);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(2900);
      expect(elapsed).toBeLessThan(6000);
      for (const r of results) {
        expect(r.status).toBe('rejected');
        expect(String((r as PromiseRejectedResult).reason.message)).not.toContain('pw-not-shown');
      }
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  }, 10_000);
});
