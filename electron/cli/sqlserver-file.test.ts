/**
 * The SQL Server driver ships as a file of its own beside the command code (issue 10: mssql and what it
 * brings were half of the command code, compiled at every command's start). Built exactly as
 * `npm run build:cli` does; a check's database login then runs against the TDS test server (no SQL
 * Server runs here) through the real mssql driver, loaded from that file, and a PostgreSQL command never
 * needs it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS_FILE, SQLSERVER_FILE, buildCli } from '../../scripts/build-cli';
import { defaultTdsModel } from '../../e2e/lab/tds/model';
import { startTdsServer, type TdsServer } from '../../e2e/lab/tds/server';
import { freePort as closedPort } from '../core/remote/sshd-test-fixture';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const dir = path.join(ROOT, 'out', `sqlserver-file-test-${process.pid}`);
const program = path.join(dir, 'ha-wizard.cjs');
const PASSWORD = 'Split!File-42';
let server: TdsServer;

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  await buildCli(program);
  server = await startTdsServer({ host: '127.0.0.1', port: 0, model: defaultTdsModel({ login: 'proget', password: PASSWORD }) });
}, 120_000);

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function profile(kind: 'sqlserver' | 'postgres', port: number): string {
  const file = path.join(dir, `${kind}-profile.json`);
  fs.writeFileSync(file, JSON.stringify({
    version: 1, product: 'proget',
    nodes: [{ host: '127.0.0.1', port: 1, user: 'admin', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget.env', serviceCommand: '/usr/local/bin/proget-svc' }],
    database: kind === 'sqlserver'
      ? { kind, connectionString: `Server=127.0.0.1,${port};Database=ProGet;User ID=proget;Encrypt=False`, password: { env: 'SPLIT_DB_PW' } }
      : { kind, connectionString: `Host=127.0.0.1;Port=${port};Database=proget;Username=proget`, password: { env: 'SPLIT_DB_PW' } },
    storage: { path: '/var/proget/packages' },
    loadBalancer: { type: 'haproxy' },
  }));
  return file;
}

async function databaseLogin(profileFile: string): Promise<{ status: string; detail: string }> {
  const r = await run(process.execPath, [program, 'check', '--profile', profileFile, '--only', 'database.login', '--json', '--connect-timeout', '1500', '--known-hosts', path.join(dir, 'kh.json')],
    { cwd: dir, timeout: 30_000, env: { ...process.env, SPLIT_DB_PW: PASSWORD } }).catch((e: { stdout: string }) => e);
  const report = JSON.parse(r.stdout) as { results: { id: string; status: string; detail: string }[] };
  return report.results.find((x) => x.id === 'database.login')!;
}

describe('the SQL Server driver, a file of its own', () => {
  it('is built beside the command code, which holds none of mssql, tedious or @azure', () => {
    const code = fs.readFileSync(path.join(dir, COMMANDS_FILE), 'utf8');
    expect(code).toContain(`require("./${SQLSERVER_FILE}")`);
    // Only tedious's small connector stays (tds-socket.ts's Nagle-free connect): no driver, no @azure.
    expect([...new Set(code.match(/node_modules\/(mssql|tedious|@azure)\/[^"]+/g))]).toEqual(['node_modules/tedious/lib/connector.js']);
    const driver = fs.readFileSync(path.join(dir, SQLSERVER_FILE), 'latin1');
    expect(driver.includes('node_modules/tedious/lib/connection.js')).toBe(true);
    expect(/[\x80-\xff]/.test(driver)).toBe(false); // all ASCII, as the other two (cold-start.test.ts)
  });

  it('logs in to SQL Server (the TDS test server) through that file, and says so plainly when the file is missing', async () => {
    const sqlserver = profile('sqlserver', server.port);
    expect(await databaseLogin(sqlserver)).toMatchObject({ status: 'pass' });
    fs.renameSync(path.join(dir, SQLSERVER_FILE), path.join(dir, `${SQLSERVER_FILE}.away`));
    try {
      expect((await databaseLogin(sqlserver)).detail).toMatch(new RegExp(`${SQLSERVER_FILE.replace('.', '\\.')}`));
      // A PostgreSQL profile never needs it: its login runs (and fails on a closed port) without the file.
      const pg = await databaseLogin(profile('postgres', await closedPort()));
      expect(pg.status).toBe('fail');
      expect(pg.detail).not.toMatch(/ha-wizard-sqlserver|Cannot find module/);
    } finally {
      fs.renameSync(path.join(dir, `${SQLSERVER_FILE}.away`), path.join(dir, SQLSERVER_FILE));
    }
  });
});
