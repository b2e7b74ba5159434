/**
 * Cold start (issue 10): `ha-wizard --help` must not load the database and SSH drivers (mssql → tedious →
 * @azure, pg, ssh2): they are loaded when a command needs them. The CLI is bundled exactly as
 * `npm run build:cli` does, except that those packages stay outside the bundle, so every load of them is
 * a real require() that a preload hook can record (inside the bundle a package has no require of its own).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../scripts/build-cli';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const DRIVERS = ['mssql', 'tedious', 'pg', 'ssh2'];
// Inside the repository so the external packages resolve from its node_modules.
const dir = path.join(ROOT, 'out', `cold-start-test-${process.pid}`);
const bundle = path.join(dir, 'ha-wizard.cjs');
const hook = path.join(dir, 'record-loads.cjs');

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  await buildCli(bundle, [...DRIVERS, '@azure/*']);
  // Records the packages (not their files) required by name, then prints them at exit.
  fs.writeFileSync(hook, `
const Module = require('module');
const seen = new Set();
const original = Module._load;
Module._load = function (request, ...rest) {
  const name = request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0];
  if (!request.startsWith('.') && !request.startsWith('/')) seen.add(name.replace(/^node:/, ''));
  return original.call(this, request, ...rest);
};
process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify([...seen]) + '\\n'));
`);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function loadedBy(args: string[]): Promise<string[]> {
  const r = await run(process.execPath, ['--require', hook, bundle, ...args], { cwd: dir, timeout: 30_000 }).catch((e: { stdout: string; stderr: string }) => e);
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (!line) throw new Error(`no record of loads; stderr: ${r.stderr}`);
  return JSON.parse(line.slice('LOADED '.length)) as string[];
}

describe('ha-wizard cold start', () => {
  it('--help and check --help load none of the drivers', async () => {
    for (const args of [['--help'], ['check', '--help'], ['health', '--help']]) {
      const loaded = await loadedBy(args);
      expect(loaded, args.join(' ')).toContain('fs'); // the hook sees the bundle's require()s: it works
      expect(loaded.filter((p) => DRIVERS.includes(p) || p.startsWith('@azure/')), args.join(' ')).toEqual([]);
    }
  });
});
