/**
 * The command code, loaded for a command's run with Node's compile cache on (Node 22.1+,
 * module.enableCompileCache): V8 then keeps the compiled code of the CLI's files between runs, and a
 * command's start skips compiling ~2 MB of it (issue 10; a 1-node check on Node 22: 426 ms without,
 * 344 ms with, medians of 10 run in turn). The cache lives in HA Wizard's own data folder, never in the
 * shared temp folder: an entry is code, which no other user may be able to write. Node 20 has no such
 * cache (code-cache.ts keeps one for the bundled command code there), and a cache that cannot be enabled
 * costs the run nothing.
 */
import nodeModule from 'node:module';
import path from 'node:path';
import { defaultDataDir } from '../core/data-dir';

type EnableCompileCache = (dir?: string) => unknown;

export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultDataDir(env), 'compile-cache');
}

/** Turns the cache on in `compileCacheDir()`; false when this Node has none or it could not be enabled. */
export function enableCompileCache(node: { enableCompileCache?: EnableCompileCache } = nodeModule as { enableCompileCache?: EnableCompileCache }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (typeof node.enableCompileCache !== 'function') return false;
  try {
    node.enableCompileCache(compileCacheDir(env));
    return true;
  } catch {
    return false;
  }
}
