/**
 * Saved profiles in the user's app-data folder. The profile itself holds no secret (only references);
 * the secrets typed in the wizard are encrypted with Electron's safeStorage (async API) and stored
 * beside it. Where encryption is unavailable (or Linux's "basic_text" fallback, which is no real
 * encryption), secrets are kept in memory only and the UI says so.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { CallInput, CallOutput } from '../shared/contract';
import { ProfileSchema } from '../shared/profile';

interface StoredProfile {
  name: string;
  savedAt: string;
  profile: unknown;
  /** Each secret encrypted by safeStorage, base64. Absent when secrets are memory-only. */
  encryptedSecrets?: Record<string, string>;
}

export class ProfileStore {
  private readonly memorySecrets = new Map<string, Record<string, string>>();

  constructor(private readonly dir: string) {}

  async encryptionAvailable(): Promise<boolean> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  }

  private file(id: string): string {
    if (!/^[a-z0-9-]{1,80}$/.test(id)) throw new Error('invalid profile id');
    return path.join(this.dir, `${id}.hawizard.json`);
  }

  async save(input: CallInput<'profile.save'>): Promise<CallOutput<'profile.save'>> {
    const profile = ProfileSchema.parse(input.profile);
    const id = input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || crypto.randomUUID();
    const secrets = input.secrets ?? {};
    const stored: StoredProfile = { name: input.name, savedAt: new Date().toISOString(), profile };
    const encrypted = await this.encryptionAvailable();
    if (encrypted) {
      stored.encryptedSecrets = {};
      for (const [k, v] of Object.entries(secrets)) stored.encryptedSecrets[k] = (await safeStorage.encryptStringAsync(v)).toString('base64');
    } else {
      this.memorySecrets.set(id, { ...secrets });
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
    return { id, secretsStored: encrypted ? 'encrypted' : 'memory-only' };
  }

  async list(): Promise<CallOutput<'profile.list'>> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const out: CallOutput<'profile.list'> = [];
    for (const f of names.filter((n) => n.endsWith('.hawizard.json'))) {
      try {
        const j = JSON.parse(await fs.readFile(path.join(this.dir, f), 'utf8')) as StoredProfile;
        out.push({ id: f.replace(/\.hawizard\.json$/, ''), name: j.name, savedAt: j.savedAt });
      } catch { /* a broken file is not listed */ }
    }
    return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async open(id: string): Promise<CallOutput<'profile.open'>> {
    const j = JSON.parse(await fs.readFile(this.file(id), 'utf8')) as StoredProfile;
    const secrets: Record<string, string> = { ...(this.memorySecrets.get(id) ?? {}) };
    for (const [k, v] of Object.entries(j.encryptedSecrets ?? {})) secrets[k] = (await safeStorage.decryptStringAsync(Buffer.from(v, 'base64'))).result;
    return { name: j.name, profile: ProfileSchema.parse(j.profile), secrets };
  }
}
