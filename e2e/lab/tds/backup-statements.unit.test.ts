/**
 * The TDS test server's backup statements, driven by the real mssql driver: first as raw statements (SQL
 * Server's numbers for each failure), then through the engine's own SQL Server backup ops. SQL Server
 * cannot run here; the TDS server stands in, writing real files on this machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import sql from 'mssql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SQLSERVER_BACKUP_QUERIES as Q } from '../../../electron/core/upgrade/sqlserver-backup-queries';
import { sqlServerUpgradeOps } from '../../../electron/core/upgrade/sqlserver-backup';
import { UpgradeStepError } from '../../../electron/core/upgrade/upgrade-ports';
import { SecretResolver, envFileSecretSource } from '../../../electron/core/secrets';
import { ProfileSchema } from '../../../electron/shared/profile';
import { STAND_IN_SQLSERVER_QUERIES } from '../stand-in/product-queries';
import { type TdsServer, startTdsServer } from './server';
import { LOOPBACK, OWNER, READER, type TestCertificate, labModel, makeSelfSignedCertificate, makeTempDir, mssqlConfig, removeDir } from './tds-test-support';
import type { TdsModel } from './model';

/** The lab's usual owner, with dbcreator as an upgrade needs (RESTORE VERIFYONLY needs CREATE DATABASE). */
function ownerModel(): TdsModel {
  const model = labModel();
  model.logins[0]!.dbcreator = true;
  return model;
}

describe('TDS test server: BACKUP, VERIFYONLY and RESTORE', () => {
  let certificate: TestCertificate;
  let server: TdsServer;
  let dir: string;
  const pools: sql.ConnectionPool[] = [];

  async function connect(options: Parameters<typeof mssqlConfig>[1] = {}): Promise<sql.ConnectionPool> {
    const pool = new sql.ConnectionPool(mssqlConfig(server.port, options));
    pools.push(pool);
    await pool.connect();
    return pool;
  }
  const run = (pool: sql.ConnectionPool, text: string, p: Record<string, string>) => {
    const r = pool.request();
    for (const [k, v] of Object.entries(p)) r.input(k, sql.NVarChar(4000), v);
    return r.query<Record<string, unknown>>(text);
  };
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as sql.RequestError);

  beforeAll(async () => {
    certificate = await makeSelfSignedCertificate();
    server = await startTdsServer({ host: LOOPBACK, port: 0, tls: { key: certificate.key, cert: certificate.cert }, model: ownerModel() });
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
    server.setModel(ownerModel());
    if (dir) await removeDir(dir);
  });
  afterAll(async () => {
    await server?.close();
    if (certificate) await removeDir(certificate.dir);
  });

  it('backs up to a real file, verifies it, and restores the settings as they were (single-user, then multi-user)', async () => {
    dir = await makeTempDir('tds-backup-');
    const file = path.join(dir, 'ProGet.bak');
    const pool = await connect();
    await run(pool, STAND_IN_SQLSERVER_QUERIES.setSetting, { name: 'kept', value: 'before' });
    await run(pool, Q.backup, { db: 'ProGet', path: file });
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    await run(pool, Q.verify, { path: file });
    expect((await run(pool, Q.backupSize, { db: 'ProGet', path: file })).recordset).toEqual([{ bytes: String(fs.statSync(file).size) }]);
    await run(pool, STAND_IN_SQLSERVER_QUERIES.setSetting, { name: 'kept', value: 'after' });
    await run(pool, STAND_IN_SQLSERVER_QUERIES.setSetting, { name: 'added', value: 'later' });

    const master = await connect({ database: 'master' });
    // Exclusive access first: a restore of a database still in multi-user mode is refused.
    expect(await failure(run(master, Q.restore, { db: 'ProGet', path: file }))).toMatchObject({ number: 3101 });
    await run(master, Q.singleUser, { db: 'ProGet' });
    expect(server.model().databases[0]!.userAccess).toBe('SINGLE_USER');
    await run(master, Q.restore, { db: 'ProGet', path: file });
    await run(master, Q.multiUser, { db: 'ProGet' });
    expect(server.model().settings).toEqual({ kept: 'before' });
    expect(server.model().databases[0]!.userAccess).toBe('MULTI_USER');
  });

  it('a folder that does not exist fails with 3201 "Cannot open backup device", as SQL Server does', async () => {
    const pool = await connect();
    const file = '/nonexistent-dir-for-backup/ProGet.bak';
    const error = await failure(run(pool, Q.backup, { db: 'ProGet', path: file }));
    expect(error).toMatchObject({ number: 3201, message: `Cannot open backup device '${file}'. Operating system error 3(The system cannot find the path specified.).` });
  });

  it('a full disk fails with 3202 (112, not enough space)', async () => {
    const pool = await connect();
    const error = await failure(run(pool, Q.backup, { db: 'ProGet', path: '/dev/full' }));
    expect(error).toMatchObject({ number: 3202, message: 'Write on "/dev/full" failed: 112(There is not enough space on the disk.)' });
  });

  it('a damaged backup fails VERIFYONLY with 3241, a missing one with 3201 (error 2)', async () => {
    dir = await makeTempDir('tds-backup-');
    const file = path.join(dir, 'ProGet.bak');
    const pool = await connect();
    await run(pool, Q.backup, { db: 'ProGet', path: file });
    const bytes = fs.readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 2) ^ 1, bytes.length - 2);
    fs.writeFileSync(file, bytes);
    expect(await failure(run(pool, Q.verify, { path: file }))).toMatchObject({ number: 3241 });
    expect(await failure(run(pool, Q.verify, { path: `${file}.missing` }))).toMatchObject({ number: 3201, message: expect.stringContaining('Operating system error 2(') });
  });

  it('a login that is not db_owner may not back up (262); without dbcreator it may not verify', async () => {
    dir = await makeTempDir('tds-backup-');
    const reader = await connect({ user: READER.name, password: READER.password });
    expect(await failure(run(reader, Q.backup, { db: 'ProGet', path: path.join(dir, 'x.bak') }))).toMatchObject({ number: 262 });
    expect(fs.existsSync(path.join(dir, 'x.bak'))).toBe(false);
    server.setModel(labModel());
    const owner = await connect();
    await run(owner, Q.backup, { db: 'ProGet', path: path.join(dir, 'y.bak') });
    expect(await failure(run(owner, Q.verify, { path: path.join(dir, 'y.bak') }))).toMatchObject({ number: 262 });
  });

  describe('through the engine (sqlServerUpgradeOps)', () => {
    const ops = (port = server.port) => {
      const profile = ProfileSchema.parse({
        version: 1, product: 'proget',
        nodes: [{ id: 'n1', host: '127.0.0.1', user: 'admin', os: 'windows', auth: { kind: 'password', password: { env: 'SSH' } } }],
        database: { kind: 'sqlserver', connectionString: `Server=${LOOPBACK},${port};Database=ProGet;User ID=${OWNER.name};Encrypt=true;TrustServerCertificate=true`, password: { env: 'DBPW' } },
        storage: { path: 'C:\\ProGet' }, loadBalancer: { type: 'haproxy' },
      });
      const secrets = new SecretResolver(envFileSecretSource({ env: { DBPW: OWNER.password } }));
      return sqlServerUpgradeOps({ profile, settings: { connectTimeoutMs: 5000, checkTimeoutMs: 10_000, knownHostsPath: '/nonexistent' }, secrets }, { now: () => new Date('2026-12-01T03:04:05.678Z') });
    };

    it('preflight, backup, verify, a change, restore: the change is gone', async () => {
      dir = await makeTempDir('tds-engine-');
      const model = ownerModel();
      model.volumes = [{ mountPoint: '/', availableBytes: 5_000_000_000 }];
      model.databases[0]!.schemaVersion = 2025;
      server.setModel(model);
      const o = ops();
      const pre = await o.preflight(dir);
      expect(pre).toMatchObject({ canChangeSchema: true, databaseBytes: 8 * 1024 * 1024, freeBytes: 5_000_000_000 });
      expect(pre.detail).toContain(`The login ${OWNER.name} is db_owner of ProGet`);
      expect(pre.detail).not.toContain('dbcreator');
      const pool = await connect();
      await run(pool, STAND_IN_SQLSERVER_QUERIES.setSetting, { name: 'row', value: 'old' });
      const backup = await o.backup(dir);
      expect(backup).toEqual({ path: path.join(dir, 'ProGet-20261201T030405Z.bak'), nodeId: null, bytes: fs.statSync(backup.path).size });
      await o.verify(backup);
      await run(pool, STAND_IN_SQLSERVER_QUERIES.setSetting, { name: 'row', value: 'new' });
      // What a newer version's schema upgrade leaves (the stand-in's dbo.LabSchema).
      server.model().databases[0]!.schemaVersion = 2026;
      await o.restore(backup);
      expect(server.model().settings).toEqual({ row: 'old' });
      expect(server.model().databases[0]!.schemaVersion).toBe(2025);
      expect(server.model().databases[0]!.userAccess).toBe('MULTI_USER');
    });

    it('preflight says so when the login cannot verify or restore, and when free space is unknown', async () => {
      server.setModel(labModel());
      const pre = await ops().preflight('D:\\Backups');
      expect(pre.freeBytes).toBeNull();
      expect(pre.detail).toContain('cannot tell the free space in D:\\Backups');
      expect(pre.detail).toContain('give the login dbcreator');
    });

    it('a backup folder that does not exist fails clearly, naming the path, never the password', async () => {
      const error = await ops().backup('/nonexistent-dir-for-backup').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpgradeStepError);
      expect((error as Error).message).toContain('Backing up ProGet to /nonexistent-dir-for-backup/ProGet-20261201T030405Z.bak failed');
      expect((error as Error).message).toContain('Cannot open backup device');
      expect((error as Error).message).not.toContain(OWNER.password);
    });

    it('cancels a backup on the server (ATTENTION) at the step\'s limit, instead of waiting for its answer', async () => {
      // A server whose BACKUP answers only after 20 s: it is still running when the limit comes.
      const lines: string[] = [];
      const slow = await startTdsServer({ host: LOOPBACK, port: 0, tls: { key: certificate.key, cert: certificate.cert }, model: ownerModel(), slowStatement: { match: /^\s*BACKUP DATABASE/i, delayMs: 20_000 }, log: (l) => lines.push(l) });
      try {
        dir = await makeTempDir('tds-engine-');
        const o = ops(slow.port);
        const limit = new AbortController();
        const reason = new Error('backup-database took longer than its limit');
        const started = Date.now();
        setTimeout(() => limit.abort(reason), 1500);
        const outcome = await o.backup(dir, { signal: limit.signal }).then(() => 'answered', (e: unknown) => e);
        expect(outcome).toBe(reason);
        // Structural bound, far from both: the answer was 20 s away.
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(lines.some((l) => /attention acknowledged/.test(l))).toBe(true);
        // Already past its limit: nothing is sent at all.
        const before = slow.statementsSeen().length;
        await expect(o.verify({ path: path.join(dir, 'x.bak'), nodeId: null, bytes: 1 }, { signal: limit.signal })).rejects.toBe(reason);
        expect(slow.statementsSeen().length).toBe(before);
      } finally {
        await slow.close();
      }
    }, 30_000);

    it('a backup changed after it was written fails verify; a restore that fails still leaves multi-user', async () => {
      dir = await makeTempDir('tds-engine-');
      const o = ops();
      const backup = await o.backup(dir);
      fs.appendFileSync(backup.path, 'x');
      await expect(o.verify(backup)).rejects.toThrow(/3241|incorrectly formed|changed/);
      await expect(o.restore(backup)).rejects.toThrow(/incorrectly formed/);
      expect(server.model().databases[0]!.userAccess).toBe('MULTI_USER');
    });
  });
});
