/**
 * Typed errors of the remote layer. Messages name host, port, user and path so the admin knows
 * where it failed; they never carry passwords, passphrases, keys or command text (a command may
 * hold a parameter blob), and the classes hold no such fields, so logging or serializing them is safe.
 */
import { isRecord } from '../../shared/is-record';

/** Base of every error raised by the remote layer. */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly host: string,
    readonly port: number,
  ) {
    super(message);
  }

  /** Plain data for reports and IPC (Error's own message/name are not enumerable). */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

/** The server presented a key we do not trust: unknown (ask the admin) or changed (refuse). */
export class HostKeyError extends RemoteError {
  override readonly name = 'HostKeyError';
  constructor(
    readonly kind: 'unknown' | 'changed',
    host: string,
    port: number,
    /** Fingerprint the server presented (SHA256:...). */
    readonly presented: string,
    readonly keyType: string,
    /** Fingerprint we expected (store or profile pin), for 'changed'. */
    readonly expected?: string,
  ) {
    super(
      kind === 'unknown'
        ? `The host key of ${host}:${port} is not known yet (${keyType} ${presented}). Compare it with the server's key before accepting it.`
        : `The host key of ${host}:${port} has CHANGED: expected ${expected}, the server presented ${keyType} ${presented}. ` +
            'This may be a re-installed server or an attack; the connection was refused.',
      host,
      port,
    );
  }
}

export type AuthFailureReason = 'rejected' | 'passphrase-required' | 'bad-passphrase' | 'invalid-key' | 'agent-unavailable';

const AUTH_REASON_TEXT: Record<AuthFailureReason, string> = {
  rejected: 'the server rejected the credentials',
  'passphrase-required': 'the private key is encrypted and no passphrase was given',
  'bad-passphrase': 'the passphrase does not decrypt the private key',
  'invalid-key': 'the private key could not be read (unsupported or damaged)',
  'agent-unavailable': 'no SSH agent is available',
};

/** Logging in failed, locally (key, passphrase, agent) or at the server. Never contains the secret. */
export class AuthError extends RemoteError {
  override readonly name = 'AuthError';
  constructor(
    host: string,
    port: number,
    readonly username: string,
    readonly method: 'password' | 'key' | 'agent',
    readonly reason: AuthFailureReason,
  ) {
    super(`Authentication as ${username} on ${host}:${port} with ${method === 'key' ? 'a private key' : `the ${method}`} failed: ${AUTH_REASON_TEXT[reason]}.`, host, port);
  }
}

/** No SSH session within the connect timeout (no answer, filtered port, stalled handshake). */
export class ConnectTimeoutError extends RemoteError {
  override readonly name = 'ConnectTimeoutError';
  constructor(
    host: string,
    port: number,
    readonly timeoutMs: number,
  ) {
    super(`No SSH session with ${host}:${port} within ${timeoutMs} ms: the server did not answer (down, filtered, or not an SSH server).`, host, port);
  }
}

/** Any other connection failure (refused, unknown host, reset, protocol error). */
export class ConnectError extends RemoteError {
  override readonly name = 'ConnectError';
  constructor(
    host: string,
    port: number,
    readonly code: string | undefined,
    /** What went wrong, without the host (which the message adds): for callers that name the host themselves. */
    readonly detail: string,
  ) {
    super(`Cannot connect to ${host}:${port}: ${detail}`, host, port);
  }
}

/** A command ran longer than its timeout; its channel was closed. */
export class ExecTimeoutError extends RemoteError {
  override readonly name = 'ExecTimeoutError';
  constructor(
    host: string,
    port: number,
    readonly timeoutMs: number,
  ) {
    super(`A remote command on ${host}:${port} did not finish within ${timeoutMs} ms and was abandoned.`, host, port);
  }
}

/** A remote command abandoned by its caller (an AbortSignal): the process was sent KILL and its channel closed. */
export class ExecAbortedError extends RemoteError {
  override readonly name = 'ExecAbortedError';
  constructor(host: string, port: number) {
    super(`A remote command on ${host}:${port} was abandoned before it finished.`, host, port);
  }
}

/** The session is closed (by close() or by the network); open a new one. */
export class SessionClosedError extends RemoteError {
  override readonly name = 'SessionClosedError';
  constructor(host: string, port: number, detail = 'the SSH session is closed') {
    super(`${host}:${port}: ${detail}`, host, port);
  }
}

export type SftpFailure = 'not-found' | 'permission-denied' | 'failure';

/** An SFTP operation failed on a path. */
export class SftpError extends RemoteError {
  override readonly name = 'SftpError';
  constructor(
    host: string,
    port: number,
    readonly operation: string,
    readonly path: string,
    readonly failure: SftpFailure,
    detail: string,
  ) {
    super(`SFTP ${operation} of ${path} on ${host}:${port} failed: ${detail}`, host, port);
  }
}

/** Maps an ssh2 SFTP status code (2 = no such file, 3 = permission denied) to our failure kinds. */
export function sftpFailureOf(error: unknown): SftpFailure {
  const code = isRecord(error) ? error.code : undefined;
  if (code === 2 || code === 'ENOENT') return 'not-found';
  if (code === 3 || code === 'EACCES') return 'permission-denied';
  return 'failure';
}
