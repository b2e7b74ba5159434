/**
 * File and env secrets of an opened profile (electron/shared/local-secrets.ts says why they need the
 * admin's yes). Opening a profile lists them and the wizard asks; a yes holds for as long as that
 * profile stays open (memory only, never saved) and travels with every call as `allowLocalSecrets`;
 * a no removes them from the draft, so the admin types those values instead.
 */
import { isLocalRef, localSecretUses, type LocalSecretUse } from '../../../electron/shared/local-secrets';
import type { SecretRef } from '../../../electron/shared/profile';
import type { Draft } from './draft-types';
import { toProfile } from './profile-mapping';

export function localUsesOf(draft: Draft, secrets: Record<string, string>): LocalSecretUse[] {
  return localSecretUses(toProfile(draft, secrets).profile);
}

/** The draft with every file/env reference dropped: those secrets are then asked for like new ones. */
export function withoutLocalRefs(d: Draft): Draft {
  const keep = (ref: SecretRef | undefined) => (isLocalRef(ref) ? undefined : ref);
  const strip = <T extends object, K extends keyof T>(o: T, key: K): T => {
    const { [key]: ref, ...rest } = o;
    const kept = keep(ref as SecretRef | undefined);
    return (kept ? { ...rest, [key]: kept } : rest) as T;
  };
  let out: Draft = { ...d, nodes: d.nodes.map((n) => strip(strip(n, 'passwordRef'), 'passphraseRef')), database: strip(d.database, 'passwordRef') };
  out = strip(out, 'apiKeyRef');
  return { ...out, encryption: strip(d.encryption, 'keyRef') };
}
