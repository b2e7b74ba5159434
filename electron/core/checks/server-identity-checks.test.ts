/**
 * Against a real sshd on 127.0.0.1: a bracketed or IPv4-mapped host connects and matches its pin
 * (before: "host name not found", and an unknown key), and servers.distinct names two entries that are
 * one server, by address and by host key.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../shared/profile';
import { envFileSecretSource, SecretResolver } from '../secrets';
import { canRunSshd, generateKey, keygenFingerprint, TestSshd } from '../remote/sshd-test-fixture';
import { ClusterContext } from '../run/cluster-context';
import { serverChecks } from './server-checks';
import { serverIdentityChecks } from './server-identity-checks';

describe.skipIf(!canRunSshd)('host forms and servers.distinct (real sshd)', () => {
  let dir: string;
  let keyPath: string;
  let sshd: TestSshd;
  let pin: string;

  beforeAll(async () => {
    dir = await mkdtemp('/run/hawtest-ident-');
    keyPath = await generateKey(dir, 'id_ed25519', 'ed25519');
    sshd = await TestSshd.start([await readFile(`${keyPath}.pub`, 'utf8')]);
    pin = await keygenFingerprint(sshd.hostKeyPublicPath);
  }, 60_000);

  afterAll(async () => {
    await sshd?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  async function withContext<T>(nodes: { id: string; host: string; pinned?: boolean }[], fn: (ctx: ClusterContext) => Promise<T>): Promise<T> {
    const profile = ProfileSchema.parse({
      version: 1, product: 'proget',
      nodes: nodes.map((n) => ({ id: n.id, host: n.host, port: sshd.port, user: 'root', os: 'linux', auth: { kind: 'key', keyPath }, configPath: '/etc/x.env', ...(n.pinned === false ? {} : { hostKeyFingerprint: pin }) })),
      database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget' },
      storage: { path: '/var/proget/packages' }, loadBalancer: { type: 'haproxy' },
    });
    const ctx = new ClusterContext(profile, { connectTimeoutMs: 10_000, checkTimeoutMs: 20_000, knownHostsPath: join(dir, `known-${Math.random()}.json`) }, new SecretResolver(envFileSecretSource({ env: {} })));
    try {
      return await fn(ctx);
    } finally {
      await ctx.close();
    }
  }
  const check = (id: string) => [...serverChecks, ...serverIdentityChecks].find((c) => c.id === id)!;

  it('connects to [::ffff:127.0.0.1] and ::ffff:127.0.0.1, trusting the pinned key', async () => {
    await withContext([{ id: 'a', host: '[::ffff:127.0.0.1]' }, { id: 'b', host: '::FFFF:7f00:1' }], async (ctx) => {
      for (const id of ['a', 'b']) {
        expect(await check('server.reachable').run(ctx, id)).toMatchObject({ status: 'pass' });
        expect(await check('server.host-key').run(ctx, id)).toMatchObject({ status: 'pass', data: { fingerprint: pin } });
      }
    });
  });

  it('flags two entries at one address, naming both', async () => {
    await withContext([{ id: 'a', host: '127.0.0.1' }, { id: 'b', host: '[::ffff:127.0.0.1]' }], async (ctx) => {
      const r = await check('servers.distinct').run(ctx);
      expect(r.status).toBe('fail');
      expect(r.detail).toBe(`a and b are the same server (both at 127.0.0.1:${sshd.port})`);
    });
  });

  it('flags two addresses with one host key, naming both, even before the key is trusted', async () => {
    await withContext([{ id: 'a', host: '127.0.0.1' }, { id: 'b', host: 'localhost', pinned: false }], async (ctx) => {
      const r = await check('servers.distinct').run(ctx);
      expect(r.status).toBe('fail');
      expect(r.detail).toBe(`a and b are the same server (the same host key, ${pin}, at 127.0.0.1:${sshd.port} and localhost:${sshd.port})`);
    });
  });

  it('passes one entry per server', async () => {
    await withContext([{ id: 'a', host: '127.0.0.1' }], async (ctx) => {
      expect(await check('servers.distinct').run(ctx)).toMatchObject({ status: 'pass', detail: 'one server, its host key' });
    });
  });
});
