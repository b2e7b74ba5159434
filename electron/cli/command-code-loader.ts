/** Every command's code, loaded on its first run (cold start, issue 10), with a compile cache where one can be had. */
import path from 'node:path';
import { CLI_COMMANDS_FILE, CLI_PROGRAM_FILE } from '../../build/cli-files';
import type * as CommandCode from './command-code';

let loaded: Promise<typeof CommandCode> | undefined;

export function loadCommandCode(): Promise<typeof CommandCode> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<typeof CommandCode> {
  // Imported here, not at the top: they need `os` and `crypto`, which `--help` must not load.
  const { compileCacheDir, enableCompileCache } = await import('./compile-cache');
  if (enableCompileCache()) return import('./command-code');
  const file = bundledCommandCode();
  // Node's own switch for its cache turns this one off too.
  if (!file || process.env.NODE_DISABLE_COMPILE_CACHE) return import('./command-code');
  // Node 20 in the bundled CLI: V8's code cache for the command code file (code-cache.ts).
  const { requireWithCodeCache } = await import('./code-cache');
  const load = requireWithCodeCache(file, compileCacheDir());
  if (load.cache !== 'used') process.once('exit', () => load.save());
  return load.exports as typeof CommandCode;
}

/** The command code's file when this is the bundled program (which has it beside itself), else undefined. */
function bundledCommandCode(): string | undefined {
  return path.basename(__filename) === CLI_PROGRAM_FILE ? path.join(__dirname, CLI_COMMANDS_FILE) : undefined;
}
