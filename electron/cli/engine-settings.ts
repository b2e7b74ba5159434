/** What every CLI command that talks to servers shares: secrets from env/file/TTY, host keys, timeouts. */
import { DEFAULT_SETTINGS, type EngineSettings } from '../core/run/engine-settings';
import { defaultKnownHostsPath } from '../core/data-dir';
import { SecretResolver, envFileSecretSource } from '../core/secrets';
import { parseAcceptedHostKeys } from './profile-file';
import { promptHidden } from './terminal-secrets';

export interface ConnectionOptions {
  acceptHostKey?: string[];
  connectTimeout: number;
  knownHosts?: string;
}

export function cliSecrets(): SecretResolver {
  return new SecretResolver(envFileSecretSource({ prompt: (label, question) => promptHidden(label, question) }));
}

export function cliEngineSettings(o: ConnectionOptions): EngineSettings {
  return {
    connectTimeoutMs: o.connectTimeout,
    checkTimeoutMs: Math.max(DEFAULT_SETTINGS.checkTimeoutMs, o.connectTimeout * 3),
    knownHostsPath: o.knownHosts ?? defaultKnownHostsPath(),
    acceptedHostKeys: parseAcceptedHostKeys(o.acceptHostKey ?? []),
  };
}
