/**
 * V8's code cache for the command code on Node 20 (code-cache.ts): the file runs as a CommonJS file, the
 * entry is made once and then used, an entry for other code is never used, a broken or unwritable one
 * costs nothing. The last test runs the CLI as built for release, twice, on this machine's Node.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import nodeModule from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, COMMANDS_FILE } from '../../scripts/build-cli';
import { requireWithCodeCache } from './code-cache';

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A CommonJS file beside a helper it requires; `word` changes the source without changing its length. */
function writeCode(name: string, word: string): string {
  const folder = fs.mkdtempSync(path.join(dir, 'code-'));
  fs.writeFileSync(path.join(folder, 'helper.cjs'), 'module.exports = (s) => s.toUpperCase();\n');
  const file = path.join(folder, name);
  fs.writeFileSync(file, [
    "const shout = require('./helper.cjs');",
    `exports.word = () => shout('${word}');`,
    'exports.where = () => [__filename, __dirname];',
    "exports.fail = () => { throw new Error('from line 5'); };",
    '',
  ].join('\n'));
  return file;
}

const entries = (cache: string) => (fs.existsSync(cache) ? fs.readdirSync(cache).filter((f) => f.endsWith('.v8cache')) : []);

describe('the command code through V8\'s code cache', () => {
  it('runs the file as Node runs a CommonJS file, makes the entry once, then uses it', () => {
    const cache = path.join(dir, 'once');
    const file = writeCode('commands.cjs', 'alpha');
    const first = requireWithCodeCache(file, cache);
    const code = first.exports as { word(): string; where(): string[]; fail(): never };
    expect(code.word()).toBe('ALPHA');
    expect(code.where()).toEqual([file, path.dirname(file)]);
    // The wrapper sits on the file's first line: a stack trace names the file's own line.
    expect(() => code.fail()).toThrow('from line 5');
    try {
      code.fail();
    } catch (e) {
      expect((e as Error).stack).toContain(`${file}:4:`);
    }
    expect(first.cache).toBe('made');
    expect(first.save()).toBe(true);
    expect(entries(cache)).toHaveLength(1);
    expect(fs.statSync(cache).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(cache, entries(cache)[0]!)).mode & 0o777).toBe(0o600);

    const second = requireWithCodeCache(file, cache);
    expect(second.cache).toBe('used');
    expect((second.exports as { word(): string }).word()).toBe('ALPHA');
    expect(second.save()).toBe(false);
  });

  it('never uses an entry made for other code of the same length, and keeps only the newest entry', () => {
    const cache = path.join(dir, 'changed');
    const file = writeCode('commands.cjs', 'alpha');
    const before = requireWithCodeCache(file, cache);
    before.save();
    const old = entries(cache);
    // Same length: V8's own check of a cache (the source's length) would accept the old entry.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("'alpha'", "'omega'"));
    const after = requireWithCodeCache(file, cache);
    expect(after.cache).toBe('made');
    expect((after.exports as { word(): string }).word()).toBe('OMEGA');
    expect(after.save()).toBe(true);
    expect(entries(cache)).toHaveLength(1);
    expect(entries(cache)).not.toEqual(old);
  });

  it.each([
    // V8 itself accepted this one: it checks its data's header, not the body.
    ['a scrambled body', (b: Buffer) => b.fill(0x5a, b.length - 48, b.length - 16)],
    ['a cut-off entry', (b: Buffer) => b.subarray(0, b.length >> 1)],
    ['an empty entry', () => Buffer.alloc(0)],
  ])('runs the code from source past %s, and writes a good entry', (_, damage) => {
    const cache = path.join(dir, `broken-${Math.random()}`);
    const file = writeCode('commands.cjs', 'beta');
    requireWithCodeCache(file, cache).save();
    const entry = path.join(cache, entries(cache)[0]!);
    fs.writeFileSync(entry, damage(fs.readFileSync(entry)));
    const load = requireWithCodeCache(file, cache);
    expect(load.cache).toBe('rejected');
    expect((load.exports as { word(): string }).word()).toBe('BETA');
    expect(load.save()).toBe(true);
    expect(requireWithCodeCache(file, cache).cache).toBe('used');
  });

  it('runs as well where the cache folder cannot be made, and says nothing was written', () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const load = requireWithCodeCache(writeCode('commands.cjs', 'gamma'), path.join(blocker, 'cache'));
    expect((load.exports as { word(): string }).word()).toBe('GAMMA');
    expect(load.save()).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

// Node 22.1+ uses Node's own compile cache instead, and then writes none of these entries.
const node20 = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache !== 'function';

describe.skipIf(!node20)('the CLI as built for release, on Node 20', () => {
  it('makes the entry on its first command and uses it, unchanged, on the next', async () => {
    const cli = await buildCli(path.join(fs.mkdtempSync(path.join(dir, 'cli-')), 'ha-wizard.cjs'));
    const home = fs.mkdtempSync(path.join(dir, 'home-'));
    const cache = path.join(home, 'compile-cache');
    // A command that loads the command code and fails at once: its profile does not exist.
    const command = (env: NodeJS.ProcessEnv = {}) => run(process.execPath, [cli, 'check', '--profile', path.join(home, 'none.json')], { env: { ...process.env, HA_WIZARD_HOME: home, ...env } })
      .then(() => 0, (e: { code: number }) => e.code);
    expect(await command()).not.toBe(0);
    expect(entries(cache)).toEqual([expect.stringMatching(new RegExp(`^${COMMANDS_FILE.replace('.', '\\.')}\\.[0-9a-f]{32}\\.v8cache$`))]);
    const made = fs.statSync(path.join(cache, entries(cache)[0]!));
    expect(await command()).not.toBe(0);
    // Used, not refused: a refused entry is written again.
    const after = fs.statSync(path.join(cache, entries(cache)[0]!));
    expect([after.ino, after.mtimeMs]).toEqual([made.ino, made.mtimeMs]);

    // Node's own switch for its compile cache turns this one off too.
    fs.rmSync(cache, { recursive: true });
    expect(await command({ NODE_DISABLE_COMPILE_CACHE: '1' })).not.toBe(0);
    expect(fs.existsSync(cache)).toBe(false);
  }, 120_000);
});
