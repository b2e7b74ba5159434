/**
 * Nagle off on the engine's database and HTTP sockets (issue 10). SQL Server (tedious) needed our own
 * connector; pg and node:http already set it themselves, and these tests keep it that way should
 * either library change. Real servers on loopback: the TDS test server, a throwaway PostgreSQL, node:http.
 */
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../../e2e/lab/stand-in/throwaway-postgres';
import { defaultTdsModel } from '../../../e2e/lab/tds/model';
import { startTdsServer, type TdsServer } from '../../../e2e/lab/tds/server';
import { readProductHealth } from '../nodes/product-health';
import { recordSockets } from '../testing/socket-recorder';
import { probePostgres } from './postgres-probe';
import { probeSqlServer } from './sqlserver-probe';

const PASSWORD = 'NoDelay!Secret-9';

describe('SQL Server probe', () => {
  let server: TdsServer;
  beforeAll(async () => {
    server = await startTdsServer({ host: '127.0.0.1', port: 0, model: defaultTdsModel({ login: 'proget', password: PASSWORD }) });
  });
  afterAll(async () => server?.close());

  it('connects with Nagle off, and still reads the server', async () => {
    const recorder = recordSockets();
    try {
      const r = await probeSqlServer({
        endpoint: { kind: 'sqlserver', host: '127.0.0.1', port: server.port, database: 'ProGet', user: 'proget', integratedSecurity: false, encrypt: false, trustServerCertificate: true },
        password: PASSWORD, connectTimeoutMs: 3000, portGiven: true,
      });
      expect(r.error).toBeUndefined();
      expect(r.connected).toBe(true);
      const toServer = recorder.toPort(server.port);
      expect(toServer.length).toBeGreaterThan(0);
      expect(toServer.map((s) => s.noDelay())).toEqual(toServer.map(() => true));
    } finally {
      recorder.stop();
    }
  });
});

describe('PostgreSQL probe', () => {
  let db: ThrowawayPostgres;
  beforeAll(async () => {
    db = await startThrowawayPostgres();
    await db.query(`CREATE ROLE proget LOGIN PASSWORD '${PASSWORD}'`);
  }, 60_000);
  afterAll(async () => db?.stop(), 30_000);

  it('connects with Nagle off (pg sets it itself)', async () => {
    const recorder = recordSockets();
    try {
      const r = await probePostgres({
        endpoint: { kind: 'postgres', host: '127.0.0.1', port: db.port, database: 'postgres', user: 'proget', integratedSecurity: false, encrypt: false, trustServerCertificate: false },
        password: PASSWORD, connectTimeoutMs: 3000,
      });
      expect(r.connected).toBe(true);
      const toServer = recorder.toPort(db.port);
      expect(toServer.length).toBeGreaterThan(0);
      expect(toServer.map((s) => s.noDelay())).toEqual(toServer.map(() => true));
    } finally {
      recorder.stop();
    }
  });
});

describe('HTTP (node:http, http-text.ts)', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"applicationName":"ProGet"}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => new Promise<void>((r) => server.close(() => r())));

  it('reads the health endpoint with Nagle off (node:http sets it itself)', async () => {
    const recorder = recordSockets();
    try {
      const h = await readProductHealth(`http://127.0.0.1:${port}`, 3000);
      expect(h.reachable).toBe(true);
      const toServer = recorder.toPort(port);
      expect(toServer.length).toBeGreaterThan(0);
      expect(toServer.map((s) => s.noDelay())).toEqual(toServer.map(() => true));
    } finally {
      recorder.stop();
      server.closeAllConnections();
    }
  });
});
