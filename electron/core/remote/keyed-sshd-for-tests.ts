/**
 * Test support (not used by the engine): for one test file, a private sshd (sshd-test-fixture.ts) that
 * takes one fresh ed25519 key, started before the file's tests and stopped after; `openAt` opens a
 * session to it as root with that key, its host key pinned at the port given (the sshd's own, or a relay's
 * in front of it).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { HostKeyPolicy, KnownHostsStore } from './known-hosts';
import { openSession, type SessionOptions, type SshSession } from './ssh-session';
import { generateKey, keygenFingerprint, TestSshd } from './sshd-test-fixture';

export interface KeyedSshd {
  /** The running sshd (after the file's beforeAll). */
  sshd(): TestSshd;
  openAt(port: number, options?: Partial<SessionOptions>): Promise<SshSession>;
}

export function keyedSshdForFile(tempPrefix: string): KeyedSshd {
  let sshd: TestSshd | undefined;
  let dir = '';
  let key = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), tempPrefix));
    const path = await generateKey(dir, 'id_ed25519', 'ed25519');
    key = await readFile(path, 'utf8');
    sshd = await TestSshd.start([await readFile(`${path}.pub`, 'utf8')]);
  }, 60_000);
  afterAll(async () => {
    await sshd?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);
  const running = () => {
    if (!sshd) throw new Error('the test sshd is not running (keyedSshdForFile must be called at the top of a describe)');
    return sshd;
  };
  return {
    sshd: running,
    async openAt(port, options = {}) {
      const store = new KnownHostsStore(join(dir, `kh-${randomBytes(4).toString('hex')}.json`));
      const hostKeyPolicy = new HostKeyPolicy({ store, pinned: { [`127.0.0.1:${port}`]: await keygenFingerprint(running().hostKeyPublicPath) } });
      return openSession({ host: '127.0.0.1', port, username: 'root', auth: { kind: 'key', privateKey: key }, hostKeyPolicy, connectTimeoutMs: 10_000, os: 'linux', ...options });
    },
  };
}
