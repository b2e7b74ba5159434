/**
 * The storage path's form, as the engine's `storage.path-form` check judges it: Windows needs a UNC
 * path (never a drive letter: mapped drives exist only in interactive sessions); Linux an absolute path.
 */
import { z } from 'zod';
import type { Os } from '../../store/draft-types';

const UNC = /^\\\\[^\\/:*?"<>|]+\\[^\\/:*?"<>|]+(\\[^\\/:*?"<>|]+)*\\?$/;

export function storagePathMessage(path: string, oses: Os[]): string | null {
  const p = path.trim();
  if (!p) return 'Enter the shared storage path';
  const windows = oses.includes('windows');
  if (windows && oses.includes('linux')) return 'The cluster mixes Windows and Linux servers, which cannot share one storage path';
  if (windows) {
    if (/^[A-Za-z]:/.test(p)) return 'A drive letter is not shared (a mapped drive exists only in an interactive session, never for the service): use the share’s UNC path, such as \\\\nas\\proget\\packages';
    if (!UNC.test(p)) return 'Use a UNC path: \\\\server\\share\\folder';
    return null;
  }
  if (!p.startsWith('/')) return 'Use an absolute path, such as /var/proget/packages';
  if (p.split('/').includes('..')) return 'Write the path without “..”';
  return null;
}

export function storageFormSchema(oses: Os[]) {
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
