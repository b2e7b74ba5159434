/**
 * The encryption key's rules both sides need: what a key looks like (16 random bytes as 32 hex
 * characters, as Inedo's Docker guide makes them), how random bytes become one, and the shape of the
 * engine's decision on which key the cluster keeps (`encryption.cluster-key` data), which the
 * Encryption page reads. Drawing the random bytes is each side's business (Node's or the browser's CSPRNG).
 */
import { z } from 'zod';

export const ENCRYPTION_KEY_PATTERN = /^[0-9a-fA-F]{32}$/;
export const ENCRYPTION_KEY_BYTES = 16;

/** 16 random bytes as 32 lowercase hex characters. */
export function encryptionKeyText(bytes: Uint8Array): string {
  if (bytes.length !== ENCRYPTION_KEY_BYTES) throw new Error(`an encryption key is ${ENCRYPTION_KEY_BYTES} bytes`);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export type KeyChoice = { mode: 'auto' } | { mode: 'keep-node'; node: string } | { mode: 'provided'; key: string };

const ids = z.array(z.string());
export const KeyDecisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('generate'), reason: z.string(), nodesToChange: ids }),
  z.object({ kind: z.literal('keep'), fingerprint: z.string(), fromNodes: ids, reason: z.string(), nodesToChange: ids, discards: ids }),
  z.object({ kind: z.literal('conflict'), fingerprints: z.record(z.string(), ids), reason: z.string() }),
]);
export type KeyDecision = z.infer<typeof KeyDecisionSchema>;

/** The decision a check result carries, or null when it carries none (or something else). */
export function keyDecisionOf(data: Record<string, unknown> | undefined): KeyDecision | null {
  const r = KeyDecisionSchema.safeParse(data?.decision);
  return r.success ? r.data : null;
}
