/**
 * SHA-1 is refused by default (ssh-rsa host-key signatures, hmac-sha1 MACs), against real OpenSSH
 * sshd's configured to offer only those; a node the profile allows connects, and says it uses them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterContext } from '../run/cluster-context';
import { serverChecks } from '../checks/server-checks';
import { ProfileSchema } from '../../shared/profile';
import { envFileSecretSource, SecretResolver } from '../secrets';
import { HostKeyPolicy, KnownHostsStore } from './known-hosts';
import { ConnectError } from './remote-errors';
import { sha1InUse, sshAlgorithms } from './ssh-algorithms';
import { openSession, type SshSession } from './ssh-session';
import { canRunSshd, generateKey, keygenFingerprint, TestSshd } from './sshd-test-fixture';
import { remedyText } from '../../shared/remedy';

describe('sshAlgorithms', () => {
  it('offers no SHA-1 unless allowed, and then only after everything else', () => {
    const strict = sshAlgorithms(false);
    expect(strict.serverHostKey).not.toContain('ssh-rsa');
    expect((strict.hmac as string[]).filter((m) => m.includes('sha1'))).toEqual([]);
    expect(strict.serverHostKey).toContain('rsa-sha2-256');
    const allowed = sshAlgorithms(true);
    expect((allowed.serverHostKey as string[]).at(-1)).toBe('ssh-rsa');
    expect((allowed.hmac as string[]).slice(-2)).toEqual(['hmac-sha1-etm@openssh.com', 'hmac-sha1']);
  });

  it('names the SHA-1 algorithms a connection uses', () => {
    const n = (hostKey: string, mac: string) => ({ kex: 'curve25519-sha256', serverHostKey: hostKey, cs: { cipher: 'aes128-ctr', mac, compress: 'none', lang: '' }, sc: { cipher: 'aes128-ctr', mac, compress: 'none', lang: '' } }) as Parameters<typeof sha1InUse>[0];
    expect(sha1InUse(n('ssh-rsa', 'hmac-sha1'))).toEqual(['ssh-rsa', 'hmac-sha1']);
    expect(sha1InUse(n('ssh-ed25519', 'hmac-sha2-256'))).toEqual([]);
  });
});

describe.skipIf(!canRunSshd)('SHA-1 against real sshd', () => {
  let keysDir: string;
  let key: string;
  let keyPath: string;
  const servers: TestSshd[] = [];
  const sessions: SshSession[] = [];

  beforeAll(async () => {
    keysDir = await mkdtemp('/run/hawtest-alg-');
    const path = await generateKey(keysDir, 'id_ed25519', 'ed25519');
    key = await readFile(path, 'utf8');
    keyPath = path;
    const authorized = [await readFile(`${path}.pub`, 'utf8')];
    // CTR ciphers need a separate MAC (GCM carries its own), so the MAC list is what decides.
    servers.push(await TestSshd.start(authorized, { hostKeyType: 'rsa', extraConfig: ['HostKeyAlgorithms ssh-rsa', 'Ciphers aes128-ctr'] }));
    servers.push(await TestSshd.start(authorized, { extraConfig: ['MACs hmac-sha1', 'Ciphers aes128-ctr'] }));
    servers.push(await TestSshd.start(authorized, { hostKeyType: 'rsa', extraConfig: ['Ciphers aes128-ctr'] }));
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(sessions.map((s) => s.close()));
    await Promise.allSettled(servers.map((s) => s.stop()));
    await rm(keysDir, { recursive: true, force: true });
  }, 30_000);

  async function connect(sshd: TestSshd, allowSha1?: boolean): Promise<SshSession> {
    const store = new KnownHostsStore(join(keysDir, `known-${sshd.port}.json`));
    const session = await openSession({
      host: '127.0.0.1', port: sshd.port, username: 'root', os: 'linux', connectTimeoutMs: 10_000,
      auth: { kind: 'key', privateKey: key }, ...(allowSha1 === undefined ? {} : { allowSha1 }),
      hostKeyPolicy: new HostKeyPolicy({ store, pinned: { [`127.0.0.1:${sshd.port}`]: await keygenFingerprint(sshd.hostKeyPublicPath) } }),
    });
    sessions.push(session);
    return session;
  }

  it('refuses a server that signs its host key only with ssh-rsa (SHA-1), saying why', async () => {
    const error = await connect(servers[0]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe('NO_COMMON_ALGORITHM');
    expect((error as Error).message).toMatch(/host-key signature.*ssh-rsa.*refuses by default/);
  });

  it('refuses a server whose only MAC is hmac-sha1', async () => {
    const error = await connect(servers[1]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as Error).message).toMatch(/no MAC algorithm.*hmac-sha1/);
  });

  it('connects to both when the node allows SHA-1, and says it uses it', async () => {
    expect((await connect(servers[0]!, true)).sha1InUse).toEqual(['ssh-rsa']);
    expect((await connect(servers[1]!, true)).sha1InUse).toEqual(['hmac-sha1']);
  });

  it('still connects to an RSA host key by default, signed with SHA-2', async () => {
    const session = await connect(servers[2]!);
    expect(session.algorithms?.serverHostKey).toMatch(/^rsa-sha2-(256|512)$/);
    expect(session.algorithms?.cs.mac).toMatch(/sha2/);
    expect(session.sha1InUse).toEqual([]);
  });

  it('checks: a refused server says how to allow it; an allowed one warns on every run', async () => {
    const sshd = servers[0]!;
    const run = async (allowSha1: boolean) => {
      const profile = ProfileSchema.parse({
        version: 1, product: 'proget',
        nodes: [{ id: 'old', host: '127.0.0.1', port: sshd.port, user: 'root', os: 'linux', auth: { kind: 'key', keyPath }, configPath: '/etc/x.env',
          hostKeyFingerprint: await keygenFingerprint(sshd.hostKeyPublicPath), ...(allowSha1 ? { allowSha1 } : {}) }],
        database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget' },
        storage: { path: '/var/proget/packages' }, loadBalancer: { type: 'haproxy' },
      });
      const ctx = new ClusterContext(profile, { connectTimeoutMs: 10_000, checkTimeoutMs: 20_000, knownHostsPath: join(keysDir, `ctx-${allowSha1}.json`) }, new SecretResolver(envFileSecretSource({ env: {} })));
      try {
        const byId = (id: string) => serverChecks.find((c) => c.id === id)!;
        return { reachable: await byId('server.reachable').run(ctx, 'old'), hostKey: await byId('server.host-key').run(ctx, 'old') };
      } finally {
        await ctx.close();
      }
    };
    const refused = await run(false);
    expect(refused.reachable).toMatchObject({ status: 'fail' });
    expect(remedyText(refused.reachable.remedy!, { surface: 'cli' })).toMatch(/in the profile \("allowSha1": true\)/);
    const allowed = await run(true);
    expect(allowed.reachable.status).toBe('pass');
    expect(allowed.hostKey).toMatchObject({ status: 'warn' });
    expect(allowed.hostKey.detail).toMatch(/allows SHA-1 for this server, and the connection uses ssh-rsa/);
  });
});
