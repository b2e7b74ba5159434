/**
 * Nagle off on the engine's SSH connections (issue 10): with Nagle on, each small SSH packet written
 * while an earlier one is unacknowledged waits for the peer's delayed ACK (~40 ms on Linux), so a
 * sequence of short commands stalls. Checked structurally on the real socket to a real sshd.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSockets } from '../testing/socket-recorder';
import { HostKeyPolicy, KnownHostsStore } from './known-hosts';
import { openSession } from './ssh-session';
import { canRunSshd, generateKey, keygenFingerprint, TestSshd } from './sshd-test-fixture';

describe.skipIf(!canRunSshd)('SSH sessions turn Nagle off', () => {
  let sshd: TestSshd;
  let dir: string;
  let key: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hawizard-nodelay-'));
    const path = await generateKey(dir, 'id_ed25519', 'ed25519');
    key = await readFile(path, 'utf8');
    sshd = await TestSshd.start([await readFile(`${path}.pub`, 'utf8')]);
  }, 60_000);

  afterAll(async () => {
    await sshd?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('the socket to sshd has setNoDelay(true), and commands still run over it', async () => {
    const store = new KnownHostsStore(join(dir, `kh-${randomBytes(4).toString('hex')}.json`));
    const hostKeyPolicy = new HostKeyPolicy({ store, pinned: { [`127.0.0.1:${sshd.port}`]: await keygenFingerprint(sshd.hostKeyPublicPath) } });
    const recorder = recordSockets();
    try {
      const session = await openSession({ host: '127.0.0.1', port: sshd.port, username: 'root', auth: { kind: 'key', privateKey: key }, hostKeyPolicy, connectTimeoutMs: 10_000, os: 'linux' });
      try {
        for (let i = 0; i < 3; i++) expect((await session.exec(`echo ${i}`)).stdout).toBe(`${i}\n`);
      } finally {
        await session.close();
      }
      const toSshd = recorder.toPort(sshd.port);
      expect(toSshd).toHaveLength(1);
      expect(toSshd[0]?.noDelay()).toBe(true);
    } finally {
      recorder.stop();
    }
  });
});
