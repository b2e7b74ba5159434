import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fingerprintOf,
  HostKeyPolicy,
  hostKeyId,
  keyTypeOf,
  KnownHostsError,
  KnownHostsStore,
  normalizeFingerprint,
} from './known-hosts';

const run = promisify(execFile);

/** An ed25519 public key blob as sent in SSH: string "ssh-ed25519", string <32 bytes>. */
function ed25519Blob(): Buffer {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const name = Buffer.from('ssh-ed25519');
  const lengths = Buffer.alloc(8);
  lengths.writeUInt32BE(name.length, 0);
  lengths.writeUInt32BE(raw.length, 4);
  return Buffer.concat([lengths.subarray(0, 4), name, lengths.subarray(4), raw]);
}

let dir: string;
let storePath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hawizard-known-hosts-'));
  storePath = join(dir, 'nested', 'known-hosts.json');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('fingerprints', () => {
  it('matches ssh-keygen -lf for a generated key', async () => {
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')]);
    const pub = await readFile(join(dir, 'k.pub'), 'utf8');
    const blob = Buffer.from(pub.split(' ')[1] ?? '', 'base64');
    const { stdout } = await run('ssh-keygen', ['-lf', join(dir, 'k.pub')]);
    expect(fingerprintOf(blob)).toBe(stdout.split(' ')[1]);
    expect(fingerprintOf(blob)).not.toContain('=');
    expect(keyTypeOf(blob)).toBe('ssh-ed25519');
  });

  it('normalizes pins and rejects garbage', () => {
    const fp = fingerprintOf(ed25519Blob());
    expect(normalizeFingerprint(`${fp.slice(7)}=`)).toBe(fp);
    expect(normalizeFingerprint(` ${fp} `)).toBe(fp);
    expect(() => normalizeFingerprint('MD5:aa:bb')).toThrow(KnownHostsError);
    expect(keyTypeOf(Buffer.from([0, 0]))).toBe('unknown');
  });

  it('keys hosts like OpenSSH', () => {
    expect(hostKeyId('Node1.Corp', 22)).toBe('node1.corp:22');
    expect(hostKeyId('fe80::1', 2222)).toBe('[fe80::1]:2222');
  });
});

describe('HostKeyPolicy', () => {
  it('reports an unknown key with its fingerprint and writes nothing', async () => {
    const key = ed25519Blob();
    const policy = new HostKeyPolicy({ store: new KnownHostsStore(storePath) });
    expect(await policy.evaluate('node1', 22, key)).toEqual({ verdict: 'unknown', fingerprint: fingerprintOf(key), keyType: 'ssh-ed25519' });
    await expect(readFile(storePath)).rejects.toThrow();
  });

  it('trusts an accepted key, records it atomically, and trusts it from the store afterwards', async () => {
    const key = ed25519Blob();
    const store = new KnownHostsStore(storePath);
    await store.set('other', 22, { fingerprint: fingerprintOf(ed25519Blob()), keyType: 'ssh-ed25519' });
    const accepted = new HostKeyPolicy({ store, acceptedFingerprints: { 'node1:2222': fingerprintOf(key) } });
    expect((await accepted.evaluate('node1', 2222, key)).verdict).toBe('trusted');
    const all = await store.readAll();
    expect(Object.keys(all).sort()).toEqual(['node1:2222', 'other:22']);
    expect(all['node1:2222']?.fingerprint).toBe(fingerprintOf(key));
    expect(Date.parse(all['node1:2222']?.addedAt ?? '')).not.toBeNaN();
    expect((await readdir(join(dir, 'nested'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const later = new HostKeyPolicy({ store });
    expect(await later.evaluate('NODE1', 2222, key)).toMatchObject({ verdict: 'trusted', source: 'store' });
  });

  it('does not trust an acceptance of a different key', async () => {
    const key = ed25519Blob();
    const policy = new HostKeyPolicy({ store: new KnownHostsStore(storePath), acceptedFingerprints: { node1: fingerprintOf(ed25519Blob()) } });
    expect((await policy.evaluate('node1', 22, key)).verdict).toBe('unknown');
  });

  it('trusts a key pinned in the profile (by host:port or host)', async () => {
    const key = ed25519Blob();
    const store = new KnownHostsStore(storePath);
    expect(await new HostKeyPolicy({ store, pinned: { 'node1:22': fingerprintOf(key) } }).evaluate('node1', 22, key)).toMatchObject({
      verdict: 'trusted',
      source: 'pin',
    });
    expect((await new HostKeyPolicy({ store, pinned: { node1: fingerprintOf(key).slice(7) } }).evaluate('node1', 22, key)).verdict).toBe('trusted');
  });

  it('reports a changed key against the store with both fingerprints, even if accepted for the run', async () => {
    const oldKey = ed25519Blob();
    const newKey = ed25519Blob();
    const store = new KnownHostsStore(storePath);
    await store.set('node1', 22, { fingerprint: fingerprintOf(oldKey), keyType: 'ssh-ed25519' });
    const policy = new HostKeyPolicy({ store, acceptedFingerprints: { 'node1:22': fingerprintOf(newKey) } });
    expect(await policy.evaluate('node1', 22, newKey)).toEqual({
      verdict: 'changed',
      fingerprint: fingerprintOf(newKey),
      keyType: 'ssh-ed25519',
      expected: fingerprintOf(oldKey),
      source: 'store',
    });
    expect((await store.get('node1', 22))?.fingerprint).toBe(fingerprintOf(oldKey));
    await store.remove('node1', 22);
    expect((await policy.evaluate('node1', 22, newKey)).verdict).toBe('trusted');
  });

  it('reports a changed key against a pin, even when the store has the presented key', async () => {
    const key = ed25519Blob();
    const pinned = fingerprintOf(ed25519Blob());
    const store = new KnownHostsStore(storePath);
    await store.set('node1', 22, { fingerprint: fingerprintOf(key), keyType: 'ssh-ed25519' });
    expect(await new HostKeyPolicy({ store, pinned: { node1: pinned } }).evaluate('node1', 22, key)).toMatchObject({
      verdict: 'changed',
      expected: pinned,
      fingerprint: fingerprintOf(key),
      source: 'pin',
    });
  });
});

describe('KnownHostsStore', () => {
  it('fails clearly on a corrupt file instead of crashing or trusting', async () => {
    await writeFile(join(dir, 'bad.json'), '{"node1:22": {"fingerprint": ');
    const store = new KnownHostsStore(join(dir, 'bad.json'));
    await expect(store.readAll()).rejects.toThrow(KnownHostsError);
    await expect(store.readAll()).rejects.toThrow(/not valid JSON/);
    const policy = new HostKeyPolicy({ store });
    await expect(policy.evaluate('node1', 22, ed25519Blob())).rejects.toThrow(/bad\.json/);
    await expect(store.set('node1', 22, { fingerprint: fingerprintOf(ed25519Blob()), keyType: 'x' })).rejects.toThrow(KnownHostsError);
    expect(await readFile(join(dir, 'bad.json'), 'utf8')).toBe('{"node1:22": {"fingerprint": ');
  });

  it('rejects a well-formed file with invalid entries', async () => {
    await writeFile(join(dir, 'odd.json'), JSON.stringify({ 'node1:22': { fingerprint: 'MD5:xx', keyType: 'x', addedAt: 'now' } }));
    await expect(new KnownHostsStore(join(dir, 'odd.json')).readAll()).rejects.toThrow(/invalid entry at node1:22/);
    await writeFile(join(dir, 'list.json'), '[]');
    await expect(new KnownHostsStore(join(dir, 'list.json')).readAll()).rejects.toThrow(KnownHostsError);
  });

  it('keeps every entry when many accepts race', async () => {
    const store = new KnownHostsStore(storePath);
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => store.set(`node${index}`, 22, { fingerprint: fingerprintOf(ed25519Blob()), keyType: 'ssh-ed25519' })),
    );
    expect(Object.keys(await store.readAll())).toHaveLength(20);
  });
});
