import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A file in the node's state dir the lab writes to give one node extensions the others lack (drift tests). */
export const EXTRA_EXTENSIONS_FILE = 'extensions-extra.json';

/** Read on every /health, so adding or removing the file needs no restart; absent or unreadable: none. */
export function readExtraExtensions(stateDir: string): Record<string, string> {
  try {
    const j: unknown = JSON.parse(readFileSync(join(stateDir, EXTRA_EXTENSIONS_FILE), 'utf8'));
    return j && typeof j === 'object' && !Array.isArray(j) ? Object.fromEntries(Object.entries(j).map(([k, v]) => [k, String(v)])) : {};
  } catch {
    return {};
  }
}
