/**
 * V8's code cache for the bundled CLI's command code on a Node without a module compile cache (Node 20:
 * module.enableCompileCache is 22.1+). Without it V8 compiles the command code (1.9 MB) at every
 * command's start. The file is run as Node runs a CommonJS file (the same wrapper, a require of its own
 * folder), through vm.Script with the cache. The cache is made when the process exits, after the command
 * ran, so it holds the functions the command used, not only the top level.
 *
 * V8 accepts a cache made for any source of the same length, so an entry is named by a hash of the
 * source and of V8's version: an upgraded CLI never runs another version's code. It sits in HA Wizard's
 * data folder (compile-cache.ts says why), and an entry that cannot be read or written costs the
 * run nothing but the cache.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export type CacheUse = 'used' | 'made' | 'rejected';

export interface CachedLoad {
  exports: unknown;
  /** Whether a cache entry was used, or none existed, or V8 refused it. */
  cache: CacheUse;
  /** Writes the entry when there was none or V8 refused it; false when nothing was written. */
  save(): boolean;
}

export function requireWithCodeCache(file: string, cacheDir: string): CachedLoad {
  const source = fs.readFileSync(file, 'utf8');
  const key = createHash('sha256').update(process.versions.v8).update('\0').update(source).digest('hex').slice(0, 32);
  const base = path.basename(file);
  const name = `${base}.${key}.v8cache`;
  const entry = path.join(cacheDir, name);
  let stored: Buffer | undefined;
  try {
    stored = fs.readFileSync(entry);
  } catch {
    // none yet
  }
  const cachedData = stored && intact(stored);
  // Node's own CommonJS wrapper, on the first line: line numbers in stack traces stay the file's.
  const wrapper = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  const cache: CacheUse = stored === undefined ? 'made' : cachedData === undefined || script.cachedDataRejected === true ? 'rejected' : 'used';
  const mod = { exports: {} as unknown };
  (script.runInThisContext() as (...a: unknown[]) => void)(mod.exports, nodeModule.createRequire(file), mod, file, path.dirname(file));
  return {
    exports: mod.exports,
    cache,
    save: () => (cache === 'used' ? false : writeEntry(cacheDir, base, name, script.createCachedData())),
  };
}

// An entry is a SHA-256 of V8's data, then the data: V8 checks its data's header, not its body (a
// scrambled body was used as is), and what it would run from a damaged one is anyone's guess.
const SUM = 32;
const digest = (data: Buffer) => createHash('sha256').update(data).digest();

function intact(stored: Buffer): Buffer | undefined {
  const data = stored.subarray(SUM);
  return stored.length > SUM && digest(data).equals(stored.subarray(0, SUM)) ? data : undefined;
}

/** Writes a whole entry or none (a temp file renamed), and removes the older entries of the file `base`. */
function writeEntry(cacheDir: string, base: string, name: string, data: Buffer): boolean {
  const temp = path.join(cacheDir, `${name}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(temp, Buffer.concat([digest(data), data]), { mode: 0o600 });
    fs.renameSync(temp, path.join(cacheDir, name));
    for (const old of fs.readdirSync(cacheDir)) {
      if (old !== name && old.startsWith(`${base}.`) && old.endsWith('.v8cache')) fs.rmSync(path.join(cacheDir, old), { force: true });
    }
    return true;
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // no folder, so no temp file either
    }
    return false;
  }
}
