import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostKeyPolicy, KnownHostsError, KnownHostsStore } from './known-hosts';
import { AuthError, ConnectError, ConnectTimeoutError, ExecTimeoutError, HostKeyError, SftpError } from './remote-errors';
import { openSession, type SessionOptions, type SshSession } from './ssh-session';
import { canRunSshd, createTestUser, freePort, generateKey, keygenFingerprint, TestSshd } from './sshd-test-fixture';

const PASSPHRASE = `pass-${randomBytes(6).toString('hex')}`;
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const WRONG_SECRET = `wrong-${randomBytes(6).toString('hex')}`;

/** Every way an error or session could end up in a log or report. */
function renderings(value: unknown): string {
  return [String(value), inspect(value, { depth: 8, showHidden: true }), JSON.stringify(value), (value as Error)?.stack ?? ''].join('\n');
}

describe.skipIf(!canRunSshd)('ssh-session against a real OpenSSH sshd', () => {
  let sshd: TestSshd;
  let keysDir: string;
  let ed25519Key: string;
  let rsaKey: string;
  let strangerKey: string;
  let storeDir: string;
  let user: { name: string; remove: () => Promise<void> } | undefined;
  const sessions: SshSession[] = [];

  beforeAll(async () => {
    keysDir = await mkdtemp(join(tmpdir(), 'hawizard-keys-'));
    storeDir = await mkdtemp(join(tmpdir(), 'hawizard-store-'));
    const ed = await generateKey(keysDir, 'id_ed25519', 'ed25519');
    const rsa = await generateKey(keysDir, 'id_rsa', 'rsa', PASSPHRASE);
    const stranger = await generateKey(keysDir, 'id_stranger', 'ed25519');
    sshd = await TestSshd.start([await readFile(`${ed}.pub`, 'utf8'), await readFile(`${rsa}.pub`, 'utf8')]);
    ed25519Key = await readFile(ed, 'utf8');
    rsaKey = await readFile(rsa, 'utf8');
    strangerKey = await readFile(stranger, 'utf8');
    user = await createTestUser(PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(sessions.map((session) => session.close()));
    await sshd?.stop();
    await user?.remove();
    await rm(keysDir, { recursive: true, force: true });
    await rm(storeDir, { recursive: true, force: true });
  }, 30_000);

  /** A policy trusting the fixture's current host key through a profile pin. */
  async function pinnedPolicy(): Promise<HostKeyPolicy> {
    const store = new KnownHostsStore(join(storeDir, `pinned-${randomBytes(4).toString('hex')}.json`));
    return new HostKeyPolicy({ store, pinned: { [`127.0.0.1:${sshd.port}`]: await keygenFingerprint(sshd.hostKeyPublicPath) } });
  }

  async function open(overrides: Partial<SessionOptions> = {}): Promise<SshSession> {
    const session = await openSession({
      host: '127.0.0.1',
      port: sshd.port,
      username: 'root',
      auth: { kind: 'key', privateKey: ed25519Key },
      hostKeyPolicy: await pinnedPolicy(),
      connectTimeoutMs: 10_000,
      os: 'linux',
      ...overrides,
    });
    sessions.push(session);
    return session;
  }

  it('logs in with an ed25519 key and runs commands with stdin, exit codes and stderr', async () => {
    const session = await open();
    expect(session.hostKey.fingerprint).toBe(await keygenFingerprint(sshd.hostKeyPublicPath));
    expect((await session.exec('id -un')).stdout).toBe('root\n');
    const stdin = `line one\nü ✓ 'quoted' $HOME\n${randomBytes(8).toString('hex')}`;
    const echoed = await session.exec('cat', { stdin });
    expect(echoed).toMatchObject({ code: 0, stdout: stdin, stderr: '' });
    const failing = await session.exec('echo oops >&2; exit 7');
    expect(failing).toMatchObject({ code: 7, stdout: '', stderr: 'oops\n' });
    const binary = randomBytes(4096);
    expect((await session.exec('cat', { stdin: binary })).stdoutBuffer.equals(binary)).toBe(true);
    expect((await session.exec('cat')).stdout).toBe(''); // stdin is closed even when none is given
    expect(session.handshakes).toBe(1);
  });

  it('logs in with a passphrase-protected RSA key', async () => {
    const session = await open({ auth: { kind: 'key', privateKey: Buffer.from(rsaKey), passphrase: PASSPHRASE } });
    expect((await session.exec('echo ok')).stdout).toBe('ok\n');
  });

  it('rejects a wrong or missing passphrase clearly, without the passphrase in the error', async () => {
    const wrong = await open({ auth: { kind: 'key', privateKey: rsaKey, passphrase: WRONG_SECRET } }).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(AuthError);
    expect(wrong).toMatchObject({ reason: 'bad-passphrase', method: 'key', host: '127.0.0.1', port: sshd.port });
    expect((wrong as Error).message).toMatch(/passphrase does not decrypt/);
    expect(renderings(wrong)).not.toContain(WRONG_SECRET);
    expect(renderings(wrong)).not.toContain(PASSPHRASE);
    const missing = await open({ auth: { kind: 'key', privateKey: rsaKey } }).catch((error: unknown) => error);
    expect(missing).toMatchObject({ name: 'AuthError', reason: 'passphrase-required' });
    await expect(open({ auth: { kind: 'key', privateKey: 'not a key' } })).rejects.toMatchObject({ reason: 'invalid-key' });
  });

  it('reports a key the server does not accept as AuthError', async () => {
    await expect(open({ auth: { kind: 'key', privateKey: strangerKey } })).rejects.toMatchObject({ name: 'AuthError', reason: 'rejected' });
  });

  it('logs in with a password, and a wrong password is an AuthError without the password', async () => {
    if (!user) throw new Error('test user missing');
    const session = await open({ username: user.name, auth: { kind: 'password', password: PASSWORD } });
    expect((await session.exec('id -un')).stdout).toBe(`${user.name}\n`);
    for (const rendering of [renderings(session), String(session), JSON.stringify(session)]) expect(rendering).not.toContain(PASSWORD);
    const error = await open({ username: user.name, auth: { kind: 'password', password: WRONG_SECRET } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ reason: 'rejected', method: 'password', username: user.name });
    expect(renderings(error)).not.toContain(WRONG_SECRET);
  });

  it('logs in through an ssh-agent', async () => {
    const { spawn, execFile } = await import('node:child_process');
    const socket = join(keysDir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !(await import('node:fs')).existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise<void>((resolve, reject) =>
        execFile('ssh-add', [join(keysDir, 'id_ed25519')], { env: { ...process.env, SSH_AUTH_SOCK: socket } }, (e) => (e ? reject(e) : resolve())),
      );
      const session = await open({ auth: { kind: 'agent', agent: socket } });
      expect((await session.exec('echo agent')).stdout).toBe('agent\n');
    } finally {
      agent.kill('SIGTERM');
    }
  });

  it('moves binary files over one reused SFTP channel: write, read, rename (replacing), stat, unlink', async () => {
    const logStart = sshd.logs.length;
    const session = await open();
    const dir = `/run/hawtest-sftp-${randomBytes(4).toString('hex')}`;
    await session.exec(`mkdir -m 700 ${dir}`);
    try {
      const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(1 << 20)]);
      await session.writeFile(`${dir}/blob.tmp`, data, { mode: 0o600 });
      await session.writeFile(`${dir}/blob`, 'old content');
      await session.rename(`${dir}/blob.tmp`, `${dir}/blob`);
      expect((await session.readFile(`${dir}/blob`)).equals(data)).toBe(true);
      expect(await session.exists(`${dir}/blob.tmp`)).toBe(false);
      const stat = await session.stat(`${dir}/blob`);
      expect(stat).toMatchObject({ size: data.length, isFile: true, isDirectory: false });
      expect(stat.mode & 0o777).toBe(0o600);
      expect((await session.stat(dir)).isDirectory).toBe(true);
      expect((await session.exec(`sha256sum ${dir}/blob`)).stdout.split(' ')[0]).toBe(
        (await import('node:crypto')).createHash('sha256').update(data).digest('hex'),
      );
      await session.unlink(`${dir}/blob`);
      const missing = await session.readFile(`${dir}/blob`).catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(SftpError);
      expect(missing).toMatchObject({ failure: 'not-found', operation: 'read' });
      // sshd logs one "subsystem 'sftp'" line per SFTP channel: eight operations, one channel.
      const sftpChannels = sshd.logs.slice(logStart).split('\n').filter((line) => line.includes("subsystem 'sftp'")).length;
      expect(sftpChannels).toBe(1);
    } finally {
      await session.exec(`rm -rf ${dir}`);
    }
  });

  it('runs many commands at once on one connection (more than sshd MaxSessions)', async () => {
    const session = await open();
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => session.exec(`sleep 0.05; echo ${i}`)));
    expect(results.map((result) => result.stdout)).toEqual(Array.from({ length: 25 }, (_, i) => `${i}\n`));
    expect(session.handshakes).toBe(1);
  });

  it('abandons a command after its timeout and stays usable', async () => {
    const session = await open();
    const started = Date.now();
    await expect(session.exec('sleep 5', { timeoutMs: 300 })).rejects.toBeInstanceOf(ExecTimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await session.exec('echo still')).stdout).toBe('still\n');
  });

  it('closes, and then refuses work', async () => {
    const session = await open();
    await session.close();
    expect(session.closed).toBe(true);
    await expect(session.exec('true')).rejects.toMatchObject({ name: 'SessionClosedError' });
  });

  it('times out against a port that accepts but never speaks, in about the timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const error = await open({ port, connectTimeoutMs: 700 }).catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(ConnectTimeoutError);
      expect(error).toMatchObject({ host: '127.0.0.1', port, timeoutMs: 700 });
      expect((error as Error).message).toContain(`127.0.0.1:${port}`);
      expect(elapsed).toBeGreaterThanOrEqual(650);
      expect(elapsed).toBeLessThan(2000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reports a refused connection as ConnectError', async () => {
    await expect(open({ port: await freePort() })).rejects.toSatisfy((error) => error instanceof ConnectError && error.code === 'ECONNREFUSED');
  });

  describe('host keys', () => {
    const storePath = () => join(storeDir, 'trust.json');

    it('refuses an unknown host key with its SHA256 fingerprint, writing nothing', async () => {
      const policy = new HostKeyPolicy({ store: new KnownHostsStore(storePath()) });
      const error = await open({ hostKeyPolicy: policy }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HostKeyError);
      expect(error).toMatchObject({ kind: 'unknown', host: '127.0.0.1', port: sshd.port, keyType: 'ssh-ed25519' });
      expect((error as HostKeyError).presented).toBe(await keygenFingerprint(sshd.hostKeyPublicPath));
      expect(await new KnownHostsStore(storePath()).readAll()).toEqual({});
    });

    it('connects once the fingerprint is accepted, records it, and trusts it next time', async () => {
      const fingerprint = await keygenFingerprint(sshd.hostKeyPublicPath);
      const accepting = new HostKeyPolicy({ store: new KnownHostsStore(storePath()), acceptedFingerprints: { [`127.0.0.1:${sshd.port}`]: fingerprint } });
      expect((await open({ hostKeyPolicy: accepting })).hostKey).toMatchObject({ fingerprint, source: 'accepted' });
      expect((await new KnownHostsStore(storePath()).get('127.0.0.1', sshd.port))?.fingerprint).toBe(fingerprint);
      const plain = new HostKeyPolicy({ store: new KnownHostsStore(storePath()) });
      expect((await open({ hostKeyPolicy: plain })).hostKey).toMatchObject({ fingerprint, source: 'store' });
    });

    it('fails with the store error (not a crash, not trust) when the store file is corrupt', async () => {
      const corrupt = join(storeDir, 'corrupt.json');
      await (await import('node:fs/promises')).writeFile(corrupt, '{ not json');
      const policy = new HostKeyPolicy({ store: new KnownHostsStore(corrupt) });
      await expect(open({ hostKeyPolicy: policy })).rejects.toSatisfy((error) => error instanceof KnownHostsError && /corrupt\.json/.test(error.message));
    });

    it('refuses a changed host key, naming both fingerprints', async () => {
      const before = await keygenFingerprint(sshd.hostKeyPublicPath);
      await sshd.regenerateHostKey();
      const after = await keygenFingerprint(sshd.hostKeyPublicPath);
      expect(after).not.toBe(before);
      const policy = new HostKeyPolicy({ store: new KnownHostsStore(storePath()), acceptedFingerprints: { [`127.0.0.1:${sshd.port}`]: after } });
      const error = await open({ hostKeyPolicy: policy }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HostKeyError);
      expect(error).toMatchObject({ kind: 'changed', presented: after, expected: before });
      expect((error as Error).message).toContain(before);
      expect((error as Error).message).toContain(after);
      expect((await new KnownHostsStore(storePath()).get('127.0.0.1', sshd.port))?.fingerprint).toBe(before);
    }, 30_000);
  });
});
