/**
 * The SSH session to the balancer's host: the same remote layer as the nodes (host key pinned in the
 * profile, else the known-hosts store or a key the admin accepted for this run), the same auth.
 */
import fs from 'node:fs/promises';
import type { BalancerAccess } from '../../shared/profile';
import { HostKeyPolicy, hostKeyId, KnownHostsStore } from '../remote/known-hosts';
import type { SshAuth } from '../remote/ssh-auth';
import { openSession, type SshSession } from '../remote/ssh-session';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';

export type SshBalancerAccess = Extract<BalancerAccess, { kind: 'ssh' }>;

async function balancerAuth(access: SshBalancerAccess, secrets: SecretResolver): Promise<SshAuth> {
  const a = access.auth;
  if (a.kind === 'password') return { kind: 'password', password: await secrets.resolve(a.password, 'SSH password for the load balancer') };
  if (a.kind === 'agent') return { kind: 'agent', ...(a.agent ? { agent: a.agent } : {}) };
  const privateKey = await fs.readFile(a.keyPath).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`cannot read the private key ${a.keyPath} for the load balancer (${e.code ?? e.message})`);
  });
  const passphrase = a.passphrase ? await secrets.resolve(a.passphrase, 'key passphrase for the load balancer') : undefined;
  return { kind: 'key', privateKey, ...(passphrase ? { passphrase } : {}) };
}

export async function openBalancerSession(access: SshBalancerAccess, secrets: SecretResolver, settings: EngineSettings): Promise<SshSession> {
  const hostKeyPolicy = new HostKeyPolicy({
    store: new KnownHostsStore(settings.knownHostsPath),
    pinned: access.hostKeyFingerprint ? { [hostKeyId(access.host, access.port)]: access.hostKeyFingerprint } : {},
    acceptedFingerprints: settings.acceptedHostKeys ?? {},
  });
  return openSession({
    host: access.host, port: access.port, username: access.user, os: 'linux',
    auth: await balancerAuth(access, secrets), hostKeyPolicy, connectTimeoutMs: settings.connectTimeoutMs,
  });
}
