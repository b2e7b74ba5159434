/** Unified diffs of configuration files with every secret value masked. */
import crypto from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { passwordOf } from '../database/connection-strings';
import { parseProductConfig, type ConfigFormat } from '../config/product-config';
import type { ProductId } from '../products';
import { MASK } from '../secrets';

export function sha256(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** The secret values a configuration text holds: connection-string passwords and the encryption key. */
export function secretsIn(text: string | null, format: ConfigFormat, product: ProductId): string[] {
  if (!text) return [];
  try {
    const c = parseProductConfig(text, format, product);
    return [c.sqlConnectionString, c.postgresConnectionString].map((cs) => (cs ? passwordOf(cs) : undefined)).concat(c.encryptionKey ?? undefined)
      .filter((v): v is string => !!v && v.length >= 1);
  } catch {
    return [];
  }
}

export function maskValues(text: string, values: string[]): string {
  let out = text;
  for (const v of [...new Set(values)].sort((a, b) => b.length - a.length)) if (v) out = out.split(v).join(MASK);
  return out;
}

export interface MaskedDiff { diff: string; secretChangesOnly: boolean }

export function maskedDiff(path: string, before: string | null, after: string, secrets: string[]): MaskedDiff {
  if (before === after) return { diff: '', secretChangesOnly: false };
  const a = maskValues(before ?? '', secrets);
  const b = maskValues(after, secrets);
  if (a === b) return { diff: '', secretChangesOnly: true };
  const diff = createTwoFilesPatch(before === null ? '/dev/null' : path, path, a, b, '', '', { context: 3 })
    .split('\n').filter((l) => !/^={5,}$/.test(l)).join('\n');
  return { diff, secretChangesOnly: false };
}
