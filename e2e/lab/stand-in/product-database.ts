import type { DatabaseKind } from './product-config';

export interface Setting {
  name: string;
  value: string;
}

/** The product database as the stand-in uses it: a ping for /health and the settings table. */
export interface ProductDatabase {
  kind: DatabaseKind;
  ping(): Promise<void>;
  listSettings(): Promise<Setting[]>;
  setSetting(name: string, value: string): Promise<void>;
  /** The schema version (a major, e.g. 2025); a database without one gets `ifAbsent`, as an install would write. */
  schemaVersion(ifAbsent: number): Promise<number>;
  /** What upgradedb (or a start that upgrades) writes. */
  setSchemaVersion(version: number): Promise<void>;
}

/** Every database operation gives up after this long, so /health always answers. */
export const DATABASE_TIMEOUT_MS = 3000;

export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A driver error as one line of text, without the password. */
export function errorText(err: unknown, password: string | undefined): string {
  const raw = err instanceof Error ? err.message || err.name : String(err);
  const oneLine = raw.replace(/\s*[\r\n]+\s*/g, ' ').trim() || 'unknown database error';
  if (!password || password.length < 3) return oneLine;
  return oneLine.split(password).join('***');
}

/** Rejects with a clean, password-free Error whatever the driver threw. */
export async function cleanErrors<T>(work: () => Promise<T>, password: string | undefined): Promise<T> {
  try {
    return await work();
  } catch (err) {
    // The driver's error object may carry its connection config: keep only the cleaned message.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(errorText(err, password));
  }
}
