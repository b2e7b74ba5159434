/**
 * A failed Connect names the form field at fault (issue 11, item 1): against a real sshd on 127.0.0.1,
 * a key the server rejects points at the key file, an encrypted key without its passphrase at the
 * passphrase, a closed port at the port, a name that does not resolve at the host. The checks come from
 * ALL_CHECKS, as the engine runs them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../shared/profile';
import { AuthError, ConnectError, ConnectTimeoutError, HostKeyError } from '../remote/remote-errors';
import { canRunSshd, freePort, generateKey, keygenFingerprint, TestSshd } from '../remote/sshd-test-fixture';
import { ClusterContext } from '../run/cluster-context';
import { envFileSecretSource, SecretResolver } from '../secrets';
import { ALL_CHECKS } from './all-checks';
import { loginFault, reachFault } from './field-at-fault';

const check = (id: string) => ALL_CHECKS.find((c) => c.id === id)!;

describe('which field a connect error points at', () => {
  it('by the error itself', () => {
    expect(reachFault(new ConnectError('h', 22, 'ECONNREFUSED', 'refused'))).toBe('port');
    expect(reachFault(new ConnectError('h', 22, undefined, 'the server closed the connection before login completed'))).toBe('port');
    for (const code of ['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']) expect(reachFault(new ConnectError('h', 22, code, code))).toBe('host');
    expect(reachFault(new ConnectTimeoutError('h', 22, 1000))).toBe('host');
    expect(reachFault(new ConnectError('h', 22, 'NO_COMMON_ALGORITHM', 'x'))).toBeNull();
    expect(reachFault(new HostKeyError('unknown', 'h', 22, 'SHA256:x', 'ssh-ed25519'))).toBeNull();
    expect(loginFault(new AuthError('h', 22, 'u', 'password', 'rejected'), 'password')).toBe('password');
    expect(loginFault(new AuthError('h', 22, 'u', 'key', 'rejected'), 'key')).toBe('keyPath');
    expect(loginFault(new AuthError('h', 22, 'u', 'agent', 'rejected'), 'agent')).toBe('user');
    expect(loginFault(new AuthError('h', 22, 'u', 'key', 'bad-passphrase'), 'key')).toBe('passphrase');
    expect(loginFault(new AuthError('h', 22, 'u', 'key', 'passphrase-required'), 'key')).toBe('passphrase');
    expect(loginFault(new AuthError('h', 22, 'u', 'key', 'invalid-key'), 'key')).toBe('keyPath');
    expect(loginFault(new AuthError('h', 22, 'u', 'agent', 'agent-unavailable'), 'agent')).toBe('authKind');
  });
});

describe.skipIf(!canRunSshd)('a failed Connect names the field at fault (real sshd)', () => {
  let dir: string;
  let goodKey: string;
  let strangerKey: string;
  let lockedKey: string;
  let sshd: TestSshd;
  let pin: string;

  beforeAll(async () => {
    dir = await mkdtemp('/run/hawtest-fault-');
    goodKey = await generateKey(dir, 'id_good', 'ed25519');
    strangerKey = await generateKey(dir, 'id_stranger', 'ed25519');
    lockedKey = await generateKey(dir, 'id_locked', 'ed25519', 'a passphrase');
    sshd = await TestSshd.start([await readFile(`${goodKey}.pub`, 'utf8'), await readFile(`${lockedKey}.pub`, 'utf8')]);
    pin = await keygenFingerprint(sshd.hostKeyPublicPath);
  }, 60_000);

  afterAll(async () => {
    await sshd?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  async function outcomes(node: { host?: string; port?: number; keyPath: string }) {
    const profile = ProfileSchema.parse({
      version: 1, product: 'proget',
      nodes: [{ id: 'a', host: node.host ?? '127.0.0.1', port: node.port ?? sshd.port, user: 'root', os: 'linux', auth: { kind: 'key', keyPath: node.keyPath }, configPath: '/etc/x.env', hostKeyFingerprint: pin }],
      database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget' },
      storage: { path: '/var/proget/packages' }, loadBalancer: { type: 'haproxy' },
    });
    const ctx = new ClusterContext(profile, { connectTimeoutMs: 5000, checkTimeoutMs: 10_000, knownHostsPath: join(dir, `known-${Math.random()}.json`) }, new SecretResolver(envFileSecretSource({ env: {} })));
    try {
      return { reachable: await check('server.reachable').run(ctx, 'a'), login: await check('server.login').run(ctx, 'a') };
    } finally {
      await ctx.close();
    }
  }

  it('a key the server does not know: the key file', async () => {
    const r = await outcomes({ keyPath: strangerKey });
    expect(r.reachable.status).toBe('pass');
    expect(r.login).toMatchObject({ status: 'fail', data: { field: 'keyPath' } });
  });

  it('an encrypted key without its passphrase: the passphrase', async () => {
    expect((await outcomes({ keyPath: lockedKey })).login).toMatchObject({ status: 'fail', data: { field: 'passphrase' } });
  });

  it('a port nothing listens on: the port', async () => {
    const r = await outcomes({ keyPath: goodKey, port: await freePort() });
    expect(r.reachable).toMatchObject({ status: 'fail', data: { field: 'port' } });
  });

  it('a name that does not resolve: the host', async () => {
    const r = await outcomes({ keyPath: goodKey, host: 'no-such-server.invalid' });
    expect(r.reachable).toMatchObject({ status: 'fail', data: { field: 'host' } });
  });

  it('a server that logs in names no field', async () => {
    const r = await outcomes({ keyPath: goodKey });
    expect(r.reachable.status).toBe('pass');
    expect(r.login.status).toBe('pass');
    expect(r.login.data?.field).toBeUndefined();
  });
});
