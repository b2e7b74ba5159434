/**
 * Cold start (issue 10): `ha-wizard --help` must not load the database and SSH drivers (mssql → tedious →
 * @azure, pg, ssh2): they are loaded when a command needs them. Nor any command's code: the engine, its
 * libraries (zod and its schemas, the XML parser, diff) and the Node modules only it uses (net, crypto, http)
 * load when a command runs. The CLI is bundled exactly as `npm run build:cli` does, except that those
 * packages stay outside the bundle, so every load of them is a real require() that a preload hook can
 * record (inside the bundle a package has no require of its own).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS_FILE, buildCli } from '../../scripts/build-cli';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const DRIVERS = ['mssql', 'tedious', 'pg', 'ssh2'];
// What only a command's code loads: seeing one of these at `--help` means the engine was initialised.
const ENGINE_LIBRARIES = ['zod', 'fast-xml-parser', 'diff', '@tediousjs/connection-string'];
const ENGINE_BUILTINS = ['net', 'crypto', 'http', 'https', 'tls', 'os'];
// Inside the repository so the external packages resolve from its node_modules.
const dir = path.join(ROOT, 'out', `cold-start-test-${process.pid}`);
const bundle = path.join(dir, 'ha-wizard.cjs');
const commands = path.join(dir, COMMANDS_FILE);
const hook = path.join(dir, 'record-loads.cjs');

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  await buildCli(bundle, [...DRIVERS, '@azure/*', ...ENGINE_LIBRARIES]);
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

async function loadedBy(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const r = await run(process.execPath, ['--require', hook, bundle, ...args], { cwd: dir, timeout: 30_000, env }).catch((e: { stdout: string; stderr: string }) => e);
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

  it('help, for the program and each command, initialises none of the engine: no zod, no XML parser, no net or crypto', async () => {
    for (const args of [['--help'], ['check', '--help'], ['health', '--help'], ['node', 'add', '--help'], ['balancer', '--help'], ['drift', '--help'], ['upgrade', '--help'], ['report', '--help']]) {
      const loaded = await loadedBy(args);
      expect(loaded, args.join(' ')).toContain('fs'); // the hook sees the bundle's require()s: it works
      expect(loaded.filter((p) => ENGINE_LIBRARIES.includes(p) || ENGINE_BUILTINS.includes(p)), args.join(' ')).toEqual([]);
    }
  });

  it('a command still loads its code when it runs: report reads a file through the engine (zod)', async () => {
    const loaded = await loadedBy(['report', '--in', path.join(dir, 'no-such-report.json')]);
    expect(loaded).toContain('zod');
  });

  it('is two plain files: the program, and the command code beside it, which takes UsageError from the program', () => {
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.cjs')).sort()).toEqual([COMMANDS_FILE, 'ha-wizard.cjs', 'record-loads.cjs']);
    const code = fs.readFileSync(commands, 'utf8');
    expect(code).toContain('require("./ha-wizard.cjs")');
    expect(code).not.toMatch(/class UsageError\b/);
    // No code read from its own file; on Node 20 it runs the command code's file through V8's code cache.
    const program = fs.readFileSync(bundle, 'utf8');
    expect(program).not.toMatch(/readFileSync\(__filename/);
    expect(program).toContain(`require("./${COMMANDS_FILE}")`);
  });

  it('both files are all ASCII: Node reads such a file about four times faster than with one other character', () => {
    for (const file of [bundle, commands]) {
      const text = fs.readFileSync(file, 'latin1');
      const bad = /[\x80-\xff]/.exec(text); // read as latin1: a byte past ASCII is one character
      expect(bad && text.slice(Math.max(0, bad.index - 60), bad.index + 20), path.basename(file)).toBeNull();
    }
  });

  it('the command code, a file of its own, runs and throws the program\'s own UsageError (exit 2)', async () => {
    const r = await run(process.execPath, [bundle, 'report', '--in', path.join(dir, 'no-such-report.json')], { cwd: dir }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^ha-wizard: cannot read .*no-such-report\.json/)]);
  });

  it('a check against PostgreSQL loads pg, never the SQL Server chain (mssql → tedious → @azure)', async () => {
    // The SQL Server driver chain takes ~190 ms of the event loop to load, in the middle of a run (issue 10).
    const profile = path.join(dir, 'pg-profile.json');
    fs.writeFileSync(profile, JSON.stringify({
      version: 1, product: 'proget',
      nodes: [{ host: '127.0.0.1', port: 1, user: 'admin', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget.env', serviceCommand: '/usr/local/bin/proget-svc' }],
      // Port 1 on loopback refuses at once: the probe runs (its driver loads) and fails fast.
      database: { kind: 'postgres', connectionString: 'Host=127.0.0.1;Port=1;Database=proget;Username=proget', password: { env: 'COLD_START_DB_PW' } },
      storage: { path: '/var/proget/packages' },
      loadBalancer: { type: 'haproxy' },
    }));
    const loaded = await loadedBy(['check', '--profile', profile, '--only', 'database.login', '--connect-timeout', '500', '--known-hosts', path.join(dir, 'kh.json')],
      { ...process.env, COLD_START_DB_PW: 'not-a-real-password' });
    expect(loaded).toContain('pg');
    expect(loaded.filter((p) => ['mssql', 'tedious'].includes(p) || p.startsWith('@azure/'))).toEqual([]);
  });
});
