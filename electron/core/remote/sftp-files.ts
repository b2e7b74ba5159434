/**
 * File operations over one SFTP channel per session, opened on first use and reused. Windows
 * paths are converted to the form Windows OpenSSH's SFTP server expects (C:\x\y -> /C:/x/y).
 */
import { type SFTPWrapper } from 'ssh2';
import { SessionClosedError, SftpError, sftpFailureOf } from './remote-errors';

export interface RemoteStat {
  size: number;
  /** POSIX mode bits (type and permissions) as the server reports them. */
  mode: number;
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
}

/** `C:\ProgramData\x` or `C:/x` -> `/C:/ProgramData/x`; other paths unchanged (POSIX, or already /C:/). */
export function toSftpPath(path: string, os: 'linux' | 'windows'): string {
  if (os !== 'windows') return path;
  if (/^[A-Za-z]:([\\/]|$)/.test(path)) return `/${path.replace(/\\/g, '/')}`;
  return path.replace(/\\/g, '/');
}

interface Target {
  host: string;
  port: number;
  os: 'linux' | 'windows';
}

/** Bytes per SFTP write request: well inside OpenSSH's 256 KiB packet limit. */
const WRITE_CHUNK = 32 * 1024;

export class SftpFiles {
  private channel: Promise<SFTPWrapper> | undefined;

  constructor(
    private readonly target: Target,
    private readonly open: () => Promise<SFTPWrapper>,
    /** Aborted when the session closes. */
    private readonly sessionClosed: AbortSignal,
  ) {}

  /** Forgets the channel (it closed); the next operation opens a new one. */
  reset(): void {
    this.channel = undefined;
  }

  private sftp(): Promise<SFTPWrapper> {
    if (!this.channel) {
      const opening = this.open();
      this.channel = opening;
      opening.catch(() => {
        if (this.channel === opening) this.channel = undefined;
      });
    }
    return this.channel;
  }

  /** Runs one callback-style SFTP call and maps its error to SftpError. */
  private async call<T>(operation: string, path: string, run: (sftp: SFTPWrapper, done: (error: unknown, value?: T) => void) => void): Promise<T> {
    const sftp = await this.sftp();
    return this.untilClosed(sftp, new Promise<T>((resolve, reject) => {
      try {
        run(sftp, (error, value) => {
          if (error) reject(this.error(operation, path, error));
          // Kept: ssh2's callbacks give their value only without an error; `run` types it for its call.
          else resolve(value as T);
        });
      } catch (error) {
        reject(this.error(operation, path, error));
      }
    }));
  }

  /**
   * Settles `work` when the channel or the session closes, if ssh2 has not: its readFile answers a
   * read failed by a dropped channel with a CLOSE request that can never be answered, and waits.
   */
  private untilClosed<T>(sftp: SFTPWrapper, work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const closed = () => reject(new SessionClosedError(this.target.host, this.target.port, 'the connection closed before the server answered'));
      if (this.sessionClosed.aborted) closed();
      sftp.once('close', closed);
      this.sessionClosed.addEventListener('abort', closed, { once: true });
      void work.then(resolve, reject).finally(() => {
        sftp.off('close', closed);
        this.sessionClosed.removeEventListener('abort', closed);
      });
    });
  }

  private error(operation: string, path: string, error: unknown): SftpError {
    const detail = error instanceof Error ? error.message : String(error);
    return new SftpError(this.target.host, this.target.port, operation, path, sftpFailureOf(error), detail);
  }

  readFile(path: string): Promise<Buffer> {
    const remote = toSftpPath(path, this.target.os);
    return this.call<Buffer>('read', path, (sftp, done) => sftp.readFile(remote, (error, data) => done(error, data)));
  }

  writeFile(path: string, data: Buffer | string, options: { mode?: number } = {}): Promise<void> {
    const remote = toSftpPath(path, this.target.os);
    const mode = options.mode === undefined ? {} : { mode: options.mode };
    return this.call<void>('write', path, (sftp, done) => sftp.writeFile(remote, data, { flag: 'w', ...mode }, (error) => done(error)));
  }

  /**
   * Creates a new file and writes it: exclusive create (SFTP CREAT|EXCL: O_EXCL on OpenSSH, CREATE_NEW
   * on Windows), so an existing file, or a symbolic link planted at the name, is refused, never
   * followed or overwritten. A file it created but could not fill (a full disk, a dropped link) is
   * removed again: it is ours, since the exclusive create made it, and a half-written file must not stay.
   */
  async createFile(path: string, data: Buffer | string, options: { mode?: number } = {}): Promise<void> {
    const remote = toSftpPath(path, this.target.os);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const attrs = options.mode === undefined ? {} : { mode: options.mode };
    const handle = await this.call<Buffer>('create', path, (sftp, done) => sftp.open(remote, 'wx', attrs, (error, h) => {
      // SFTP v3 has no "already exists" status: OpenSSH answers a plain failure for EEXIST.
      if (error && sftpFailureOf(error) === 'failure') done(Object.assign(new Error(`${error.message} (the name already exists, or is a symbolic link: not written through)`), { code: 4 }));
      else done(error, h);
    }));
    try {
      for (let at = 0; at < bytes.length; at += WRITE_CHUNK) {
        const length = Math.min(WRITE_CHUNK, bytes.length - at);
        await this.call<void>('write', path, (sftp, done) => sftp.write(handle, bytes, at, length, at, (error) => done(error)));
      }
    } catch (error) {
      await this.call<void>('close', path, (sftp, done) => sftp.close(handle, (e) => done(e))).catch(() => undefined);
      await this.call<void>('remove', path, (sftp, done) => sftp.unlink(remote, (e) => done(e))).catch(() => undefined);
      throw error;
    }
    await this.call<void>('close', path, (sftp, done) => sftp.close(handle, (error) => done(error))).catch(async (error: unknown) => {
      // A close that fails may not have flushed the file: the same rule, nothing half-written stays.
      await this.call<void>('remove', path, (sftp, done) => sftp.unlink(remote, (e) => done(e))).catch(() => undefined);
      throw error;
    });
  }

  /** The names in a directory (not `.` or `..`). */
  readdir(path: string): Promise<string[]> {
    const remote = toSftpPath(path, this.target.os);
    return this.call<string[]>('list', path, (sftp, done) => sftp.readdir(remote, (error, list) => done(error, error ? undefined : list.map((e) => e.filename).filter((n) => n !== '.' && n !== '..'))));
  }

  /** posix-rename@openssh.com replaces the target atomically; plain SFTP rename refuses to overwrite. */
  async rename(from: string, to: string): Promise<void> {
    const source = toSftpPath(from, this.target.os);
    const target = toSftpPath(to, this.target.os);
    const sftp = await this.sftp();
    try {
      await this.untilClosed(sftp, new Promise<void>((resolve, reject) => sftp.ext_openssh_rename(source, target, (error) => (error ? reject(error) : resolve()))));
      return;
    } catch (error) {
      // ssh2 throws this synchronously when the server did not advertise the extension.
      if (error instanceof SessionClosedError) throw error;
      if (!(error instanceof Error && /does not support/.test(error.message))) throw this.error('rename', `${from} -> ${to}`, error);
    }
    await this.call<void>('rename', `${from} -> ${to}`, (channel, done) => channel.rename(source, target, (error) => done(error)));
  }

  stat(path: string): Promise<RemoteStat> {
    const remote = toSftpPath(path, this.target.os);
    return this.call<RemoteStat>('stat', path, (sftp, done) =>
      sftp.stat(remote, (error, stats) => {
        if (error) return done(error);
        done(undefined, {
          size: stats.size,
          mode: stats.mode,
          mtimeMs: stats.mtime * 1000,
          isFile: stats.isFile(),
          isDirectory: stats.isDirectory(),
        });
      }),
    );
  }

  async exists(path: string): Promise<boolean> {
    try {
      await this.stat(path);
      return true;
    } catch (error) {
      if (error instanceof SftpError && error.failure === 'not-found') return false;
      throw error;
    }
  }

  unlink(path: string): Promise<void> {
    const remote = toSftpPath(path, this.target.os);
    return this.call<void>('unlink', path, (sftp, done) => sftp.unlink(remote, (error) => done(error)));
  }
}
