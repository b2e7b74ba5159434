/**
 * Test support (not used by the engine): a private OpenSSH sshd on 127.0.0.1 with its own config,
 * host key, authorized_keys and pid file in a root-owned temp directory under /run (StrictModes
 * rejects anything under the world-writable /tmp). Needs root and /usr/sbin/sshd.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const SSHD_PATH = '/usr/sbin/sshd';

/** Whether this machine can run the fixture (root, sshd installed). */
export const canRunSshd = process.platform === 'linux' && process.getuid?.() === 0 && existsSync(SSHD_PATH);

/** A free TCP port on loopback (tiny race until sshd binds it; acceptable for tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Generates a key pair with ssh-keygen; returns the private key path. */
export async function generateKey(dir: string, name: string, type: 'ed25519' | 'rsa', passphrase = ''): Promise<string> {
  const path = join(dir, name);
  const bits = type === 'rsa' ? ['-b', '3072'] : [];
  await run('ssh-keygen', ['-q', '-t', type, ...bits, '-N', passphrase, '-C', name, '-f', path]);
  return path;
}

/** ssh-keygen's own SHA256 fingerprint of a public key file. */
export async function keygenFingerprint(publicKeyPath: string): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-lf', publicKeyPath]);
  return stdout.split(' ')[1] ?? '';
}

/** Resolves once something on host:port speaks SSH (its banner starts with SSH-). */
async function waitForBanner(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const timer = setTimeout(() => done(false), 500);
      const done = (value: boolean) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(value);
      };
      socket.once('data', (data) => done(data.toString('latin1').startsWith('SSH-')));
      socket.once('error', () => done(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not start on port ${port}`);
}

export class TestSshd {
  private child: ChildProcess | undefined;
  private log = '';
  private readonly exitGuard = () => this.child?.kill('SIGKILL');

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly hostKeyPath: string,
  ) {}

  /**
   * Starts sshd allowing the given public keys (authorized_keys content) for every user; optionally
   * with an RSA host key and extra sshd_config lines (e.g. to offer only SHA-1 algorithms).
   */
  static async start(authorizedKeys: string[], options: { hostKeyType?: 'ed25519' | 'rsa'; extraConfig?: string[] } = {}): Promise<TestSshd> {
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    const dir = await mkdtemp('/run/hawtest-sshd-');
    await chmod(dir, 0o700);
    const hostKeyPath = await generateKey(dir, 'host_ed25519', options.hostKeyType ?? 'ed25519');
    await writeFile(join(dir, 'authorized_keys'), authorizedKeys.join('\n') + '\n', { mode: 0o600 });
    const sshd = new TestSshd(dir, await freePort(), hostKeyPath);
    await writeFile(
      join(dir, 'sshd_config'),
      [
        `Port ${sshd.port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKeyPath}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'StrictModes yes',
        'UsePAM no',
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'MaxAuthTries 3',
        'LogLevel VERBOSE',
        'Subsystem sftp internal-sftp -l INFO',
        ...(options.extraConfig ?? []),
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    process.once('exit', sshd.exitGuard);
    await sshd.launch();
    return sshd;
  }

  private async launch(): Promise<void> {
    const child = spawn(SSHD_PATH, ['-D', '-e', '-f', join(this.dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString('utf8')));
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`sshd exited (${code}): ${this.log}`))));
    exited.catch(() => undefined);
    await Promise.race([waitForBanner(this.port, Date.now() + 10_000), exited]);
  }

  /** sshd's log so far (stderr, -e). */
  get logs(): string {
    return this.log;
  }

  get hostKeyPublicPath(): string {
    return `${this.hostKeyPath}.pub`;
  }

  /** The raw host public key blob, as a client receives it. */
  async hostKeyBlob(): Promise<Buffer> {
    return Buffer.from((await readFile(this.hostKeyPublicPath, 'utf8')).split(' ')[1] ?? '', 'base64');
  }

  /** Stops sshd, gives it a new host key, starts it again on the same port. */
  async regenerateHostKey(): Promise<void> {
    await this.stopProcess();
    await rm(this.hostKeyPath, { force: true });
    await rm(this.hostKeyPublicPath, { force: true });
    await generateKey(this.dir, 'host_ed25519', 'ed25519');
    await this.launch();
  }

  private async stopProcess(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops sshd (only the process this fixture started) and removes its directory. */
  async stop(): Promise<void> {
    try {
      await this.stopProcess();
    } finally {
      process.removeListener('exit', this.exitGuard);
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}

/** A temporary local user with a password, for password-login tests; remove() deletes it. */
export async function createTestUser(password: string): Promise<{ name: string; remove: () => Promise<void> }> {
  const name = `hawtest${Math.random().toString(16).slice(2, 10)}`;
  await run('useradd', ['-M', '-N', '-s', '/bin/sh', name]);
  const remove = async () => {
    await run('userdel', [name]).catch(() => undefined);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const child = execFile('chpasswd', (error) => (error ? reject(error) : resolve()));
      child.stdin?.end(`${name}:${password}\n`);
    });
  } catch (error) {
    await remove();
    throw error;
  }
  return { name, remove };
}
