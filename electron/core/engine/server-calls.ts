/**
 * The Servers page's own engine calls: this computer's public key for the "Prepare a Windows server"
 * script, and the admin's deliberate replacement of a host key that changed.
 */
import { readFile } from 'node:fs/promises';
import type { CallOutput, CallParsedInput } from '../../shared/contract';
import { errorCode } from '../../shared/error-text';
import { KnownHostsStore, normalizeFingerprint } from '../remote/known-hosts';
import { RefusedError } from './dispatcher';

/** An OpenSSH public key line: a key type, base64, an optional comment. Nothing else is ever returned. */
const PUBLIC_KEY_LINE = /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/;

/** How many characters of the new fingerprint the admin types to confirm it. */
export const CONFIRM_CHARS = 6;

/**
 * The public key beside the private key file the admin chose (`<file>.pub`), if there is one and it is a
 * public key line; only that line is read back, so a private key can never be returned by mistake.
 */
export async function publicKeyBeside(i: CallParsedInput<'ssh.publicKey'>): Promise<CallOutput<'ssh.publicKey'>> {
  const path = `${i.keyPath.trim()}.pub`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = errorCode(e);
    return { publicKey: null, path, reason: code === 'ENOENT' ? 'no such file' : `it cannot be read (${code ?? 'error'})` };
  }
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#')) ?? '';
  if (!PUBLIC_KEY_LINE.test(line)) return { publicKey: null, path, reason: 'it is not an OpenSSH public key' };
  return { publicKey: line, path, reason: null };
}

/**
 * Trusts a server's new host key after the admin compared it and typed its last characters: the entry
 * for host:port is replaced (the old key is gone from the store). Refused when the confirmation does
 * not match, or when the store holds a key other than the one the admin was shown as the old one.
 */
export async function replaceHostKey(knownHostsPath: string, i: CallParsedInput<'hostKey.replace'>): Promise<CallOutput<'hostKey.replace'>> {
  const presented = normalizeFingerprint(i.presented);
  if (i.confirm.trim() !== presented.slice(-CONFIRM_CHARS)) {
    throw new RefusedError(`The characters typed do not match the end of the new fingerprint: nothing was changed.`);
  }
  if (!knownHostsPath) throw new RefusedError('This host keeps no known hosts store.');
  const store = new KnownHostsStore(knownHostsPath);
  const current = await store.get(i.host, i.port);
  if (current && current.fingerprint !== normalizeFingerprint(i.expected) && current.fingerprint !== presented) {
    throw new RefusedError(`The known hosts hold another key for ${i.host}:${i.port} than the one shown as the old key: connect again and compare once more. Nothing was changed.`);
  }
  const entry = await store.set(i.host, i.port, { fingerprint: presented, keyType: i.keyType ?? current?.keyType ?? 'unknown' });
  return { replaced: true, fingerprint: entry.fingerprint };
}
