/** Lab: the product stand-in behaves as the product does, and both databases answer the real drivers. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sql from 'mssql';
import { describe, expect, inject, it } from 'vitest';
import { SQLSERVER_QUERIES } from '../../electron/core/database/sqlserver-queries';
import { injectFault } from './faults';
import { faultScope } from './fault-scope';
import { HOSTS, REPO_ROOT } from './lab-config';
import { getJson, sftpRead, sftpWrite, sshTo } from './test-helpers';

const lab = inject('lab');
const exec = promisify(execFile);
const { cleanups: clearAfter } = faultScope();

describe('product stand-in', () => {
  const node = lab.nodes[0]!;

  it('serves /health with the product fields, OK on every node', async () => {
    for (const n of lab.nodes) {
      const { status, body } = await getJson(`${n.url}/health`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ applicationName: 'ProGet', databaseStatus: 'OK', licenseStatus: 'OK', serviceStatus: 'OK', releaseNumber: lab.version });
    }
  });

  it('reports databaseStatus Error with the driver message after a restart with a wrong password, and recovers', async () => {
    const ssh = await sshTo(node, 'key');
    const sftp = await ssh.sftp();
    const original = await sftpRead(sftp, node.configPath);
    const restore = async () => {
      await sftpWrite(sftp, node.configPath, original);
      expect((await ssh.exec(`${node.serviceCommand} restart`)).code).toBe(0);
    };
    clearAfter.push(async () => { await restore(); ssh.close(); });
    const password = lab.databases.postgres.password;
    expect(original.toString()).toContain(password);
    await sftpWrite(sftp, node.configPath, original.toString().replace(password, 'not-the-password'));
    // Configuration is read at start only: before the restart the node still reports OK.
    expect((await getJson(`${node.url}/health`)).status).toBe(200);
    expect((await ssh.exec(`${node.serviceCommand} restart`)).code).toBe(0);
    const broken = await getJson(`${node.url}/health`);
    expect(broken.status).toBe(500);
    expect(broken.body).toMatchObject({ databaseStatus: 'Error' });
    expect(String((broken.body as Record<string, unknown>).databaseStatusDetails)).toMatch(/password authentication failed/);
    expect(JSON.stringify(broken.body)).not.toContain('not-the-password');
    await restore();
    expect((await getJson(`${node.url}/health`)).status).toBe(200);
  });

  it('version fault: the node reports the new version after its restart', async () => {
    await injectFault('version', node.name, { value: '2025.9' });
    clearAfter.push(() => injectFault('version', node.name, { clear: true }));
    expect((await getJson(`${node.url}/health`)).body).toMatchObject({ releaseNumber: '2025.9' });
  });

  it('no-start fault: the service will not start and says why', async () => {
    const n = lab.nodes[2]!;
    await injectFault('no-start', n.name);
    clearAfter.push(() => injectFault('no-start', n.name, { clear: true }));
    const ssh = await sshTo(n, 'key');
    try {
      const r = await ssh.exec(`${n.serviceCommand} start`);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/simulated fault/);
      await expect(fetch(`${n.url}/health`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    } finally {
      ssh.close();
    }
  });
});

describe('databases', () => {
  const { sqlserver, postgres } = lab.databases;

  it('mssql queries the TDS server over TLS', async () => {
    const pool = await new sql.ConnectionPool({
      server: sqlserver.host, port: sqlserver.port, database: sqlserver.database, user: sqlserver.user, password: sqlserver.password,
      options: { encrypt: true, trustServerCertificate: true },
    }).connect();
    try {
      const info = await pool.request().query(SQLSERVER_QUERIES.serverInfo);
      expect(info.recordset[0]).toMatchObject({ serverCollation: 'SQL_Latin1_General_CP1_CI_AS', isClustered: 0 });
      const db = await pool.request().input('db', sql.NVarChar, sqlserver.database).query(SQLSERVER_QUERIES.database);
      expect(db.recordset[0]).toMatchObject({ name: sqlserver.database, state: 'ONLINE' });
    } finally {
      await pool.close();
    }
  });

  it('a wrong SQL password fails with 18456', async () => {
    // mssql's error carries only the message; the server's error numbers arrive as tedious events.
    const numbers: number[] = [];
    const err = await new sql.ConnectionPool({
      server: sqlserver.host, port: sqlserver.port, database: sqlserver.database, user: sqlserver.user, password: 'wrong',
      options: { encrypt: true, trustServerCertificate: true },
      beforeConnect: (conn) => conn.on('errorMessage', (m: { number: number }) => numbers.push(m.number)),
    }).connect().then(() => null, (e: unknown) => e as { code?: string; message: string });
    expect(err).toMatchObject({ code: 'ELOGIN', message: `Login failed for user '${sqlserver.user}'.` });
    expect(numbers).toEqual([18456]);
  });

  it('FreeTDS tsql logs in over TLS and queries; a wrong password says 18456', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsql-'));
    fs.writeFileSync(path.join(dir, 'freetds.conf'), '[global]\n  tds version = 7.4\n  encryption = require\n');
    const tsql = (password: string) => exec('sh', ['-c', 'printf "SELECT 1 AS ok\\ngo\\nexit\\n" | tsql -H "$1" -p "$2" -U "$3" -P "$4" -D "$5" 2>&1', 'sh',
      sqlserver.host, String(sqlserver.port), sqlserver.user, password, sqlserver.database], { env: { ...process.env, FREETDSCONF: path.join(dir, 'freetds.conf') } })
      .then((r) => r.stdout, (e: { stdout?: string }) => e.stdout ?? '');
    expect(await tsql(sqlserver.password)).toMatch(/ok\s+1/);
    expect(await tsql('wrong')).toMatch(/18456|Login failed/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pg reaches PostgreSQL from inside a node\'s namespace', async () => {
    const script = `const pg = require(${JSON.stringify(path.join(REPO_ROOT, 'node_modules', 'pg'))});
      const c = new pg.Client({ host: process.argv[1], port: Number(process.argv[2]), database: process.argv[3], user: process.argv[4], password: process.env.PGPASSWORD });
      c.connect().then(() => c.query('SELECT current_database() AS db, host(inet_client_addr()) AS me')).then((r) => { console.log(JSON.stringify(r.rows[0])); return c.end(); })
        .catch((e) => { console.error(e.message); process.exit(1); });`;
    const { stdout } = await exec('ip', ['netns', 'exec', `hawlab-${lab.nodes[0]!.name}`, process.execPath, '-e', script,
      postgres.host, String(postgres.port), postgres.database, postgres.user], { env: { ...process.env, PGPASSWORD: postgres.password } });
    expect(JSON.parse(stdout)).toEqual({ db: postgres.database, me: lab.nodes[0]!.address });
    expect(postgres.host).toBe(HOSTS.db.address);
  });
});
