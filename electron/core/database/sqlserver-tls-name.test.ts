/**
 * A SQL Server given by IP address, its certificate trusted without validation: the probe logs in over
 * TLS and Node prints no DEP0123 warning (tedious used to pass the address as the TLS server name, and
 * every CLI run against an IP printed "Setting the TLS ServerName to an IP address…"). Against the lab's
 * TDS test server, real TLS, in this process; SQL Server itself cannot run here.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultTdsModel } from '../../../e2e/lab/tds/model';
import { startTdsServer, type TdsServer } from '../../../e2e/lab/tds/server';
import { probeSqlServer } from './sqlserver-probe';

const PASSWORD = 'Tls!Name-7';
let server: TdsServer;
let certDir: string;
const log: string[] = [];
const warnings: string[] = [];
const onWarning = (w: Error & { code?: string }) => warnings.push(`${w.code ?? w.name}: ${w.message}`);

beforeAll(async () => {
  // Listening before the first TLS connection of this file's process: Node warns once per process.
  process.on('warning', onWarning);
  certDir = await mkdtemp(join(tmpdir(), 'sqltls-'));
  const [key, cert] = [join(certDir, 'key.pem'), join(certDir, 'cert.pem')];
  await new Promise<void>((resolve, reject) => execFile('openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost'],
    { timeout: 15_000 }, (e) => (e ? reject(e) : resolve())));
  server = await startTdsServer({ host: '127.0.0.1', port: 0, tls: { key: await readFile(key), cert: await readFile(cert) }, model: defaultTdsModel({ login: 'proget', password: PASSWORD }), log: (l) => log.push(l) });
});

afterAll(async () => {
  process.off('warning', onWarning);
  await server?.close();
  if (certDir) await rm(certDir, { recursive: true, force: true });
});

it('logs in over TLS to 127.0.0.1 with the certificate trusted, and Node prints no TLS server name warning', async () => {
  const r = await probeSqlServer({
    endpoint: { kind: 'sqlserver', host: '127.0.0.1', port: server.port, database: 'ProGet', user: 'proget', integratedSecurity: false, encrypt: true, trustServerCertificate: true },
    password: PASSWORD, connectTimeoutMs: 3000, portGiven: true,
  });
  expect(r.error).toBeUndefined();
  expect(r.connected).toBe(true);
  expect(log.some((l) => l.includes('login ok') && l.includes('tls=all traffic'))).toBe(true);
  // Warnings are emitted on the next tick.
  await new Promise((res) => setImmediate(res));
  expect(warnings.filter((w) => /DEP0123|TLS ServerName/.test(w))).toEqual([]);
});
