/**
 * The Storage page's form. The path's form is the engine's own rule (`storage.path-form` judges it with
 * the same function); here it is shown next to the field as the admin types.
 */
import { z } from 'zod';
import type { Os } from '../../../../electron/shared/kinds';
import { storagePathProblem } from '../../../../electron/shared/storage-path';

export function storagePathMessage(path: string, oses: readonly Os[]): string | null {
  const p = path.trim();
  if (!p) return 'Enter the shared storage path';
  return storagePathProblem(p, oses)?.message ?? null;
}

/** What the storage.shared check says it found (storage-checks.ts): which server saw whose test file. */
export const SharedStorageData = z.object({
  seen: z.record(z.string(), z.array(z.string())).optional(),
  misconfigured: z.array(z.string()).optional(),
});

export function storageFormSchema(oses: readonly Os[]) {
  return z.object({
    storagePath: z.string(),
    useApiKey: z.boolean(),
    apiKey: z.string(),
    hasStoredApiKey: z.boolean(),
    allowApiKeyOverHttp: z.boolean(),
  }).superRefine((v, ctx) => {
    const m = storagePathMessage(v.storagePath, oses);
    if (m) ctx.addIssue({ code: 'custom', path: ['storagePath'], message: m });
    if (v.useApiKey && !v.apiKey && !v.hasStoredApiKey) ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'Enter the API key, or switch this off' });
    // The servers' API is reached over http: the key goes in clear text only with the admin's yes.
    if (v.useApiKey && !v.allowApiKeyOverHttp) ctx.addIssue({ code: 'custom', path: ['allowApiKeyOverHttp'], message: 'Accept that the key travels unencrypted, or switch the API off' });
  });
}

export type StorageForm = z.input<ReturnType<typeof storageFormSchema>>;
