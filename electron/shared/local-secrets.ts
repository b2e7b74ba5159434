/**
 * Secrets a profile takes from this computer: `{ file }` and `{ env }` references. The command line
 * reads them (the admin wrote that profile). The desktop app (and its browser harness) reads one only
 * when the admin allowed that exact reference for the call at hand: a profile that was opened or
 * double-clicked could otherwise name `~/.ssh/id_rsa` as a database password and have the app send it
 * to a server the same profile names. Browser-safe: the renderer lists them with the same code.
 */
import { z } from 'zod';
import type { ClusterProfileInput, SecretRef } from './profile';

export const LocalSecretRefSchema = z.union([
  z.object({ env: z.string().min(1).max(200) }).strict(),
  z.object({ file: z.string().min(1).max(4000) }).strict(),
]);
export type LocalSecretRef = z.infer<typeof LocalSecretRefSchema>;

export function isLocalRef(ref: SecretRef | undefined): ref is LocalSecretRef {
  return !!ref && ('env' in ref || 'file' in ref);
}

/** One string per reference, for comparing an allowed one with the one in use. */
export function localRefKey(ref: LocalSecretRef): string {
  return 'env' in ref ? `env:${ref.env}` : `file:${ref.file}`;
}

/** How the admin is shown it: what is read, by name. */
export function describeLocalRef(ref: LocalSecretRef): string {
  return 'env' in ref ? `environment variable ${ref.env}` : `file ${ref.file}`;
}

export interface LocalSecretUse {
  /** JSON path in the profile. */
  where: string;
  /** What the secret is for. */
  label: string;
  /** Where its value goes, as a sentence. */
  goesTo: string;
  ref: LocalSecretRef;
}

/** Every file and env reference in a profile, with what it is for and where its value would go. */
export function localSecretUses(p: ClusterProfileInput): LocalSecretUse[] {
  const out: LocalSecretUse[] = [];
  const add = (ref: SecretRef | undefined, where: string, label: string, goesTo: string) => {
    if (isLocalRef(ref)) out.push({ where, label, goesTo, ref });
  };
  add(p.database.password, 'database.password', 'Database password', 'Sent to the database server named in the connection string, and written into the product’s configuration on every server.');
  p.nodes.forEach((n, i) => {
    const name = n.id ?? n.host;
    if (n.auth.kind === 'password') add(n.auth.password, `nodes.${i}.auth.password`, `SSH password of ${name}`, `Sent to ${n.host} to log in.`);
    if (n.auth.kind === 'key') add(n.auth.passphrase, `nodes.${i}.auth.passphrase`, `Key passphrase for ${name}`, `Unlocks the private key ${n.auth.keyPath} on this computer.`);
  });
  const key = p.encryptionKey;
  if (key?.mode === 'provided') add(key.key, 'encryptionKey.key', 'Encryption key', 'Written into the product’s configuration on every server.');
  add(p.apiKey, 'apiKey', 'ProGet API key', 'Sent to the product’s API on every server.');
  return out;
}
