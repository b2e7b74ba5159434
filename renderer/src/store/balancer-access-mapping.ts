/**
 * The balancer access (issue 13) between draft and profile. Its secrets travel like a node's: a
 * `{ prompt: 'lb:ssh' }` reference in the profile, the value beside it; a reference from an opened
 * profile (env, file, encrypted) is kept until a value is typed.
 */
import type { BalancerAccess, ClusterProfileInput, SecretRef } from '../../../electron/shared/profile';
import { SECRET, emptyBalancerAccess, type BalancerAccessDraft } from './draft-types';

type AccessInput = NonNullable<ClusterProfileInput['loadBalancer']['access']>;

/** The access a draft gives, or undefined (none); secrets that have a value are copied into `out`. */
export function accessToProfile(a: BalancerAccessDraft | undefined, secrets: Record<string, string>, out: Record<string, string>): AccessInput | undefined {
  if (!a || a.kind === 'none') return undefined;
  if (a.kind === 'haproxy-api') return { kind: 'haproxy-api', host: a.host.trim(), port: Number(a.port) || 0 };
  const ref = (key: string, kept: SecretRef | undefined): SecretRef => {
    if (secrets[key]) out[key] = secrets[key];
    return secrets[key] || !kept ? { prompt: key } : kept;
  };
  const auth: Extract<AccessInput, { kind: 'ssh' }>['auth'] =
    a.authKind === 'password' ? { kind: 'password', password: ref(SECRET.balancerSsh, a.passwordRef) }
      : a.authKind === 'key' ? { kind: 'key', keyPath: a.keyPath.trim(), ...(a.usePassphrase ? { passphrase: ref(SECRET.balancerPassphrase, a.passphraseRef) } : {}) }
        : { kind: 'agent', ...(a.agent.trim() ? { agent: a.agent.trim() } : {}) };
  return {
    kind: 'ssh', host: a.host.trim(), port: Number(a.port) || 22, user: a.user.trim(), auth,
    ...(a.hostKeyFingerprint.trim() ? { hostKeyFingerprint: a.hostKeyFingerprint.trim() } : {}),
    configPath: a.configPath.trim(),
    ...(a.runtimeSocket.trim() ? { runtimeSocket: a.runtimeSocket.trim() } : {}),
  };
}

/** A profile's access back into the draft; prompt secrets found in `saved` go to `secrets`. */
export function accessFromProfile(p: AccessInput | BalancerAccess | undefined, saved: Record<string, string>, secrets: Record<string, string>): BalancerAccessDraft {
  const base = emptyBalancerAccess();
  if (!p) return base;
  if (p.kind === 'haproxy-api') return { ...base, kind: 'haproxy-api', host: p.host, port: String(p.port) };
  const restore = (ref: SecretRef | undefined, key: string): SecretRef | undefined => {
    if (!ref || !('prompt' in ref)) return ref;
    const value = saved[ref.prompt];
    if (value !== undefined) secrets[key] = value;
    return undefined;
  };
  const d: BalancerAccessDraft = {
    ...base, kind: 'ssh', host: p.host, port: String(p.port ?? 22), user: p.user, authKind: p.auth.kind,
    hostKeyFingerprint: p.hostKeyFingerprint ?? '', configPath: p.configPath, runtimeSocket: p.runtimeSocket ?? '',
  };
  const a = p.auth;
  if (a.kind === 'password') {
    const kept = restore(a.password, SECRET.balancerSsh);
    return kept ? { ...d, passwordRef: kept } : d;
  }
  if (a.kind === 'key') {
    const kept = restore(a.passphrase, SECRET.balancerPassphrase);
    return { ...d, keyPath: a.keyPath, usePassphrase: !!a.passphrase, ...(kept ? { passphraseRef: kept } : {}) };
  }
  return { ...d, agent: a.agent ?? '' };
}
