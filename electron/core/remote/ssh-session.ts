/**
 * One SSH connection to one node, over ssh2: connect with host-key verification against our policy,
 * run commands (stdout/stderr collected, stdin sent, timeout), and move files over one lazily opened
 * SFTP channel. Errors are typed (remote-errors.ts) and never carry secrets.
 */
import { setMaxListeners } from 'node:events';
import { inspect } from 'node:util';
import type { AnyAuthMethod, Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { ChannelSlots, execOnChannel, type ExecOptions, type ExecResult } from './exec-channel';
import { normalizeHost } from '../../shared/host-name';
import { type HostKeyDecision, type HostKeyPolicy } from './known-hosts';
import {
  AuthError,
  ConnectError,
  ConnectTimeoutError,
  HostKeyError,
  SessionClosedError,
} from './remote-errors';
import { describeNetworkError } from '../../shared/network-failure';
import { describeNoMatch, type NegotiatedAlgorithms, sha1InUse, sshAlgorithms } from './ssh-algorithms';
import { buildAuthMethod, type SshAuth } from './ssh-auth';
import { type RemoteStat, SftpFiles } from './sftp-files';
import { loadSsh2 } from './ssh2-module';
import { connectPacketSocket } from './packet-socket';

export type { ExecOptions, ExecResult };

export type RemoteOs = 'linux' | 'windows';

export interface SessionOptions {
  host: string;
  /** Default 22. */
  port?: number;
  username: string;
  auth: SshAuth;
  hostKeyPolicy: HostKeyPolicy;
  /** Whole connect: TCP, key exchange, host-key check and login. Default 15 s. */
  connectTimeoutMs?: number;
  os: RemoteOs;
  /**
   * SSH keepalive, so a dead network fails pending work instead of hanging: the session is lost after 3
   * unanswered. Default: the connect timeout, within 2–10 s (0: off).
   */
  keepaliveIntervalMs?: number;
  /**
   * Commands running at once on this connection; more wait their turn. OpenSSH allows 10 channels
   * per connection (MaxSessions), one of which the SFTP channel may take. Default 8.
   */
  maxConcurrentExecs?: number;
  /**
   * Accept SHA-1 (ssh-rsa host-key signatures, hmac-sha1 MACs) from this server: off by default, set
   * per node by the profile for an old server (see ssh-algorithms.ts).
   */
  allowSha1?: boolean;
  /** Called on every completed key exchange (initial: true for the connection's first). */
  onHandshake?: (initial: boolean) => void;
  /** Called once the TCP connection is open, before the SSH handshake: the host is up, if not yet logged in to. */
  onTcpConnect?: () => void;
}

/** An open session. Create with openSession(); share through SessionPool. */
export class SshSession {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly os: RemoteOs;
  /** The host key this session verified. */
  readonly hostKey: { fingerprint: string; keyType: string; source: string };
  /** What the first key exchange settled on. */
  readonly algorithms: NegotiatedAlgorithms | undefined;
  #client: Client;
  /** The TCP socket under the session (ours: see packet-socket.ts), destroyed when a close has to be forced. */
  #socket: { destroy(): void } | undefined;
  #slots: ChannelSlots;
  #closed = false;
  #closeListeners: (() => void)[] = [];
  /** Aborted on close: file operations in flight listen to it (see SftpFiles). */
  readonly #closedSignal = new AbortController();
  #handshakes = 1;
  #files: SftpFiles;

  /** @internal use openSession() */
  constructor(client: Client, options: Required<Pick<SessionOptions, 'host' | 'port' | 'username' | 'os'>> & { maxConcurrentExecs: number }, hostKey: SshSession['hostKey'], algorithms?: NegotiatedAlgorithms, socket?: { destroy(): void }) {
    this.#client = client;
    this.#socket = socket;
    this.#files = new SftpFiles({ host: options.host, port: options.port, os: options.os }, () => this.#openSftp(), this.#closedSignal.signal);
    this.host = options.host;
    this.port = options.port;
    this.username = options.username;
    this.os = options.os;
    this.hostKey = hostKey;
    this.algorithms = algorithms;
    this.#slots = new ChannelSlots(options.maxConcurrentExecs);
    setMaxListeners(0, this.#closedSignal.signal);
    client.on('handshake', () => this.#handshakes++);
    // An 'error' without a listener would crash the process; 'close' always follows it.
    client.on('error', () => undefined);
    client.on('close', () => {
      this.#closed = true;
      this.#files.reset();
      this.#closedSignal.abort();
      for (const listener of this.#closeListeners.splice(0)) listener();
    });
  }

  /** Key exchanges on this connection (1, plus any re-keying). */
  get handshakes(): number {
    return this.#handshakes;
  }

  /** The SHA-1 algorithms this connection uses (only ever non-empty when the profile allowed them). */
  get sha1InUse(): string[] {
    return sha1InUse(this.algorithms);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs when the connection ends, for whatever reason. */
  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#closeListeners.push(listener);
  }

  /** Runs one command. Windows: the command goes through cmd.exe (see powershell-dialect.ts). */
  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.#closed) throw new SessionClosedError(this.host, this.port);
    await this.#slots.acquire();
    try {
      if (this.#closed) throw new SessionClosedError(this.host, this.port);
      return await execOnChannel(this.#client, this, command, options, () => this.#closed);
    } finally {
      this.#slots.release();
    }
  }

  /** Reads a whole file over SFTP. Windows paths (C:\x) are accepted and converted (/C:/x). */
  readFile(path: string): Promise<Buffer> {
    return this.#files.readFile(path);
  }

  /**
   * Writes a whole file over SFTP (created or truncated; follows a symbolic link at the name). The engine
   * writes with createFile(): a temp file, then rename().
   */
  writeFile(path: string, data: Buffer | string, options: { mode?: number } = {}): Promise<void> {
    return this.#files.writeFile(path, data, options);
  }

  /** Creates a new file over SFTP; refuses an existing name or a symbolic link there (never writes through one). */
  createFile(path: string, data: Buffer | string, options: { mode?: number } = {}): Promise<void> {
    return this.#files.createFile(path, data, options);
  }

  /** Renames; replaces an existing target atomically where the server supports posix-rename (OpenSSH does). */
  rename(from: string, to: string): Promise<void> {
    return this.#files.rename(from, to);
  }

  stat(path: string): Promise<RemoteStat> {
    return this.#files.stat(path);
  }

  /** stat() that answers false for a missing path instead of throwing. */
  exists(path: string): Promise<boolean> {
    return this.#files.exists(path);
  }

  unlink(path: string): Promise<void> {
    return this.#files.unlink(path);
  }

  /** The names in a directory, over SFTP. */
  readdir(path: string): Promise<string[]> {
    return this.#files.readdir(path);
  }

  /**
   * A stream to a Unix socket on the server (OpenSSH's streamlocal forwarding), opened as the login
   * user: HAProxy's admin socket without socat on the host.
   */
  openUnixSocket(path: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new SessionClosedError(this.host, this.port));
      this.#client.openssh_forwardOutStreamLocal(path, (error, stream) => (error ? reject(new Error(`cannot open ${path} over SSH: ${error.message}`)) : resolve(stream)));
    });
  }

  #openSftp(): Promise<SFTPWrapper> {
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new SessionClosedError(this.host, this.port));
      this.#client.sftp((error, sftp) => {
        if (error) return reject(new SessionClosedError(this.host, this.port, `cannot open SFTP: ${error.message}`));
        sftp.on('close', () => this.#files.reset());
        // Every file operation in flight listens for the channel's close (see SftpFiles).
        sftp.setMaxListeners(0);
        resolve(sftp);
      });
    });
  }

  /** Ends the connection; resolves when it is closed (or after 3 s, when it is torn down). */
  async close(): Promise<void> {
    if (this.#closed) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        // ssh2's destroy() does nothing once end() has half-closed the socket, so over a dead link the
        // session (and every call still in flight on it) would wait for TCP itself: destroy the socket.
        this.#client.destroy();
        this.#socket?.destroy();
        resolve();
      }, 3000);
      this.onClose(() => {
        clearTimeout(force);
        resolve();
      });
      this.#client.end();
    });
  }

  toString(): string {
    return `SshSession(${this.username}@${this.host}:${this.port}, ${this.os}${this.#closed ? ', closed' : ''})`;
  }

  toJSON(): Record<string, unknown> {
    return { host: this.host, port: this.port, username: this.username, os: this.os, hostKey: this.hostKey, closed: this.#closed };
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * A server silent for three keepalives is gone. Each lasts as long as the admin is willing to wait for a
 * connection: with the default 5 s a cut link fails the work in flight in 15–20 s, not 30–40 s, and a
 * longer timeout for a slow network waits longer here too.
 */
export function keepaliveFor(connectTimeoutMs: number): number {
  return Math.min(10_000, Math.max(2000, connectTimeoutMs));
}

/** Connects, verifies the host key with the policy, logs in. Rejects with a typed RemoteError. */
export async function openSession(options: SessionOptions): Promise<SshSession> {
  const ssh2 = await loadSsh2();
  return connect(options, ssh2);
}

function connect(options: SessionOptions, ssh2: Awaited<ReturnType<typeof loadSsh2>>): Promise<SshSession> {
  // `[fd00::11]` would be looked up as a DNS name; the profile normalises, this keeps other callers safe.
  const host = normalizeHost(options.host);
  const port = options.port ?? 22;
  const timeoutMs = options.connectTimeoutMs ?? 15_000;
  const target = { host, port, username: options.username };
  const method = options.auth.kind;
  let authMethod: AnyAuthMethod | undefined;
  try {
    authMethod = buildAuthMethod(target, options.auth, ssh2.utils);
  } catch (error) {
    return Promise.reject(error);
  }

  return new Promise<SshSession>((resolve, reject) => {
    const client = new ssh2.Client();
    let decision: HostKeyDecision | undefined;
    let policyFailure: Error | undefined;
    let settled = false;
    let initialHandshakeSeen = false;
    let negotiated: NegotiatedAlgorithms | undefined;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(backstop);
      authMethod = undefined;
      client.destroy();
      reject(error);
    };
    // ssh2's readyTimeout covers the same span; this only guards against it never firing.
    const backstop = setTimeout(() => fail(new ConnectTimeoutError(host, port, timeoutMs)), timeoutMs + 2000);

    client.on('handshake', (algorithms: NegotiatedAlgorithms) => {
      negotiated ??= algorithms;
      options.onHandshake?.(!initialHandshakeSeen);
      initialHandshakeSeen = true;
    });
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (decision && decision.verdict !== 'trusted') {
        return fail(new HostKeyError(decision.verdict, host, port, decision.fingerprint, decision.keyType, decision.verdict === 'changed' ? decision.expected : undefined));
      }
      if (policyFailure) return fail(policyFailure);
      const noMatch = describeNoMatch(error.message, options.allowSha1 === true);
      if (noMatch) return fail(new ConnectError(host, port, 'NO_COMMON_ALGORITHM', noMatch));
      if (error.level === 'client-timeout') return fail(new ConnectTimeoutError(host, port, timeoutMs));
      if (error.level === 'client-authentication') return fail(new AuthError(host, port, options.username, method, 'rejected'));
      fail(new ConnectError(host, port, error.code, describeConnectError(error)));
    });
    client.on('close', () => fail(new ConnectError(host, port, undefined, 'the server closed the connection before login completed')));
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      clearTimeout(backstop);
      authMethod = undefined;
      client.removeAllListeners('error');
      client.removeAllListeners('close');
      const hostKey = { fingerprint: decision?.fingerprint ?? '', keyType: decision?.keyType ?? '', source: decision?.verdict === 'trusted' ? decision.source : '' };
      resolve(new SshSession(client, { host, port, username: options.username, os: options.os, maxConcurrentExecs: options.maxConcurrentExecs ?? 8 }, hostKey, negotiated, sock));
    });

    let authAttempts = 0;
    // Our own socket (ssh2 takes it as `sock` and waits for its connect): Nagle off and whole packets
    // per write, see packet-socket.ts.
    const sock = connectPacketSocket(host, port);
    sock.setMaxListeners(0);
    sock.once('connect', () => options.onTcpConnect?.());
    client.connect({
      sock,
      host,
      port,
      username: options.username,
      readyTimeout: timeoutMs,
      keepaliveInterval: options.keepaliveIntervalMs ?? keepaliveFor(timeoutMs),
      keepaliveCountMax: 3,
      algorithms: sshAlgorithms(options.allowSha1 === true),
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        options.hostKeyPolicy.evaluate(host, port, key).then(
          (result) => {
            decision = result;
            verify(result.verdict === 'trusted');
          },
          (error: unknown) => {
            policyFailure = error instanceof Error ? error : new Error(String(error));
            verify(false);
          },
        );
      },
      // Exactly one method, once: the credentials the admin chose, nothing guessed.
      authHandler: (_methodsLeft, _partialSuccess, next) => {
        authAttempts++;
        const nextMethod = authAttempts === 1 ? authMethod : undefined;
        // Kept: ssh2's NextAuthHandler type omits `false` (no more methods), which its code accepts.
        (next as (method: AnyAuthMethod | false) => void)(nextMethod ?? false);
      },
    });
  });
}

/** A socket error as a sentence (network-failure.ts); anything else (a protocol error) as ssh2 words it. */
function describeConnectError(error: Error & { code?: string }): string {
  return describeNetworkError(error.code, error.message) ?? error.message;
}
