/**
 * Item 3: a profile opened in the desktop app (or its browser harness) must not make the engine read
 * a local file or environment variable and send it to a server the profile names. The attack as it
 * was found: `database.password: { file: "~/.ssh/id_rsa" }` and a database server that asks for a
 * clear-text password. Here that server is a small fake PostgreSQL on this machine that records the
 * password it is sent; the engine is the real WizardService with the real pg driver.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/contract';
import { SecretResolver } from '../secrets';
import { uiSecretSource, WizardService, type HostAdapter } from './wizard-service';

/** A PostgreSQL stand-in: refuses SSL, asks for a clear-text password, records it, refuses the login. */
async function fakePostgres(host: string) {
  const passwords: string[] = [];
  const server = net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    let started = false;
    socket.on('error', () => undefined);
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        if (!started) {
          if (buf.length < 8) return;
          const len = buf.readInt32BE(0);
          if (buf.length < len) return;
          const code = buf.readInt32BE(4);
          buf = buf.subarray(len);
          if (code === 80877103) { socket.write('N'); continue; } // SSLRequest: no
          started = true;
          const ask = Buffer.alloc(9);
          ask.write('R', 0);
          ask.writeInt32BE(8, 1);
          ask.writeInt32BE(3, 5); // AuthenticationCleartextPassword
          socket.write(ask);
          continue;
        }
        if (buf.length < 5) return;
        const len = buf.readInt32BE(1);
        if (buf.length < len + 1) return;
        if (buf[0] === 0x70) passwords.push(buf.subarray(5, len).toString('utf8').replace(/\0$/, ''));
        buf = buf.subarray(len + 1);
        const fields = Buffer.from('SFATAL\0C28P01\0Mpassword authentication failed\0\0');
        const err = Buffer.alloc(5);
        err.write('E', 0);
        err.writeInt32BE(4 + fields.length, 1);
        socket.end(Buffer.concat([err, fields]));
        return;
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return { port: (server.address() as net.AddressInfo).port, passwords, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A local, non-loopback address when the machine has one (a cluster's database is never on loopback). */
function localAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-local-secrets-'));
const idRsa = path.join(dir, 'id_rsa');
const KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${crypto.randomBytes(48).toString('base64')}\n-----END OPENSSH PRIVATE KEY-----`;
let pg: Awaited<ReturnType<typeof fakePostgres>>;
let closedPort = 0;

beforeAll(async () => {
  fs.writeFileSync(idRsa, KEY, { mode: 0o600 });
  pg = await fakePostgres(localAddress());
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closedPort = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
});
afterAll(() => pg?.close());

const profile = () => ({
  version: 1, product: 'proget',
  // A node nobody answers for: SSH fails at once; the database login is made from this computer.
  nodes: [{ id: 'node1', host: '127.0.0.1', port: closedPort, user: 'admin', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget.env' }],
  database: { kind: 'postgres', connectionString: `Host=${localAddress()};Port=${pg.port};Database=proget;Username=proget`, password: { file: idRsa } },
  storage: { path: '/var/proget/packages' }, loadBalancer: { type: 'haproxy' },
});

/** Runs `database.login` through the service as the UI does, and returns its result. */
async function loginCheck(extra: Record<string, unknown>) {
  let done!: (p: EventPayload<'checks.done'>) => void;
  const finished = new Promise<EventPayload<'checks.done'>>((r) => (done = r));
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => {
    if (name === 'checks.done') done(payload as EventPayload<'checks.done'>);
  };
  const host = { info: () => ({ version: '0.1.0', host: 'electron', secretStorage: 'encrypted', platform: 'linux' }) } as unknown as HostAdapter;
  const service = new WizardService(host, emit, { connectTimeoutMs: 2000, checkTimeoutMs: 10_000, knownHostsPath: path.join(dir, 'kh.json') });
  await service.call('checks.run', { runId: `r${crypto.randomBytes(4).toString('hex')}`, profile: profile(), only: ['database.login'], ...extra });
  const end = await finished;
  if (!end.ok) throw new Error(`the run failed: ${end.error}`);
  return end.output.results.find((r) => r.id === 'database.login')!;
}

describe('file and env references in a profile the UI sends (item 3)', () => {
  it('without the admin’s yes, the file is not read and the server receives nothing', async () => {
    const before = pg.passwords.length;
    const r = await loginCheck({});
    expect(pg.passwords.slice(before)).toEqual([]);
    expect(r.status).toBe('fail');
    expect(r.detail).toContain(idRsa);
    expect(r.detail).toMatch(/only after you allow it/);
    expect(JSON.stringify(r)).not.toContain(KEY.slice(40, 80));
  });

  it('a yes for another file or a variable does not count for this one', async () => {
    const before = pg.passwords.length;
    await loginCheck({ allowLocalSecrets: [{ file: `${idRsa}.pub` }, { env: 'HOME' }] });
    expect(pg.passwords.slice(before)).toEqual([]);
  });

  it('with the admin’s yes for this run, that file is read and used', async () => {
    const before = pg.passwords.length;
    const r = await loginCheck({ allowLocalSecrets: [{ file: idRsa }] });
    expect(pg.passwords.slice(before)).toEqual([KEY]);
    expect(r.status).toBe('fail');
    expect(r.detail).not.toContain(KEY.slice(40, 80));
  });

  it('environment variables likewise; typed values always; encrypted blobs never', async () => {
    const env = { HA_TEST_DB_PASSWORD: 'from-the-environment' };
    Object.assign(process.env, env);
    try {
      const refused = new SecretResolver(uiSecretSource({ db: 'typed-value' }, []));
      await expect(refused.resolve({ env: 'HA_TEST_DB_PASSWORD' }, 'database password')).rejects.toThrow(/environment variable HA_TEST_DB_PASSWORD.*only after you allow it/);
      expect(await refused.resolve({ prompt: 'db' }, 'database password')).toBe('typed-value');
      await expect(refused.resolve({ encrypted: 'AAAA' }, 'x')).rejects.toThrow(/cannot be read here/);
      const allowed = new SecretResolver(uiSecretSource({}, [{ env: 'HA_TEST_DB_PASSWORD' }]));
      expect(await allowed.resolve({ env: 'HA_TEST_DB_PASSWORD' }, 'database password')).toBe('from-the-environment');
    } finally {
      delete process.env.HA_TEST_DB_PASSWORD;
    }
  });
});
