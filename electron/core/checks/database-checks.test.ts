/**
 * The database checks against real servers on loopback: the lab's TDS test server (with TLS) for
 * SQL Server and a throwaway PostgreSQL 15. Each check passes and fails at least once, and no
 * outcome ever carries the password.
 */
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../../e2e/lab/stand-in/throwaway-postgres';
import { defaultTdsModel, type TdsModel } from '../../../e2e/lab/tds/model';
import { startTdsServer, type TdsServer } from '../../../e2e/lab/tds/server';
import type { ProductId } from '../../shared/products';
import { ProfileSchema } from '../../shared/profile';
import { SecretResolver, envFileSecretSource } from '../secrets';
import type { ClusterContext } from '../run/cluster-context';
import { databaseChecks } from './database-checks';
import { SQLSERVER_QUERIES } from '../database/sqlserver-queries';
import { runChecks } from './runner';
import type { CheckOutcome } from '../../shared/check-types';
import { remedyText } from '../../shared/remedy';
import { freePort as closedPort } from '../remote/sshd-test-fixture';

/** The outcome's remedy as the CLI and as the app say it. */
const cli = (o: CheckOutcome) => remedyText(o.remedy ?? '', { surface: 'cli' });
const ui = (o: CheckOutcome) => remedyText(o.remedy ?? '', { surface: 'ui', rerunButton: 'Test the database' });

const PASSWORD = 'Ch3ck!Secret-99';
let tds: TdsServer;
let pg: ThrowawayPostgres;
let certDir: string;
const outcomes: unknown[] = [];
const tdsLog: string[] = [];

const sqlModel = (change: (m: TdsModel) => void = () => {}): TdsModel => {
  const m = defaultTdsModel({ login: 'proget', password: PASSWORD });
  m.logins.push({ name: 'reader', password: PASSWORD }, { name: 'boss', password: PASSWORD, sysadmin: true }, { name: `svc_${PASSWORD}`, password: 'x' });
  m.databases[0]!.users.push('reader');
  change(m);
  return m;
};
const sqlCs = (extra = '', server = `127.0.0.1,${tds.port}`) => `Server=${server};Database=ProGet;User ID=proget;TrustServerCertificate=True;${extra}`;
const pgCs = (db = 'proget', user = 'proget') => `Host=127.0.0.1;Port=${pg.port};Database=${db};Username=${user}`;

/** A real TCP connect from this process, standing in for the one run on a node over SSH. */
function tcpProbe(host: string, port: number, timeoutMs: number): Promise<{ reachable: boolean; error: string | null }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (reachable: boolean, error: string | null) => { clearTimeout(timer); socket.destroy(); resolve({ reachable, error }); };
    const timer = setTimeout(() => done(false, 'timed out'), timeoutMs);
    socket.once('connect', () => done(true, null));
    socket.once('error', (e: NodeJS.ErrnoException) => done(false, e.code ?? e.message));
  });
}

interface Options { product?: ProductId; kind?: 'sqlserver' | 'postgres'; cs?: string; password?: string; versions?: Record<string, string | 'throw'> }

/** Only what the database checks use of a ClusterContext, with a real resolver, redactor and memo. */
function context(o: Options = {}): ClusterContext {
  const kind = o.kind ?? 'sqlserver';
  const ids = Object.keys(o.versions ?? { node1: '' });
  const profile = ProfileSchema.parse({
    version: 1, product: o.product ?? 'proget',
    nodes: ids.map((id) => ({ id, host: `${id}.lab`, user: 'admin', os: 'windows', auth: { kind: 'agent' } })),
    database: { kind, connectionString: o.cs ?? (kind === 'sqlserver' ? sqlCs() : pgCs()), password: { env: 'DB_PASSWORD' } },
    storage: { path: '\\\\nas\\proget' }, loadBalancer: { type: 'haproxy' },
  });
  const memos = new Map<string, Promise<unknown>>();
  const fake = {
    profile,
    settings: { connectTimeoutMs: 1500, checkTimeoutMs: 15_000, knownHostsPath: '/nonexistent' },
    secrets: new SecretResolver(envFileSecretSource({ env: o.password === '' ? {} : { DB_PASSWORD: o.password ?? PASSWORD } })),
    nodes: profile.nodes.map((n) => ({ id: n.id!, profile: n })),
    memo<T>(key: string, fn: () => Promise<T>): Promise<T> {
      if (!memos.has(key)) memos.set(key, fn());
      return memos.get(key) as Promise<T>;
    },
    ops: async () => ({ tcpProbe }),
    async version(id: string) {
      const v = o.versions?.[id];
      if (v === 'throw') throw new Error('ssh: connection refused');
      const [major, minor] = (v ?? '').split('.').map(Number);
      return v ? { text: v, major: major!, minor: minor! } : null;
    },
  };
  return fake as unknown as ClusterContext;
}

async function check(id: string, o: Options = {}, nodeId?: string): Promise<CheckOutcome> {
  const c = databaseChecks.find((d) => d.id === id)!;
  const outcome = await c.run(context(o), nodeId);
  outcomes.push(outcome);
  return outcome;
}

beforeAll(async () => {
  certDir = await mkdtemp(join(tmpdir(), 'dbchecks-cert-'));
  const [key, cert] = [join(certDir, 'key.pem'), join(certDir, 'cert.pem')];
  await new Promise<void>((resolve, reject) => execFile('openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost'],
    { timeout: 15_000 }, (e) => (e ? reject(e) : resolve())));
  tds = await startTdsServer({ host: '127.0.0.1', port: 0, tls: { key: await readFile(key), cert: await readFile(cert) }, model: sqlModel(), log: (l) => tdsLog.push(l) });
  pg = await startThrowawayPostgres();
  for (const role of ['proget', 'other']) await pg.query(`CREATE ROLE ${role} LOGIN PASSWORD '${PASSWORD}'`);
  await pg.query(`CREATE ROLE admin LOGIN SUPERUSER PASSWORD '${PASSWORD}'`);
  await pg.query('CREATE DATABASE proget OWNER proget');
  await pg.query('CREATE DATABASE foreign_owned OWNER other');
  await pg.query('CREATE DATABASE locked OWNER other');
  await pg.query('REVOKE CONNECT ON DATABASE locked FROM PUBLIC');
}, 60_000);

afterAll(async () => {
  await tds?.close();
  await pg?.stop();
  if (certDir) await rm(certDir, { recursive: true, force: true });
}, 30_000);

describe('database checks, SQL Server (TDS test server)', () => {
  const withModel = async <T>(change: (m: TdsModel) => void, fn: () => Promise<T>): Promise<T> => {
    tds.setModel(sqlModel(change));
    try {
      return await fn();
    } finally {
      tds.setModel(sqlModel());
    }
  };

  it('database.connection-string: shows what it read, lists every problem, warns about loopback', async () => {
    const ok = await check('database.connection-string', { cs: 'Server=sql01\\PROGET,1450;Database=ProGet;User ID=proget' });
    expect(ok).toMatchObject({ status: 'pass', detail: 'SQL Server at sql01\\PROGET:1450, database ProGet, login proget', data: { host: 'sql01', port: 1450, instance: 'PROGET' } });
    const bad = await check('database.connection-string', { cs: 'Encrypt=True' });
    expect(bad.status).toBe('fail');
    expect(bad.detail).toMatch(/names no server.*names no database.*names no login/);
    expect(cli(bad)).toContain('Server=host');
    // Each surface names the password's place in its own words: the profile's field, or the page's.
    expect(cli(bad)).toContain('database.password');
    expect(ui(bad)).toContain('the Password field on the Database page');
    expect(ui(bad)).not.toContain('database.password');
    expect((await check('database.connection-string')).status).toBe('warn');
  });

  it('database.product-kind: SQL Server by version, PostgreSQL only for ProGet 2025+', async () => {
    expect(await check('database.product-kind', { versions: { a: '2024.30' } })).toMatchObject({ status: 'pass', detail: expect.stringContaining('through at least 2027') });
    expect(await check('database.product-kind', { versions: { a: 'throw', b: '2025.14' } })).toMatchObject({ status: 'warn', detail: expect.stringContaining('meant for InedoDB'), data: { versions: { b: '2025.14' } } });
    expect((await check('database.product-kind', { product: 'buildmaster', kind: 'postgres' })).status).toBe('fail');
    expect((await check('database.product-kind', { product: 'otter' })).status).toBe('pass');
    expect(await check('database.product-kind', { kind: 'postgres', versions: { a: '2025.2', b: '2024.9' } })).toMatchObject({ status: 'fail', detail: expect.stringContaining('b runs 2024.9') });
    expect((await check('database.product-kind', { kind: 'postgres', versions: { a: '2025.2' } })).status).toBe('pass');
  });

  it('database.login: passes, and fails with a remedy per cause', async () => {
    expect(await check('database.login')).toMatchObject({ status: 'pass', detail: `logged in to 127.0.0.1:${tds.port} as proget` });
    const wrong = await check('database.login', { password: 'wrong-password' });
    expect(wrong).toMatchObject({ status: 'fail', detail: expect.stringContaining('18456') });
    expect(cli(wrong)).toContain('(database.password in the profile)');
    expect(ui(wrong)).toMatch(/^Check the login and the Password field on the Database page; /);
    const closed = await check('database.login', { cs: sqlCs('', `127.0.0.1,${await closedPort()}`) });
    expect(closed.status).toBe('fail');
    expect(cli(closed)).toContain('firewall');
    // A refused port in words, its errno only in brackets after them.
    expect(closed.detail).toMatch(/^cannot reach 127\.0\.0\.1:\d+: the connection was refused: nothing listens on that port .*\(ECONNREFUSED\)$/);
    const untrusted = await check('database.login', { cs: sqlCs('TrustServerCertificate=False') });
    expect(untrusted.status).toBe('fail');
    expect(cli(untrusted)).toContain('add TrustServerCertificate=True to the connection string');
    // The Database page has a switch for it: the UI names the switch, never the keyword.
    expect(ui(untrusted)).toContain('turn on “Trust the server’s certificate without validating it” on the Database page');
    expect(ui(untrusted)).not.toContain('TrustServerCertificate');
    // Under Encrypt=Strict, TrustServerCertificate does nothing: the remedy must not offer it.
    const strict = await check('database.login', { cs: sqlCs('Encrypt=Strict') });
    expect(strict.status).toBe('fail');
    expect(cli(strict)).toContain('Strict');
    expect(cli(strict)).not.toContain('add TrustServerCertificate');
    expect(ui(strict)).not.toContain('Trust the server’s certificate');
    expect(await check('database.login', { password: '' })).toMatchObject({ status: 'fail', detail: expect.stringContaining('DB_PASSWORD is not set') });
    // 4060 alone: the server and the login are fine; database.exists reports the database.
    expect(await check('database.login', { cs: sqlCs('Database=Missing') })).toMatchObject({ status: 'pass', detail: expect.stringContaining('did not open') });
    const integrated = `Server=127.0.0.1,${tds.port};Database=ProGet;Integrated Security=SSPI`;
    expect(await check('database.login', { cs: integrated })).toMatchObject({ status: 'warn', detail: expect.stringContaining('Integrated Security') });
    expect((await check('database.owner', { cs: integrated })).status).toBe('skip');
  });

  it('database.exists: passes; tells a missing database from one the login may not open', async () => {
    expect((await check('database.exists')).status).toBe('pass');
    expect(await check('database.exists', { cs: sqlCs('Database=Missing') })).toMatchObject({
      status: 'fail', detail: 'database Missing does not exist on 127.0.0.1:' + tds.port, remedy: expect.stringContaining('CREATE DATABASE [Missing] COLLATE SQL_Latin1_General_CP1_CI_AS'),
    });
    const other = await withModel((m) => { m.databases[0]!.users = []; }, () => check('database.exists', { cs: sqlCs('User ID=reader') }));
    expect(other).toMatchObject({ status: 'fail', detail: 'database ProGet exists, but reader may not open it', remedy: expect.stringContaining('CREATE USER [reader] FOR LOGIN [reader]') });
  });

  it('database.owner: db_owner or sysadmin passes, a plain user fails', async () => {
    expect(await check('database.owner')).toMatchObject({ status: 'pass', detail: 'proget is db_owner in ProGet' });
    expect((await check('database.owner', { cs: sqlCs('User ID=boss') })).detail).toContain('sysadmin');
    expect(await check('database.owner', { cs: sqlCs('User ID=reader') })).toMatchObject({ status: 'fail', remedy: expect.stringContaining('ALTER ROLE db_owner ADD MEMBER [reader];') });
  });

  it('database.server-version: 2022 passes; before 2016 and Express warn', async () => {
    expect(await check('database.server-version')).toMatchObject({ status: 'pass', detail: 'SQL Server 2022 (16.0.4135.4), Enterprise Edition (64-bit)', data: { major: 16 } });
    expect(await withModel((m) => { m.serverVersion = '12.0.6024.0'; }, () => check('database.server-version'))).toMatchObject({ status: 'warn', detail: expect.stringContaining('2014') });
    expect((await withModel((m) => { m.edition = 'Express Edition (64-bit)'; }, () => check('database.server-version'))).detail).toContain('10 GB');
  });

  it('database.collation: SQL_Latin1_General_CP1_CI_AS passes, another fails', async () => {
    expect((await check('database.collation')).status).toBe('pass');
    const other = await withModel((m) => { m.databases[0]!.collation = 'Latin1_General_CI_AS'; }, () => check('database.collation'));
    expect(other).toMatchObject({ status: 'fail', remedy: expect.stringContaining('ALTER DATABASE [ProGet] COLLATE SQL_Latin1_General_CP1_CI_AS') });
  });

  it('database.high-availability: FCI and Always On pass; mirroring and a single server warn', async () => {
    expect(await check('database.high-availability')).toMatchObject({ status: 'warn', data: { topology: 'standalone' }, remedy: expect.stringContaining('failover cluster instance') });
    expect((await withModel((m) => { m.topology = 'failover-cluster'; }, () => check('database.high-availability'))).status).toBe('pass');
    const ag = (m: TdsModel) => { m.topology = 'always-on'; m.databases[0]!.availabilityGroup = 'ag-proget'; };
    expect(await withModel(ag, () => check('database.high-availability'))).toMatchObject({ status: 'pass', detail: expect.stringContaining('ag-proget') });
    expect(await withModel((m) => { m.topology = 'mirroring'; }, () => check('database.high-availability'))).toMatchObject({ status: 'warn', detail: expect.stringContaining('deprecated') });
    expect((await withModel(ag, () => check('database.recovery-model'))).status).toBe('pass');
  });

  it('database.recovery-model: Simple passes, Full outside Always On warns', async () => {
    expect(await check('database.recovery-model')).toMatchObject({ status: 'warn', remedy: expect.stringContaining('SET RECOVERY SIMPLE') });
    expect((await withModel((m) => { m.databases[0]!.recoveryModel = 'SIMPLE'; }, () => check('database.recovery-model'))).status).toBe('pass');
  });

  it('database.reachable-from-node: TCP from the node passes or fails; a named instance without port warns', async () => {
    expect(await check('database.reachable-from-node', {}, 'node1')).toMatchObject({ status: 'pass', data: { port: tds.port } });
    const closed = await check('database.reachable-from-node', { cs: sqlCs('', `127.0.0.1,${await closedPort()}`) }, 'node1');
    expect(closed).toMatchObject({ status: 'fail', detail: expect.stringContaining('ECONNREFUSED'), remedy: expect.stringContaining('firewall') });
    expect(await check('database.reachable-from-node', { cs: sqlCs('', '127.0.0.1\\NOBROWSER') }, 'node1')).toMatchObject({ status: 'warn', remedy: expect.stringContaining('fixed port') });
  });

  it('database.reachable-from-node: a named instance is tested on the port SQL Browser gave this computer', async () => {
    // A SQL Browser stand-in on UDP 1434: answers every request with the instance list.
    const browser = dgram.createSocket('udp4');
    browser.on('message', (_m, from) => {
      const list = Buffer.from(`ServerName;LAB;InstanceName;PROGET;IsClustered;No;Version;16.0.4135.4;tcp;${tds.port};;`, 'ascii');
      const head = Buffer.from([0x05, list.length & 0xff, list.length >> 8]);
      browser.send(Buffer.concat([head, list]), from.port, from.address);
    });
    await new Promise<void>((resolve, reject) => browser.once('error', reject).bind(1434, '127.0.0.1', () => resolve()));
    try {
      const o = { cs: sqlCs('', '127.0.0.1\\PROGET') };
      expect(await check('database.login', o)).toMatchObject({ status: 'pass', detail: `logged in to 127.0.0.1\\PROGET:${tds.port} as proget` });
      expect(await check('database.reachable-from-node', o, 'node1')).toMatchObject({ status: 'pass', detail: expect.stringContaining('UDP 1434'), data: { port: tds.port } });
    } finally {
      await new Promise<void>((r) => browser.close(() => r()));
    }
  });

  it('probes once per run: every check shares one probe, each statement sent once', async () => {
    const [logins, statements] = [tdsLog.length, tds.statementsSeen().length];
    const results = await runChecks(databaseChecks, context(), { nodeIds: ['node1'], checkTimeoutMs: 15_000 });
    expect(results.filter((r) => r.status === 'fail' || r.status === 'skip')).toEqual([]);
    // Two logins: mssql's connect() tests with one, then the probe's statements all use the other.
    expect(tdsLog.slice(logins).filter((l) => l.includes('login ok'))).toHaveLength(2);
    const seen = tds.statementsSeen().slice(statements);
    for (const q of Object.values(SQLSERVER_QUERIES).filter((x) => x !== SQLSERVER_QUERIES.ping)) expect(seen.filter((x) => x === q)).toHaveLength(1);
  });

  it('runs as a whole through the runner, with needs, and masks a password inside the login name', async () => {
    const ctx = context({ cs: sqlCs(`User ID=svc_${PASSWORD}`) });
    const results = await runChecks(databaseChecks, ctx, { nodeIds: ['node1'], checkTimeoutMs: 15_000 });
    expect(results.map((r) => `${r.id}:${r.status}`)).toEqual([
      'database.connection-string:warn', 'database.product-kind:pass', 'database.login:fail', 'database.exists:skip', 'database.owner:skip',
      'database.server-version:skip', 'database.collation:skip', 'database.high-availability:skip', 'database.recovery-model:skip', 'database.reachable-from-node:pass',
    ]);
    expect(results[2]!.detail).toContain("Login failed for user 'svc_********'");
    // The checks mask on their own, before the runner's redactor.
    for (const d of databaseChecks.slice(0, 3)) outcomes.push(await d.run(ctx));
    expect(JSON.stringify(outcomes)).toContain('svc_********');
  });
});

describe('database checks, PostgreSQL (throwaway PostgreSQL 15)', () => {
  const o = (db = 'proget', user = 'proget'): Options => ({ kind: 'postgres', cs: pgCs(db, user) });

  it('database.login: passes, and fails on a wrong password (28P01)', async () => {
    expect((await check('database.login', o())).status).toBe('pass');
    const wrong = await check('database.login', { ...o(), password: 'nope' });
    expect(wrong.status).toBe('fail');
    expect(cli(wrong)).toContain('pg_hba.conf');
    expect(ui(wrong)).toContain('Check the user name and the Password field on the Database page');
  });

  it('database.exists: passes; a missing one and one without CONNECT fail apart', async () => {
    expect((await check('database.exists', o())).status).toBe('pass');
    expect(await check('database.exists', o('nope'))).toMatchObject({ status: 'fail', detail: expect.stringContaining('does not exist'), remedy: expect.stringContaining(`CREATE DATABASE "nope" OWNER "proget" ENCODING 'UTF8'`) });
    expect(await check('database.exists', o('locked'))).toMatchObject({ status: 'fail', detail: 'database locked exists, but proget may not open it' });
  });

  it('database.owner: the owner passes, a superuser warns, anyone else fails', async () => {
    expect((await check('database.owner', o())).status).toBe('pass');
    expect((await check('database.owner', o('foreign_owned', 'admin'))).status).toBe('warn');
    expect(await check('database.owner', o('foreign_owned'))).toMatchObject({ status: 'fail', remedy: 'Make the login the owner: ALTER DATABASE "foreign_owned" OWNER TO "proget";' });
  });

  it('database.server-version: PostgreSQL 15 with a libc locale warns (InedoDB is 17)', async () => {
    const r = await check('database.server-version', o());
    expect(r).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^PostgreSQL 15\.\d+; database encoding UTF8, locale libc/), data: { major: 15, encoding: 'UTF8' } });
    expect(r.detail).toContain('must be 17');
    expect(r.remedy).toContain('InedoDB');
  });

  it('collation and recovery model are skipped; high availability warns honestly; the node reaches it', async () => {
    const ctx = context(o());
    for (const id of ['database.collation', 'database.recovery-model']) expect(databaseChecks.find((d) => d.id === id)!.skipReason!(ctx)).toMatch(/PostgreSQL/);
    expect(databaseChecks.find((d) => d.id === 'database.collation')!.skipReason!(context())).toBeNull();
    expect(await check('database.high-availability', o())).toMatchObject({ status: 'warn', detail: expect.stringContaining('cannot see') });
    expect(await check('database.reachable-from-node', o(), 'node1')).toMatchObject({ status: 'pass', data: { port: pg.port } });
  });

  it('no outcome of any test here carried the password', () => {
    expect(outcomes.length).toBeGreaterThan(40);
    expect(JSON.stringify(outcomes)).not.toContain(PASSWORD);
  });
});
