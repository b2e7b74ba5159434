/**
 * Our own host-key store and trust policy. We do not touch ~/.ssh/known_hosts: the wizard's trust
 * decisions live in one JSON file (path chosen by the host application), keyed by "host:port".
 * A key is trusted only when the store, a fingerprint pinned in the profile, or an explicit
 * acceptance for this run says so; a different key than recorded is never accepted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { hostPort, normalizeHost } from '../../shared/host-name';
import { errorCode, errorMessage } from '../../shared/error-text';

const fingerprintPattern = /^SHA256:[A-Za-z0-9+/]{43}$/;

const storeEntry = z.object({
  fingerprint: z.string().regex(fingerprintPattern),
  keyType: z.string(),
  addedAt: z.string(),
});
const storeFile = z.record(z.string(), storeEntry);

export type KnownHostEntry = z.infer<typeof storeEntry>;

/** OpenSSH-style fingerprint: SHA256:<base64 of sha256(raw public key blob)>, without '=' padding. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH public key blob (e.g. ssh-ed25519), or 'unknown'. */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  if (length < 1 || length > 64 || keyBlob.length < 4 + length) return 'unknown';
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/** Accepts pins as written by people: with or without the SHA256: prefix and '=' padding. */
export function normalizeFingerprint(value: string): string {
  const bare = value.trim().replace(/^SHA256:/i, '').replace(/=+$/, '');
  const result = `SHA256:${bare}`;
  if (!fingerprintPattern.test(result)) throw new KnownHostsError(`Not a SHA256 host-key fingerprint: ${value}`);
  return result;
}

/** The store key: the normalised host (host-name.ts), IPv6 literals bracketed as in OpenSSH. */
export function hostKeyId(host: string, port: number): string {
  return hostPort(host, port);
}

/**
 * Reads a key of a pin or acceptance map as written by people: `host:port`, `[v6]:port`, `[v6]`, a
 * bare IPv6 literal or a bare host (a bare IPv6 literal never carries a port: its last group is not one).
 */
export function parseHostRef(key: string): { host: string; port?: number } {
  const k = key.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(k);
  if (bracketed) return { host: normalizeHost(bracketed[1]!), ...(bracketed[2] ? { port: Number(bracketed[2]) } : {}) };
  const hostAndPort = /^([^:]+):(\d{1,5})$/.exec(k);
  if (hostAndPort) return { host: normalizeHost(hostAndPort[1]!), port: Number(hostAndPort[2]) };
  return { host: normalizeHost(k) };
}

/** The value of a pin or acceptance map for host:port: a key naming the port wins over one naming only the host. */
export function lookupHost<T>(map: Record<string, T> | undefined, host: string, port: number): T | undefined {
  if (!map) return undefined;
  const want = normalizeHost(host);
  const refs = Object.entries(map).map(([key, value]) => ({ ...parseHostRef(key), value })).filter((r) => r.host === want);
  return (refs.find((r) => r.port === port) ?? refs.find((r) => r.port === undefined))?.value;
}

export class KnownHostsError extends Error {
  override readonly name = 'KnownHostsError';
}

/** The JSON file of trusted host keys. Writes are atomic (temp file + rename) and serialized. */
export class KnownHostsStore {
  private writing: Promise<unknown> = Promise.resolve();

  constructor(readonly filePath: string) {}

  /** All entries; an absent file is an empty store, a corrupt one is a KnownHostsError. */
  async readAll(): Promise<Record<string, KnownHostEntry>> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return {};
      throw new KnownHostsError(`Cannot read the host-key store ${this.filePath}: ${errorMessage(error)}`);
    }
    if (text.trim() === '') return {};
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new KnownHostsError(
        `The host-key store ${this.filePath} is not valid JSON. Fix or delete it; deleting means every host key must be accepted again.`,
      );
    }
    const parsed = storeFile.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') ?? '';
      throw new KnownHostsError(`The host-key store ${this.filePath} has an invalid entry${where ? ` at ${where}` : ''}.`);
    }
    return parsed.data;
  }

  async get(host: string, port: number): Promise<KnownHostEntry | undefined> {
    return (await this.readAll())[hostKeyId(host, port)];
  }

  /** Records (or replaces) the key of host:port, keeping every other entry. */
  async set(host: string, port: number, entry: { fingerprint: string; keyType: string }): Promise<KnownHostEntry> {
    const value: KnownHostEntry = {
      fingerprint: normalizeFingerprint(entry.fingerprint),
      keyType: entry.keyType,
      addedAt: new Date().toISOString(),
    };
    await this.update((all) => ({ ...all, [hostKeyId(host, port)]: value }));
    return value;
  }

  /** Forgets host:port (the admin's explicit answer to a legitimately changed key). */
  async remove(host: string, port: number): Promise<void> {
    await this.update((all) => {
      const { [hostKeyId(host, port)]: _removed, ...rest } = all;
      return rest;
    });
  }

  private update(change: (all: Record<string, KnownHostEntry>) => Record<string, KnownHostEntry>): Promise<void> {
    const next = this.writing.then(async () => {
      const updated = change(await this.readAll());
      await mkdir(dirname(this.filePath), { recursive: true });
      const temp = `${this.filePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(temp, `${JSON.stringify(updated, null, 2)}\n`, { mode: 0o600, flush: true, flag: 'wx' });
        await rename(temp, this.filePath);
      } catch (error) {
        await rm(temp, { force: true });
        throw new KnownHostsError(`Cannot write the host-key store ${this.filePath}: ${errorMessage(error)}`);
      }
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}

export type HostKeySource = 'store' | 'pin' | 'accepted';

export type HostKeyDecision =
  | { verdict: 'trusted'; fingerprint: string; keyType: string; source: HostKeySource }
  | { verdict: 'unknown'; fingerprint: string; keyType: string }
  | { verdict: 'changed'; fingerprint: string; keyType: string; expected: string; source: 'store' | 'pin' };

export interface HostKeyPolicyOptions {
  store: KnownHostsStore;
  /** Fingerprints pinned in the profile, by "host:port" (see hostKeyId) or by host alone. */
  pinned?: Record<string, string>;
  /** Fingerprints the admin accepted for this run after seeing them; written to the store on use. */
  acceptedFingerprints?: Record<string, string>;
}

/** Decides whether a presented host key is trusted, unknown or changed. */
export class HostKeyPolicy {
  constructor(private readonly options: HostKeyPolicyOptions) {}

  get store(): KnownHostsStore {
    return this.options.store;
  }

  async evaluate(host: string, port: number, keyBlob: Buffer): Promise<HostKeyDecision> {
    const fingerprint = fingerprintOf(keyBlob);
    const keyType = keyTypeOf(keyBlob);
    const pin = lookup(this.options.pinned, host, port);
    const stored = await this.options.store.get(host, port);
    // Any record of a different key wins over everything else: a changed key is never accepted here.
    if (pin !== undefined && pin !== fingerprint) return { verdict: 'changed', fingerprint, keyType, expected: pin, source: 'pin' };
    if (stored && stored.fingerprint !== fingerprint) {
      return { verdict: 'changed', fingerprint, keyType, expected: stored.fingerprint, source: 'store' };
    }
    if (stored) return { verdict: 'trusted', fingerprint, keyType, source: 'store' };
    if (pin !== undefined) return { verdict: 'trusted', fingerprint, keyType, source: 'pin' };
    if (lookup(this.options.acceptedFingerprints, host, port) === fingerprint) {
      await this.accept(host, port, { fingerprint, keyType });
      return { verdict: 'trusted', fingerprint, keyType, source: 'accepted' };
    }
    return { verdict: 'unknown', fingerprint, keyType };
  }

  /** Records a key the admin accepted. */
  async accept(host: string, port: number, key: { fingerprint: string; keyType: string }): Promise<void> {
    await this.options.store.set(host, port, key);
  }
}

function lookup(map: Record<string, string> | undefined, host: string, port: number): string | undefined {
  const value = lookupHost(map, host, port);
  return value === undefined ? undefined : normalizeFingerprint(value);
}
