/**
 * The SQL Server probe against the lab's TDS test server (real TDS, real TLS, in this process):
 * what it reads, how each failure is classified, that its statements share one connection and are
 * only those of SQLSERVER_QUERIES, and that the password never shows.
 */
import { execFile } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultTdsModel, type TdsModel } from '../../../e2e/lab/tds/model';
import { startTdsServer, type TdsServer } from '../../../e2e/lab/tds/server';
import type { DatabaseEndpoint } from '../../shared/connection-string/connection-strings';
import { probeSqlServer } from './sqlserver-probe';
import { SQLSERVER_QUERIES } from './sqlserver-queries';
import { freePort as closedPort } from '../remote/sshd-test-fixture';

const PASSWORD = 'Pr0be!Secret-42';
const model = (change: (m: TdsModel) => void = () => {}): TdsModel => {
  const m = defaultTdsModel({ login: 'proget', password: PASSWORD });
  m.logins.push({ name: 'reader', password: PASSWORD });
  change(m);
  return m;
};

let server: TdsServer;
let certDir: string;
const log: string[] = [];

const endpoint = (over: Partial<DatabaseEndpoint> = {}): DatabaseEndpoint => ({
  kind: 'sqlserver', host: '127.0.0.1', port: server.port, database: 'ProGet', user: 'proget',
  integratedSecurity: false, encrypt: true, trustServerCertificate: true, ...over,
});
const probe = (over: Partial<DatabaseEndpoint> = {}, password = PASSWORD, portGiven = false) =>
  probeSqlServer({ endpoint: endpoint(over), password, connectTimeoutMs: 1500, portGiven });

beforeAll(async () => {
  certDir = await mkdtemp(join(tmpdir(), 'sqlprobe-cert-'));
  const [key, cert] = [join(certDir, 'key.pem'), join(certDir, 'cert.pem')];
  await new Promise<void>((resolve, reject) => execFile('openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost'],
    { timeout: 15_000 }, (e) => (e ? reject(e) : resolve())));
  server = await startTdsServer({ host: '127.0.0.1', port: 0, tls: { key: await readFile(key), cert: await readFile(cert) }, model: model(), log: (l) => log.push(l) });
});

beforeEach(() => {
  server.setModel(model());
  log.length = 0;
});

afterAll(async () => {
  await server?.close();
  if (certDir) await rm(certDir, { recursive: true, force: true });
});

describe('probeSqlServer', () => {
  it('reads the server, the database, its topology and the login\'s rights over TLS', async () => {
    const r = await probe();
    expect(r).toMatchObject({
      connected: true, factsFrom: 'database', port: server.port, serverVersion: '16.0.4135.4', edition: 'Enterprise Edition (64-bit)',
      isClustered: false, isHadrEnabled: false, serverCollation: 'SQL_Latin1_General_CP1_CI_AS',
      database: { name: 'ProGet', collation: 'SQL_Latin1_General_CP1_CI_AS', recoveryModel: 'FULL', state: 'ONLINE' },
      databaseExists: true, availabilityGroup: null, mirroringState: null, isDbOwner: true, isSysadmin: false, login: 'proget',
    });
    expect(r.error).toBeUndefined();
    expect(log.some((l) => l.includes('login ok') && l.includes('tls=all traffic'))).toBe(true);
  });

  it('sends its statements over one connection, and nothing but SQLSERVER_QUERIES, the session setup and SELECT 1', async () => {
    const acquired: unknown[] = [];
    const onAcquire = (m: unknown) => acquired.push((m as { connectionId: unknown }).connectionId);
    subscribe('mssql:connection:acquire', onAcquire);
    const before = server.statementsSeen().length;
    try {
      await probe();
    } finally {
      unsubscribe('mssql:connection:acquire', onAcquire);
    }
    // Every request (serverInfo, database, availabilityGroup, mirroring, permissions) borrowed the same connection.
    expect(acquired).toHaveLength(5);
    expect(new Set(acquired).size).toBe(1);
    // mssql's connect() logs in once to test, closes that, then opens the one the statements use.
    expect(log.filter((l) => l.includes('login ok'))).toHaveLength(2);
    const seen = server.statementsSeen().slice(before);
    const ours = Object.values(SQLSERVER_QUERIES).map((q) => q.replace(/\s+/g, ' '));
    const sessionSetup = (s: string) => s.startsWith('set ansi_nulls on ');
    expect(seen.filter((s) => !ours.includes(s) && !sessionSetup(s) && s !== 'SELECT 1;')).toEqual([]);
    expect(seen.filter((s) => ours.includes(s))).toEqual([SQLSERVER_QUERIES.serverInfo, SQLSERVER_QUERIES.database, SQLSERVER_QUERIES.availabilityGroup, SQLSERVER_QUERIES.mirroring, SQLSERVER_QUERIES.permissions]);
  });

  it('classifies a wrong password as a login failure (18456)', async () => {
    const r = await probe({}, 'not-the-password');
    expect(r).toMatchObject({ connected: false, factsFrom: null, error: { kind: 'login', numbers: [18456] } });
  });

  it('classifies a missing database (4060) and still reads the server from master', async () => {
    const r = await probe({ database: 'NoSuchDb' });
    expect(r).toMatchObject({ connected: false, factsFrom: 'master', databaseExists: false, database: null, serverVersion: '16.0.4135.4', isDbOwner: null });
    expect(r.error).toMatchObject({ kind: 'database-missing', numbers: [4060, 18456] });
  });

  it('tells a database the login may not open from one that does not exist', async () => {
    const r = await probe({ user: 'reader' });
    expect(r).toMatchObject({ connected: false, factsFrom: 'master', databaseExists: true, database: { name: 'ProGet' }, error: { kind: 'database-missing' } });
  });

  it('classifies an untrusted certificate as TLS', async () => {
    const r = await probe({ trustServerCertificate: false });
    expect(r.error).toMatchObject({ kind: 'tls', numbers: [] });
    expect(r.error?.message).toMatch(/certificate/);
  });

  it('classifies a closed port and an unknown host as unreachable', async () => {
    expect((await probe({ port: await closedPort() })).error?.kind).toBe('unreachable');
    expect((await probe({ host: 'no-such-host.invalid' })).error?.kind).toBe('unreachable');
  });

  it('gives up on a named instance SQL Browser does not answer for, within the connect timeout', async () => {
    const started = Date.now();
    // 127.0.0.2: loopback too, but away from any SQL Browser stand-in another test file may run on 127.0.0.1.
    const r = await probe({ host: '127.0.0.2', instance: 'NOBROWSER' });
    expect(r.error?.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('gives up on a server that is slow to answer, within the timeouts', async () => {
    const slow = await startTdsServer({ host: '127.0.0.1', port: 0, model: model(), responseDelayMs: 3000 });
    try {
      const started = Date.now();
      const r = await probeSqlServer({ endpoint: endpoint({ port: slow.port, encrypt: false }), password: PASSWORD, connectTimeoutMs: 1000 });
      expect(r.error?.kind).toBe('timeout');
      expect(r.factsFrom).toBeNull();
      expect(Date.now() - started).toBeLessThan(4500);
    } finally {
      await slow.close();
    }
  });

  it('connects to host\\instance,port on the port, without SQL Browser', async () => {
    expect((await probe({ instance: 'PROGET' }, PASSWORD, true)).connected).toBe(true);
  });

  it('with Integrated Security tests reachability only, and says so', async () => {
    const r = await probe({ integratedSecurity: true, user: undefined });
    expect(r).toMatchObject({ connected: false, factsFrom: null, port: server.port, error: { kind: 'integrated' } });
    expect(log.filter((l) => l.includes('login'))).toEqual([]);
    expect((await probe({ integratedSecurity: true, port: await closedPort() })).error?.kind).toBe('unreachable');
  });

  it('reads Always On, failover cluster and mirroring from the server', async () => {
    server.setModel(model((m) => { m.topology = 'always-on'; m.databases[0]!.availabilityGroup = 'ag1'; }));
    expect(await probe()).toMatchObject({ isHadrEnabled: true, availabilityGroup: 'ag1' });
    server.setModel(model((m) => { m.topology = 'failover-cluster'; }));
    expect(await probe()).toMatchObject({ isClustered: true, availabilityGroup: null });
    server.setModel(model((m) => { m.topology = 'mirroring'; }));
    expect(await probe()).toMatchObject({ mirroringState: 'SYNCHRONIZED' });
  });

  it('never returns the password, even when the login name contains it', async () => {
    server.setModel(model((m) => m.logins.push({ name: `svc_${PASSWORD}`, password: 'other-password' })));
    const results = await Promise.all([probe({ user: `svc_${PASSWORD}` }), probe({}, 'wrong'), probe({ database: 'Missing' })]);
    expect(results[0]!.error?.message).toContain('svc_********');
    expect(JSON.stringify(results)).not.toContain(PASSWORD);
  });
});
