/**
 * The one saved-profile store, on a real temp folder: round trip, secrets never in clear on disk (any
 * encoding), a damaged file, names with odd characters (a seeded property), list order, memory-only.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile, type ClusterProfile } from '../../shared/profile';
import { secretEncodings } from '../../shared/secret-encodings';
import { HOSTILE_PASSWORDS, randomPassword } from '../../shared/testing/hostile-passwords';
import { seededRandom } from '../../shared/testing/seeded-random';
import { MEMORY_ONLY, ProfileStore, type SecretEncryptor } from './profile-store';

/** A real encryptor (AES-256-GCM, a key per instance): what safeStorage is to the app. */
function aesEncryptor(): SecretEncryptor {
  const key = crypto.randomBytes(32);
  return {
    available: () => Promise.resolve(true),
    encrypt: (plain) => {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Promise.resolve(Buffer.concat([iv, c.getAuthTag(), body]));
    },
    decrypt: (blob) => {
      const d = crypto.createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      d.setAuthTag(blob.subarray(12, 28));
      return Promise.resolve(Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8'));
    },
  };
}

const parsed = parseProfile({
  version: 1, product: 'proget', nodes: [{ host: 'a', user: 'u', os: 'windows', auth: { kind: 'password', password: { prompt: 'ssh:a' } } }],
  database: { kind: 'sqlserver', connectionString: 'Server=s;Database=ProGet;User ID=p', password: { prompt: 'db' } },
  storage: { path: '\\\\nas\\p' }, loadBalancer: { type: 'haproxy' },
});
if (!parsed.ok) throw new Error('test profile invalid');
const profile: ClusterProfile = parsed.profile;
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'profiles-'));
const onDisk = (dir: string) => fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');

describe('the saved-profile store', () => {
  it('round-trips a profile and its secrets, encrypted, across store instances', async () => {
    const dir = tempDir();
    const enc = aesEncryptor();
    const saved = await new ProfileStore(dir, enc).save({ name: 'Production feeds', profile, secrets: { 'ssh:a': 'hunter2-ssh', db: 'hunter2-db' } });
    expect(saved).toEqual({ id: 'production-feeds', secretsStored: 'encrypted' });
    const again = await new ProfileStore(dir, enc).open('production-feeds');
    expect(again).toEqual({ name: 'Production feeds', profile, secrets: { 'ssh:a': 'hunter2-ssh', db: 'hunter2-db' } });
    expect((fs.statSync(path.join(dir, 'production-feeds.hawizard.json')).mode & 0o777).toString(8)).toBe('600');
    // The same name saves over itself.
    await new ProfileStore(dir, enc).save({ name: 'Production feeds', profile, secrets: {} });
    expect(fs.readdirSync(dir)).toEqual(['production-feeds.hawizard.json']);
  });

  it('never has a secret on disk in any form: encrypted, or (memory-only) not at all', async () => {
    const next = seededRandom(7);
    const secrets = [...HOSTILE_PASSWORDS, ...Array.from({ length: 150 }, () => randomPassword(next, 4, 40))];
    const values = Object.fromEntries(secrets.map((s, i) => [`s${i}`, s]));
    for (const encryptor of [aesEncryptor(), MEMORY_ONLY]) {
      const dir = tempDir();
      const store = new ProfileStore(dir, encryptor);
      const { id, secretsStored } = await store.save({ name: 'hostile', profile, secrets: values });
      expect(secretsStored).toBe(encryptor === MEMORY_ONLY ? 'memory-only' : 'encrypted');
      const text = onDisk(dir);
      for (const s of secrets.filter((x) => x.trim().length >= 4)) {
        for (const form of [...secretEncodings(s), Buffer.from(s).toString('base64')]) expect(text.includes(form), `${JSON.stringify(s)} as ${JSON.stringify(form)}`).toBe(false);
      }
      expect((await store.open(id)).secrets).toEqual(values);
      // Memory only: another process (a new store) has the profile but no secret.
      expect((await new ProfileStore(dir, encryptor).open(id)).secrets).toEqual(encryptor === MEMORY_ONLY ? {} : values);
    }
  });

  it('leaves a damaged file out of the list and says so when it is opened', async () => {
    const dir = tempDir();
    const store = new ProfileStore(dir, aesEncryptor());
    await store.save({ name: 'good', profile, secrets: {} });
    fs.writeFileSync(path.join(dir, 'broken.hawizard.json'), '{"name": "broken", "savedAt": ');
    fs.writeFileSync(path.join(dir, 'nameless.hawizard.json'), '[]');
    fs.writeFileSync(path.join(dir, 'Not An Id.hawizard.json'), '{}');
    expect((await store.list()).map((p) => p.id)).toEqual(['good']);
    await expect(store.open('broken')).rejects.toThrow('the saved profile broken is damaged (not JSON); save it again');
    await expect(store.open('nameless')).rejects.toThrow('the saved profile nameless is damaged (not a saved profile); save it again');
    await expect(store.open('missing')).rejects.toThrow('no saved profile missing');
    await expect(store.open('../etc/passwd')).rejects.toThrow('invalid profile id');
  });

  it('gives any name its own file inside the folder, and gives the name back exactly', async () => {
    const next = seededRandom(31);
    const alphabet = ['a', 'Z', '7', ' ', '-', '_', '.', '/', '\\', '..', ':', '*', '?', '"', '<', '\0', '\n', 'é', 'ß', '日本', '🙂', '\u202e', 'İ'];
    const names = new Set<string>(['Prod feeds', 'prod-feeds', 'PROD/feeds', '..', '日本語', '🙂', '-', 'a'.repeat(100)]);
    while (names.size < 200) names.add(Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
    const dir = tempDir();
    const store = new ProfileStore(dir, aesEncryptor());
    const ids = new Map<string, string>();
    for (const name of names) {
      const { id } = await store.save({ name, profile, secrets: { db: `for ${name}` } });
      expect(id, JSON.stringify(name)).toMatch(/^[a-z0-9-]{1,80}$/);
      ids.set(name, id);
    }
    // Two different names never share a file (one would replace the other).
    expect(new Set(ids.values()).size).toBe(names.size);
    expect(fs.readdirSync(dir).every((f) => /^[a-z0-9-]{1,80}\.hawizard\.json$/.test(f))).toBe(true);
    for (const [name, id] of ids) {
      const opened = await store.open(id);
      expect(opened.name).toBe(name);
      expect(opened.secrets).toEqual({ db: `for ${name}` });
    }
    // Saving a name again still lands on its own file.
    for (const name of names) expect((await store.save({ name, profile, secrets: {} })).id).toBe(ids.get(name));
    expect((await store.list()).length).toBe(names.size);
  });

  it('lists newest first, equal times by name', async () => {
    const dir = tempDir();
    const t = Date.parse('2026-11-30T10:00:00Z');
    const times = [0, 60_000, 0, 0, -60_000];
    let i = 0;
    const store = new ProfileStore(dir, MEMORY_ONLY, { now: () => new Date(t + times[i++]!) });
    for (const name of ['middle b', 'newest', 'middle a', 'middle c', 'oldest']) await store.save({ name, profile, secrets: {} });
    expect((await store.list()).map((p) => [p.name, p.savedAt])).toEqual([
      ['newest', '2026-11-30T10:01:00.000Z'],
      ['middle a', '2026-11-30T10:00:00.000Z'], ['middle b', '2026-11-30T10:00:00.000Z'], ['middle c', '2026-11-30T10:00:00.000Z'],
      ['oldest', '2026-11-30T09:59:00.000Z'],
    ]);
    expect(await new ProfileStore(tempDir(), MEMORY_ONLY).list()).toEqual([]);
  });
});
