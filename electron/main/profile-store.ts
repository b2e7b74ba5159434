/**
 * The desktop app's saved profiles: the one store (core/profiles/profile-store.ts) with secrets
 * encrypted by Electron's safeStorage (async API). Where encryption is unavailable (or Linux's
 * "basic_text" fallback, which is no real encryption), secrets are kept in memory only and the UI says so.
 */
import { safeStorage } from 'electron';
import { ProfileStore, type SecretEncryptor } from '../core/profiles/profile-store';

export const safeStorageEncryptor: SecretEncryptor = {
  async available() {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  },
  encrypt: (plain) => safeStorage.encryptStringAsync(plain),
  decrypt: async (blob) => (await safeStorage.decryptStringAsync(blob)).result,
};

/** Saved profiles in `dir` (the user's app-data folder), secrets through safeStorage. */
export function appProfileStore(dir: string): ProfileStore {
  return new ProfileStore(dir, safeStorageEncryptor);
}
