/**
 * Saved profiles, one JSON file each in a folder: the desktop app's (secrets encrypted with Electron's
 * safeStorage, electron/main/profile-store.ts) and the browser harness's (on a temp folder, secrets in
 * memory only). The profile itself holds no secret, only references; the secrets typed in the wizard
 * are stored beside it encrypted, or, where the host cannot encrypt, kept in this process's memory.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CallInput, CallOutput } from '../../shared/contract';
import { z } from 'zod';
import { ProfileSchema } from '../../shared/profile';

/** How the host encrypts secrets at rest; unavailable means memory only (and the store says so). */
export interface SecretEncryptor {
  available(): Promise<boolean>;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(blob: Buffer): Promise<string>;
}

/** A host that cannot encrypt (the browser harness): secrets never leave this process's memory. */
export const MEMORY_ONLY: SecretEncryptor = {
  available: () => Promise.resolve(false),
  encrypt: () => Promise.reject(new Error('this host keeps secrets in memory only')),
  decrypt: () => Promise.reject(new Error('this host keeps secrets in memory only')),
};

const StoredProfileSchema = z.object({
  name: z.string(),
  savedAt: z.string(),
  profile: z.unknown(),
  /** Each secret encrypted by the host, base64. Absent when secrets are memory-only. */
  encryptedSecrets: z.record(z.string(), z.string()).optional(),
});
type StoredProfile = z.infer<typeof StoredProfileSchema>;

const SUFFIX = '.hawizard.json';
const ID = /^[a-z0-9-]{1,80}$/;

export class ProfileStore {
  private readonly memorySecrets = new Map<string, Record<string, string>>();
  private readonly now: () => Date;

  constructor(private readonly dir: string, private readonly encryptor: SecretEncryptor, options: { now?: () => Date } = {}) {
    this.now = options.now ?? (() => new Date());
  }

  encryptionAvailable(): Promise<boolean> {
    return this.encryptor.available();
  }

  private file(id: string): string {
    if (!ID.test(id)) throw new Error('invalid profile id');
    return path.join(this.dir, `${id}${SUFFIX}`);
  }

  private async read(id: string): Promise<StoredProfile | null> {
    const text = await fs.readFile(this.file(id), 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (text === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`the saved profile ${id} is damaged (not JSON); save it again`);
    }
    const stored = StoredProfileSchema.safeParse(json);
    if (!stored.success) throw new Error(`the saved profile ${id} is damaged (not a saved profile); save it again`);
    return stored.data;
  }

  /**
   * The file id of a name: its letters and digits, so the same name saves over itself. A name that
   * keeps none of them, or whose id another name already holds, gets a digest of the exact name added,
   * so two different names never share a file (one would silently replace the other).
   */
  private async idFor(name: string): Promise<string> {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
    const tagged = `${slug ? `${slug}-` : 'profile-'}${crypto.createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
    if (!slug) return tagged;
    const holder = await this.read(slug).catch(() => null);
    return !holder || holder.name === name ? slug : tagged;
  }

  async save(input: CallInput<'profile.save'>): Promise<CallOutput<'profile.save'>> {
    const profile = ProfileSchema.parse(input.profile);
    const id = await this.idFor(input.name);
    const secrets = input.secrets ?? {};
    const stored: StoredProfile = { name: input.name, savedAt: this.now().toISOString(), profile };
    const encrypted = await this.encryptor.available();
    if (encrypted) {
      stored.encryptedSecrets = {};
      for (const [k, v] of Object.entries(secrets)) stored.encryptedSecrets[k] = (await this.encryptor.encrypt(v)).toString('base64');
    }
    await fs.mkdir(this.dir, { recursive: true });
    const target = this.file(id);
    // Created new under a name nobody can guess ('wx'), so a file or link planted beside it is never written through.
    const tmp = `${target}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await fs.rename(tmp, target).catch(async (e: unknown) => {
      await fs.rm(tmp, { force: true });
      throw e;
    });
    if (!encrypted) this.memorySecrets.set(id, { ...secrets });
    return { id, secretsStored: encrypted ? 'encrypted' : 'memory-only' };
  }

  /** Newest first; equal times by name. A damaged file is left out, not fatal. */
  async list(): Promise<CallOutput<'profile.list'>> {
    const names = await fs.readdir(this.dir).catch((): string[] => []);
    const out: CallOutput<'profile.list'> = [];
    for (const f of names.filter((n) => n.endsWith(SUFFIX) && ID.test(n.slice(0, -SUFFIX.length)))) {
      const id = f.slice(0, -SUFFIX.length);
      const j = await this.read(id).catch(() => null);
      if (j) out.push({ id, name: j.name, savedAt: j.savedAt });
    }
    return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  async open(id: string): Promise<CallOutput<'profile.open'>> {
    const j = await this.read(id);
    if (!j) throw new Error(`no saved profile ${id}`);
    const secrets: Record<string, string> = { ...(this.memorySecrets.get(id) ?? {}) };
    for (const [k, v] of Object.entries(j.encryptedSecrets ?? {})) secrets[k] = await this.encryptor.decrypt(Buffer.from(v, 'base64'));
    return { name: j.name, profile: ProfileSchema.parse(j.profile), secrets };
  }
}
