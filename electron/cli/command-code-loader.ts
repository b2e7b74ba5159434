/** Every command's code, loaded on its first run (cold start, issue 10), with the compile cache on. */
import type * as CommandCode from './command-code';

export async function loadCommandCode(): Promise<typeof CommandCode> {
  // Imported here, not at the top: it needs `os` (the data folder), which `--help` must not load.
  const { enableCompileCache } = await import('./compile-cache');
  enableCompileCache();
  return import('./command-code');
}
