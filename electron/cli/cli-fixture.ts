/** For the CLI's tests: the real `ha-wizard` run through tsx, a temporary folder, and a profile of one Linux node. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const tsx = path.resolve('node_modules/.bin/tsx');

/** The data folder the CLI runs of these tests use (known hosts, kept reports): never the admin's own. */
export const CLI_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-cli-home-'));

/** Runs ha-wizard with these arguments; the exit code, standard output and standard error. */
export const runCli = (args: string[], env: NodeJS.ProcessEnv = {}) => exec(tsx, ['electron/cli/ha-wizard.ts', ...args], { env: { ...process.env, NO_COLOR: '1', HA_WIZARD_HOME: CLI_HOME, ...env } })
  .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

/** A new temporary folder and a writer of files into it (objects as JSON). */
export function tempFolder(prefix: string): { dir: string; write: (name: string, content: unknown) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const write = (name: string, content: unknown) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
    return f;
  };
  return { dir, write };
}

/** A valid profile whose one node (127.0.0.1:1) never answers: checks that need no server still run. */
export const ONE_NODE_PROFILE = {
  version: 1, product: 'proget',
  nodes: [{ host: '127.0.0.1', port: 1, user: 'admin', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget.env', serviceCommand: '/usr/local/bin/proget-svc' }],
  database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget', password: { env: 'DB_PW' } },
  storage: { path: '/var/proget/packages' },
  loadBalancer: { type: 'haproxy' },
};
