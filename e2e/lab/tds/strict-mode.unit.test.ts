/**
 * Encrypt=Strict (TDS 8.0) is honoured: the engine's probe, with the real mssql/tedious driver,
 * against the TDS test server in both modes. A server that cannot do strict TLS (TDS 7.x, TLS inside
 * PRELOGIN) fails the probe; a strict server with a trusted certificate passes; strict never skips
 * certificate validation, whatever TrustServerCertificate says.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSqlServer } from '../../../electron/shared/connection-string/connection-strings';
import { probeSqlServer, type SqlServerProbeResult } from '../../../electron/core/database/sqlserver-probe';
import { type TdsServer, startTdsServer } from './server';
import { LOOPBACK, OWNER, labModel, makeTempDir, removeDir } from './tds-test-support';

const REPO = join(__dirname, '..', '..', '..');
let dir: string;
let caFile: string;
let tds7: TdsServer;
let strict: TdsServer;
const strictLog: string[] = [];
const tds7Log: string[] = [];

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  new Promise<string>((resolve, reject) => execFile(cmd, args, { timeout: 30_000, env }, (e, out, err) => (e ? reject(new Error(`${String(e)}\n${err}`)) : resolve(out))));

const cs = (port: number, extra: string) => `Server=localhost,${port};Database=ProGet;User ID=${OWNER.name};${extra}`;

async function probe(connectionString: string): Promise<SqlServerProbeResult> {
  const parsed = parseSqlServer(connectionString);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return probeSqlServer({ endpoint: parsed.endpoint, password: OWNER.password, connectTimeoutMs: 3000, portGiven: true });
}

beforeAll(async () => {
  dir = await makeTempDir('tds-strict-');
  // A CA and a server certificate it signed, for localhost: what an admin's machine would trust.
  const f = (n: string) => join(dir, n);
  caFile = f('ca.pem');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', caFile, '-days', '2', '-subj', '/CN=HA Wizard test CA']);
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost']);
  const ext = f('ext.cnf');
  await writeFile(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  await run('openssl', ['x509', '-req', '-in', f('server.csr'), '-CA', caFile, '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'), '-days', '2', '-extfile', ext]);
  const tls = { key: await readFile(f('server.key')), cert: await readFile(f('server.pem')) };
  tds7 = await startTdsServer({ host: LOOPBACK, port: 0, tls, model: labModel(), log: (l) => tds7Log.push(l) });
  strict = await startTdsServer({ host: LOOPBACK, port: 0, tls, model: labModel(), strict: true, log: (l) => strictLog.push(l) });
}, 60_000);

afterAll(async () => {
  await tds7?.close();
  await strict?.close();
  if (dir) await removeDir(dir);
});

describe('Encrypt=Strict (TDS 8.0)', () => {
  it('is read from the connection string in any case and spacing, and only from Strict', () => {
    for (const v of ['Strict', 'strict', ' STRICT ']) expect(parseSqlServer(cs(1, `Encrypt=${v}`))).toMatchObject({ ok: true, endpoint: { strictEncryption: true, encrypt: true } });
    for (const v of ['True', 'Mandatory', 'yes']) expect(parseSqlServer(cs(1, `Encrypt=${v}`))).toMatchObject({ ok: true, endpoint: { encrypt: true } });
    expect(parseSqlServer(cs(1, 'Encrypt=Mandatory'))).not.toMatchObject({ endpoint: { strictEncryption: true } });
  });

  it('a server that cannot do strict TLS fails the probe (it passed when probed as Encrypt=true)', async () => {
    const r = await probe(cs(tds7.port, 'Encrypt=Strict;TrustServerCertificate=True'));
    expect(r).toMatchObject({ connected: false, error: { kind: 'tls' } });
    expect(r.error?.message).toMatch(/did not complete a TDS 8\.0 \(Encrypt=Strict\) TLS handshake/);
    // The same server with plain Encrypt=true logs in: the difference is strict mode alone.
    expect((await probe(cs(tds7.port, 'Encrypt=True;TrustServerCertificate=True'))).connected).toBe(true);
    expect(tds7Log.some((l) => /protocol error, closing: expected PRELOGIN, got packet type 0x16/.test(l))).toBe(true);
  });

  it('a strict server whose certificate this computer trusts passes: TLS first, ALPN tds/8.0, then PRELOGIN and login', async () => {
    const loader = pathToFileURL(join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const out = await run(process.execPath, ['--import', loader, join(__dirname, 'strict-probe-child.ts'),
      JSON.stringify({ connectionString: cs(strict.port, 'Encrypt=Strict'), password: OWNER.password, timeoutMs: 5000 })],
    { ...process.env, NODE_EXTRA_CA_CERTS: caFile });
    const r = JSON.parse(out) as SqlServerProbeResult;
    expect(r, JSON.stringify(r.error)).toMatchObject({ connected: true, factsFrom: 'database', serverVersion: '16.0.4135.4', isDbOwner: true });
    expect(strictLog.some((l) => /strict TLS TLSv1\.[23] established, ALPN tds\/8\.0/.test(l))).toBe(true);
    expect(strictLog.some((l) => /prelogin client encryption=2 answer=2/.test(l))).toBe(true);
  }, 30_000);

  it('strict always validates the certificate: an untrusted one fails even with TrustServerCertificate=True', async () => {
    const r = await probe(cs(strict.port, 'Encrypt=Strict;TrustServerCertificate=True'));
    expect(r).toMatchObject({ connected: false, error: { kind: 'tls' } });
    expect(r.error?.message).toMatch(/certificate/i);
  });

  it('a TDS 7.x client (Encrypt=true) cannot talk to a strict server', async () => {
    const r = await probe(cs(strict.port, 'Encrypt=True;TrustServerCertificate=True'));
    expect(r.connected).toBe(false);
  });
});
