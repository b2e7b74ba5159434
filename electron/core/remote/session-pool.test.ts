import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostKeyPolicy, KnownHostsStore } from './known-hosts';
import { ConnectError, HostKeyError } from './remote-errors';
import { PoolClosedError, SessionPool, type NodeConnection } from './session-pool';
import { type SessionOptions, type SshSession } from './ssh-session';
import { canRunSshd, freePort, generateKey, keygenFingerprint, TestSshd } from './sshd-test-fixture';

describe('SessionPool (no network)', () => {
  const connection = { host: 'node', port: 22, username: 'u', os: 'linux' } as unknown as NodeConnection;

  it('remembers a failed connect for the run: one attempt for many callers', async () => {
    let attempts = 0;
    const pool = new SessionPool({
      resolve: () => connection,
      open: async () => {
        attempts++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new ConnectError('node', 22, 'ECONNREFUSED', 'connection refused');
      },
    });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => pool.exec('node1', 'true')));
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    await expect(pool.get('node1')).rejects.toBeInstanceOf(ConnectError);
    expect(attempts).toBe(1);
    expect(pool.failure('node1')).toBeInstanceOf(ConnectError);
    expect(pool.failedWith('node1', ConnectError)?.code).toBe('ECONNREFUSED');
    expect(pool.failedWith('node1', HostKeyError)).toBeUndefined();
    await pool.forget('node1');
    await expect(pool.get('node1')).rejects.toBeInstanceOf(ConnectError);
    expect(attempts).toBe(2);
  });

  it('remembers a resolver failure too (e.g. a secret that cannot be read)', async () => {
    let calls = 0;
    const pool = new SessionPool({
      resolve: () => {
        calls++;
        throw new Error('no password for node1');
      },
    });
    await expect(pool.get('node1')).rejects.toThrow('no password');
    await expect(pool.get('node1')).rejects.toThrow('no password');
    expect(calls).toBe(1);
  });

  it('refuses work after closeAll', async () => {
    const pool = new SessionPool({ resolve: () => connection, open: () => Promise.reject(new Error('unused')) });
    await pool.closeAll();
    await expect(pool.get('node1')).rejects.toBeInstanceOf(PoolClosedError);
  });
});

describe.skipIf(!canRunSshd)('SessionPool against a real OpenSSH sshd', () => {
  let sshd: TestSshd;
  let keysDir: string;
  let pool: SessionPool;
  let opened: SessionOptions[];

  beforeAll(async () => {
    keysDir = await mkdtemp(join(tmpdir(), 'hawizard-pool-'));
    const key = await generateKey(keysDir, 'id_ed25519', 'ed25519');
    sshd = await TestSshd.start([await readFile(`${key}.pub`, 'utf8')]);
    const privateKey = await readFile(key, 'utf8');
    const fingerprint = await keygenFingerprint(sshd.hostKeyPublicPath);
    const deadPort = await freePort();
    opened = [];
    pool = new SessionPool({
      resolve: (nodeId) => ({
        host: '127.0.0.1',
        port: nodeId === 'dead' ? deadPort : sshd.port,
        username: 'root',
        auth: { kind: 'key', privateKey },
        hostKeyPolicy: new HostKeyPolicy({ store: new KnownHostsStore(join(keysDir, 'trust.json')), pinned: { '127.0.0.1': fingerprint } }),
        connectTimeoutMs: 5000,
        os: 'linux',
      }),
      open: async (options) => {
        opened.push(options);
        return (await import('./ssh-session')).openSession(options);
      },
    });
  }, 60_000);

  afterAll(async () => {
    await pool?.closeAll();
    await sshd?.stop();
    await rm(keysDir, { recursive: true, force: true });
  }, 30_000);

  it('makes exactly one handshake for 10 concurrent execs on a node', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => pool.exec('node1', `echo ${i}`)));
    expect(results.map((result) => result.stdout)).toEqual(Array.from({ length: 10 }, (_, i) => `${i}\n`));
    expect(pool.handshakes('node1')).toBe(1);
    expect(pool.tcpOpened('node1')).toBe(true); // what network.messenger's wait for a slow peer goes by
    const sessions = await Promise.all(Array.from({ length: 5 }, () => pool.get('node1')));
    expect(new Set(sessions).size).toBe(1);
    expect(pool.handshakes('node1')).toBe(1);
  });

  it('gives each node its own session', async () => {
    const [a, b] = await Promise.all([pool.get('node1'), pool.get('node2')]);
    expect(a).not.toBe(b);
    expect(pool.handshakes('node2')).toBe(1);
  });

  it('remembers a node that cannot be reached', async () => {
    const before = opened.length;
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => pool.exec('dead', 'true')));
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    await expect(pool.get('dead')).rejects.toBeInstanceOf(ConnectError);
    expect(opened.length - before).toBe(1);
    expect(pool.handshakes('dead')).toBe(0);
    expect(pool.tcpOpened('dead')).toBe(false);
  });

  it('reconnects a node whose session dropped', async () => {
    const first: SshSession = await pool.get('node3');
    await first.close();
    const second = await pool.get('node3');
    expect(second).not.toBe(first);
    expect((await second.exec('echo back')).stdout).toBe('back\n');
    expect(pool.handshakes('node3')).toBe(2);
  });

  it('closes every session on closeAll', async () => {
    const session = await pool.get('node1');
    await pool.closeAll();
    expect(session.closed).toBe(true);
    await expect(pool.get('node1')).rejects.toBeInstanceOf(PoolClosedError);
  });
});
