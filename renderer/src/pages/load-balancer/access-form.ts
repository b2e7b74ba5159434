/** The balancer access form's rules, in words an admin reads next to the field, and its draft mapping. */
import { z } from 'zod';
import { requireSignIn, signInShape } from '../servers/sign-in-rules';
import type { LoadBalancerType } from '../../../../electron/shared/profile';
import { SECRET, type BalancerAccessDraft, type BalancerAccessKind } from '../../store/draft-types';

const HOST = /^[A-Za-z0-9.:[\]_-]+$/;
const portOk = (v: string) => /^\d{1,5}$/.test(v.trim()) && +v >= 1 && +v <= 65535;

export const accessFormSchema = z.object({
  kind: z.enum(['none', 'haproxy-api', 'ssh']),
  host: z.string(),
  port: z.string(),
  user: z.string(),
  ...signInShape,
  hostKeyFingerprint: z.string(),
  configPath: z.string(),
  runtimeSocket: z.string(),
}).superRefine((v, ctx) => {
  if (v.kind === 'none') return;
  const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!v.host.trim()) need('host', 'Enter the host name or IP address');
  else if (!HOST.test(v.host.trim())) need('host', 'A host name or IP address only: no spaces, no user@, no :port (the port has its own field)');
  if (!v.port.trim()) need('port', v.kind === 'ssh' ? 'Enter the SSH port (usually 22)' : 'Enter the port HAProxy’s runtime API listens on');
  else if (!portOk(v.port)) need('port', 'A number from 1 to 65535');
  if (v.kind !== 'ssh') return;
  if (!v.user.trim()) need('user', 'Enter the user to log in as');
  requireSignIn(v, need);
  if (!v.configPath.trim()) need('configPath', 'Enter the path of the balancer’s configuration file on that host');
  if (v.hostKeyFingerprint.trim() && !/^SHA256:[A-Za-z0-9+/]{43}$/.test(v.hostKeyFingerprint.trim())) need('hostKeyFingerprint', 'An OpenSSH fingerprint: SHA256: and 43 characters');
});
export type AccessForm = z.input<typeof accessFormSchema>;

/** The draft's balancer access is unfinished or wrong (the page's Next waits for it). */
export function accessIncomplete(a: BalancerAccessDraft | undefined, secrets: Record<string, string>): boolean {
  return !!a && a.kind !== 'none' && !accessFormSchema.safeParse(accessToForm(a, secrets)).success;
}

/** The ways in this balancer type allows: the runtime API is HAProxy's; SSH for HAProxy and NGINX; none for the rest. */
export function accessKindsFor(type: LoadBalancerType): BalancerAccessKind[] {
  return type === 'haproxy' ? ['none', 'haproxy-api', 'ssh'] : type === 'nginx' ? ['none', 'ssh'] : ['none'];
}

export function accessToForm(a: BalancerAccessDraft, secrets: Record<string, string>): AccessForm {
  return {
    kind: a.kind, host: a.host, port: a.port, user: a.user, authKind: a.authKind,
    password: secrets[SECRET.balancerSsh] ?? '', hasStoredPassword: !!a.passwordRef,
    keyPath: a.keyPath, usePassphrase: a.usePassphrase, passphrase: secrets[SECRET.balancerPassphrase] ?? '', hasStoredPassphrase: !!a.passphraseRef,
    agent: a.agent, hostKeyFingerprint: a.hostKeyFingerprint, configPath: a.configPath, runtimeSocket: a.runtimeSocket,
  };
}

/** The draft fields of the form (secrets go to the secrets slice; references kept from an opened profile stay). */
export function formToAccess(f: AccessForm, kept: BalancerAccessDraft): BalancerAccessDraft {
  return {
    ...kept, kind: f.kind, host: f.host.trim(), port: f.port.trim(), user: f.user.trim(), authKind: f.authKind, keyPath: f.keyPath,
    usePassphrase: f.usePassphrase, agent: f.agent, hostKeyFingerprint: f.hostKeyFingerprint.trim(), configPath: f.configPath.trim(), runtimeSocket: f.runtimeSocket.trim(),
  };
}

/** An unknown host key named in the engine's error ("The host key of HOST:PORT is not known yet (TYPE SHA256:…)"). */
export function unknownKeyIn(message: string): { host: string; port: number; fingerprint: string } | null {
  const m = /host key of (\S+):(\d+) is not known yet \(\S+ (SHA256:[A-Za-z0-9+/]{43})\)/.exec(message);
  return m ? { host: m[1]!, port: Number(m[2]), fingerprint: m[3]! } : null;
}
