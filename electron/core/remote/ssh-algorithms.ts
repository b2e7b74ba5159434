/**
 * Which SSH algorithms the wizard accepts. SHA-1 is refused by default: an `ssh-rsa` host-key
 * signature and the hmac-sha1 MACs rest on a hash with practical collisions (SHA-1 "Shambles",
 * 2020), and OpenSSH itself disabled ssh-rsa signatures in 8.8. RSA host keys still work, signed with
 * rsa-sha2-256/512. A profile may allow SHA-1 for one node (an old server), and every check then
 * says so.
 */
import type { Algorithms, MacAlgorithm, NegotiatedAlgorithms, ServerHostKeyAlgorithm } from 'ssh2';

export type { NegotiatedAlgorithms };

/** The host-key signature algorithm that signs with SHA-1. */
export const SHA1_HOST_KEY_ALGORITHMS = ['ssh-rsa'] as const;
/** MACs over SHA-1. */
export const SHA1_MACS = ['hmac-sha1', 'hmac-sha1-etm@openssh.com', 'hmac-sha1-96'] as const;

/** Host-key signatures accepted, best first (ssh2's defaults without ssh-rsa). */
const HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256'];
/** MACs accepted, best first (ssh2's defaults without SHA-1); AES-GCM and ChaCha20 need none. */
const MACS: MacAlgorithm[] = ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512'];

/** ssh2's algorithm lists for a node; SHA-1 only when the profile allows it for this node, and then last. */
export function sshAlgorithms(allowSha1: boolean): Pick<Algorithms, 'serverHostKey' | 'hmac'> {
  return {
    serverHostKey: allowSha1 ? [...HOST_KEY_ALGORITHMS, ...SHA1_HOST_KEY_ALGORITHMS] : [...HOST_KEY_ALGORITHMS],
    hmac: allowSha1 ? [...MACS, 'hmac-sha1-etm@openssh.com', 'hmac-sha1'] : [...MACS],
  };
}

/** The SHA-1 algorithms a connection actually uses (empty when none). */
export function sha1InUse(n: NegotiatedAlgorithms | undefined): string[] {
  if (!n) return [];
  const sha1 = new Set<string>([...SHA1_HOST_KEY_ALGORITHMS, ...SHA1_MACS]);
  return [...new Set([n.serverHostKey, n.cs.mac, n.sc.mac].filter((a) => sha1.has(a)))];
}

/** ssh2's "no matching ..." handshake failures, in words an admin can act on. */
export function describeNoMatch(message: string, allowSha1: boolean): string | null {
  const m = /no matching (host key format|C->S MAC|S->C MAC|key exchange algorithm|C->S cipher|S->C cipher)/.exec(message);
  if (!m) return null;
  const what = m[1]!.includes('host key') ? 'host-key signature' : m[1]!.includes('MAC') ? 'MAC' : m[1]!.includes('cipher') ? 'cipher' : 'key exchange';
  const sha1 = what === 'host-key signature' || what === 'MAC';
  return `the server and the wizard share no ${what} algorithm` + (sha1 && !allowSha1
    ? ` (the server likely offers only SHA-1: ${what === 'MAC' ? SHA1_MACS.join(', ') : 'ssh-rsa'}, which the wizard refuses by default)`
    : '');
}
