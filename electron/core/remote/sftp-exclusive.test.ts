/**
 * Files the engine writes on a node (sentinels, backups, temp files) are only ever created new, over
 * SFTP with exclusive create, against a real OpenSSH sshd: a symbolic link planted at the name is
 * refused, never written through.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeLeftTemps, replaceVerified, writeVerified } from '../apply/remote-file';
import { HostKeyPolicy, KnownHostsStore } from './known-hosts';
import { SftpError } from './remote-errors';
import { openSession, type SshSession } from './ssh-session';
import { canRunSshd, generateKey, keygenFingerprint, TestSshd } from './sshd-test-fixture';

describe.skipIf(!canRunSshd)('exclusive create over SFTP (real sshd)', () => {
  let sshd: TestSshd;
  let keysDir: string;
  let dir: string;
  let session: SshSession;

  beforeAll(async () => {
    keysDir = await mkdtemp('/run/hawtest-keys-');
    const key = await generateKey(keysDir, 'id_ed25519', 'ed25519');
    sshd = await TestSshd.start([await readFile(`${key}.pub`, 'utf8')]);
    const store = new KnownHostsStore(join(keysDir, 'known.json'));
    session = await openSession({
      host: '127.0.0.1', port: sshd.port, username: 'root', os: 'linux', connectTimeoutMs: 10_000,
      auth: { kind: 'key', privateKey: await readFile(key, 'utf8') },
      hostKeyPolicy: new HostKeyPolicy({ store, pinned: { [`127.0.0.1:${sshd.port}`]: await keygenFingerprint(sshd.hostKeyPublicPath) } }),
    });
    dir = await mkdtemp('/run/hawtest-files-');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    await sshd?.stop();
    await rm(keysDir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  async function plant(name: string, target: string): Promise<string> {
    const link = join(dir, name);
    await symlink(target, link);
    return link;
  }

  it('creates a new file with its mode', async () => {
    const file = join(dir, `new-${randomBytes(4).toString('hex')}`);
    await session.createFile(file, 'hello', { mode: 0o640 });
    expect(await readFile(file, 'utf8')).toBe('hello');
    expect((await session.stat(file)).mode & 0o777).toBe(0o640);
  });

  it('refuses a symbolic link at the name (to a file, or dangling) and an existing file, naming why', async () => {
    const victim = join(dir, 'victim');
    await writeFile(victim, 'precious');
    const toFile = await plant('sentinel-a.txt', victim);
    const dangling = await plant('sentinel-b.txt', join(dir, 'would-be-created'));
    for (const name of [toFile, dangling, victim]) {
      const error = await session.createFile(name, 'written by node1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SftpError);
      expect((error as Error).message).toMatch(/already exists, or is a symbolic link/);
    }
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect(existsSync(join(dir, 'would-be-created'))).toBe(false);
  });

  it('writeVerified (backups) refuses to write through a planted link', async () => {
    const victim = join(dir, 'victim-2');
    await writeFile(victim, 'precious');
    const backup = await plant('app.env.ha-wizard-backup', victim);
    await expect(writeVerified(session, backup, Buffer.from('new'), undefined, 'mismatch')).rejects.toBeInstanceOf(SftpError);
    expect(await readFile(victim, 'utf8')).toBe('precious');
  });

  it('replaceVerified writes a temp file nobody can plant first, and leaves none behind', async () => {
    const target = join(dir, 'app.env');
    await writeFile(target, 'old');
    const victim = join(dir, 'victim-3');
    await writeFile(victim, 'precious');
    // The name the old code wrote to: a link there must not matter.
    await plant('app.env.ha-wizard-new', victim);
    await replaceVerified(session, target, Buffer.from('new'), 0o600, '.ha-wizard-new', 'mismatch');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect((await readdir(dir)).filter((f) => f.startsWith('app.env.ha-wizard-new-'))).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)('a file it cannot fill (a full disk) is removed, and the error does not blame an existing name', async () => {
    const full = await mkdtemp('/run/hawtest-full-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'hawtest-full', full]);
    try {
      const target = join(full, 'app.env');
      await writeFile(target, 'old');
      // 200 KiB into 64 KiB: the create succeeds, a write fails with the disk full.
      const error = await replaceVerified(session, target, Buffer.alloc(200 * 1024, 0x61), 0o600, '.ha-wizard-new', 'mismatch').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SftpError);
      expect(String(error)).not.toMatch(/already exists/);
      expect(await readdir(full)).toEqual(['app.env']);
      expect(await readFile(target, 'utf8')).toBe('old');
      const backup = await writeVerified(session, join(full, 'app.env.bak'), Buffer.alloc(200 * 1024, 0x62), undefined, 'mismatch').catch((e: unknown) => e);
      expect(backup).toBeInstanceOf(SftpError);
      expect(await readdir(full)).toEqual(['app.env']);
    } finally {
      execFileSync('umount', [full]);
      await rm(full, { recursive: true, force: true });
    }
  });

  it('writes a file larger than one SFTP write request whole', async () => {
    const file = join(dir, `big-${randomBytes(4).toString('hex')}`);
    const bytes = randomBytes(300 * 1024 + 17);
    await session.createFile(file, bytes);
    expect((await readFile(file)).equals(bytes)).toBe(true);
  });

  it('removeLeftTemps lists the folder over SFTP and removes only the temp names replaceVerified makes', async () => {
    const sub = await mkdtemp(join(dir, 'sweep-'));
    const names = ['app.env', 'app.env.ha-wizard-new-0123456789ab', 'app.env.ha-wizard-restore-abcdef012345', 'app.env.ha-wizard-new-mine', 'other.env.ha-wizard-new-0123456789ab', 'app.env.ha-wizard-20261201T120000Z.bak'];
    for (const n of names) await writeFile(join(sub, n), n);
    expect((await removeLeftTemps(session, join(sub, 'app.env'))).sort()).toEqual(['app.env.ha-wizard-new-0123456789ab', 'app.env.ha-wizard-restore-abcdef012345']);
    expect((await readdir(sub)).sort()).toEqual(['app.env', 'app.env.ha-wizard-20261201T120000Z.bak', 'app.env.ha-wizard-new-mine', 'other.env.ha-wizard-new-0123456789ab']);
  });
});

