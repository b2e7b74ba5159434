/** The PostgreSQL probe against a real, throwaway PostgreSQL 15 on loopback. */
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../../e2e/lab/stand-in/throwaway-postgres';
import type { DatabaseEndpoint } from '../../shared/connection-string/connection-strings';
import { probePostgres } from './postgres-probe';

const PASSWORD = 'Pg!Probe-Secret-7';
let db: ThrowawayPostgres;

const endpoint = (over: Partial<DatabaseEndpoint> = {}): DatabaseEndpoint => ({
  kind: 'postgres', host: '127.0.0.1', port: db.port, database: 'proget', user: 'proget',
  integratedSecurity: false, encrypt: false, trustServerCertificate: false, ...over,
});
const probe = (over: Partial<DatabaseEndpoint> = {}, password = PASSWORD) => probePostgres({ endpoint: endpoint(over), password, connectTimeoutMs: 1500 });

beforeAll(async () => {
  db = await startThrowawayPostgres();
  await db.query(`CREATE ROLE proget LOGIN PASSWORD '${PASSWORD}'`);
  await db.query(`CREATE ROLE other LOGIN PASSWORD '${PASSWORD}'`);
  await db.query('CREATE DATABASE proget OWNER proget');
  await db.query('CREATE DATABASE foreign_owned OWNER other');
  await db.query('CREATE DATABASE locked OWNER other');
  await db.query('REVOKE CONNECT ON DATABASE locked FROM PUBLIC');
}, 60_000);

afterAll(async () => {
  await db?.stop();
}, 30_000);

describe('probePostgres', () => {
  it('reads the version, the database\'s owner, encoding and locale', async () => {
    const r = await probe();
    expect(r).toMatchObject({
      connected: true, factsFrom: 'database', major: 15, looksLikeInedoDb: false, databaseExists: true,
      database: { name: 'proget', owner: 'proget', encoding: 'UTF8', localeProvider: 'libc', icuLocale: null },
      login: 'proget', isOwner: true, isSuperuser: false,
    });
    expect(r.serverVersion).toMatch(/^15\.\d+$/);
    expect(r.versionText).toMatch(/^PostgreSQL 15/);
  });

  it('sees a database owned by someone else', async () => {
    expect(await probe({ database: 'foreign_owned' })).toMatchObject({ connected: true, isOwner: false, database: { owner: 'other' } });
  });

  it('classifies a wrong password (28P01)', async () => {
    expect((await probe({}, 'wrong-password')).error).toMatchObject({ kind: 'login', sqlState: '28P01' });
  });

  it('classifies a missing database (3D000) and reads the server from `postgres`', async () => {
    const r = await probe({ database: 'nope' });
    expect(r).toMatchObject({ connected: false, factsFrom: 'postgres', databaseExists: false, major: 15, error: { kind: 'database-missing', sqlState: '3D000' } });
  });

  it('tells a database without CONNECT for the login (42501) from a missing one', async () => {
    expect(await probe({ database: 'locked' })).toMatchObject({ factsFrom: 'postgres', databaseExists: true, error: { kind: 'database-missing', sqlState: '42501' } });
  });

  it('classifies TLS refused by a server without it, and a closed port', async () => {
    expect((await probe({ encrypt: true })).error?.kind).toBe('tls');
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    expect((await probe({ port })).error).toMatchObject({ kind: 'unreachable', sqlState: null });
  });

  it('times out on a server that accepts TCP but never answers', async () => {
    // Reads and ignores: it sees the client hang up, so close() below does not wait forever.
    const silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const started = Date.now();
      const r = await probe({ port: (silent.address() as net.AddressInfo).port });
      expect(r.error?.kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('never returns the password', async () => {
    const results = await Promise.all([probe(), probe({}, 'wrong'), probe({ database: 'nope' }), probe({ user: `u_${PASSWORD}` })]);
    expect(JSON.stringify(results)).not.toContain(PASSWORD);
  });

  it('reads everything with one statement per database it opens (each round trip waits for a busy event loop)', async () => {
    const query = vi.spyOn(pg.Client.prototype, 'query');
    try {
      expect((await probe()).connected).toBe(true);
      expect(query).toHaveBeenCalledTimes(1);
      query.mockClear();
      // The named database missing: one failed login, then one statement in `postgres`.
      expect((await probe({ database: 'nope' })).factsFrom).toBe('postgres');
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
  });
});
