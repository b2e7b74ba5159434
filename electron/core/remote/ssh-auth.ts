/**
 * Turns the caller's credentials into one ssh2 authentication method. Keys are parsed (and
 * decrypted) here, so a wrong passphrase is a clear local error, and the password or passphrase
 * never lands in ssh2's connection config (which stays reachable from the Client object).
 */
import type { AnyAuthMethod, utils } from 'ssh2';
import { AuthError } from './remote-errors';

export type SshAuth =
  | { kind: 'password'; password: string }
  | { kind: 'key'; privateKey: string | Buffer; passphrase?: string }
  /** agent: a socket path, a Windows pipe, or 'pageant'; default from the platform (see resolveAgentPath). */
  | { kind: 'agent'; agent?: string };

/** The OpenSSH for Windows agent's named pipe. */
export const WINDOWS_OPENSSH_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';

/**
 * Which agent to use: the one named, else on Windows the OpenSSH agent's pipe, else SSH_AUTH_SOCK.
 * 'pageant' is passed through on Windows (ssh2 speaks to Pageant itself). Undefined: none available.
 */
export function resolveAgentPath(
  requested: string | undefined,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (requested === 'pageant') return platform === 'win32' ? 'pageant' : undefined;
  if (requested) return requested;
  if (platform === 'win32') return WINDOWS_OPENSSH_AGENT_PIPE;
  return env.SSH_AUTH_SOCK || undefined;
}

interface Target {
  host: string;
  port: number;
  username: string;
}

/** Builds the auth method, or throws AuthError (never mentioning the secret). */
/** `ssh2Utils`: ssh2's utils, passed in because ssh2 is loaded on first use (ssh2-module.ts). */
export function buildAuthMethod(target: Target, auth: SshAuth, ssh2Utils: Pick<typeof utils, 'parseKey'>): AnyAuthMethod {
  const { host, port, username } = target;
  switch (auth.kind) {
    case 'password':
      return { type: 'password', username, password: auth.password };
    case 'agent': {
      const agent = resolveAgentPath(auth.agent);
      if (!agent) throw new AuthError(host, port, username, 'agent', 'agent-unavailable');
      return { type: 'agent', username, agent };
    }
    case 'key': {
      let parsed: ReturnType<typeof utils.parseKey> | ReturnType<typeof utils.parseKey>[];
      try {
        parsed = ssh2Utils.parseKey(auth.privateKey, auth.passphrase);
      } catch {
        throw new AuthError(host, port, username, 'key', 'invalid-key');
      }
      const key = Array.isArray(parsed) ? parsed[0] : parsed;
      if (!key || key instanceof Error) {
        const message = key instanceof Error ? key.message : '';
        const reason = /no passphrase given/i.test(message)
          ? 'passphrase-required'
          : /passphrase|decrypt/i.test(message)
            ? 'bad-passphrase'
            : 'invalid-key';
        throw new AuthError(host, port, username, 'key', reason);
      }
      if (!key.isPrivateKey()) throw new AuthError(host, port, username, 'key', 'invalid-key');
      return { type: 'publickey', username, key };
    }
  }
}
