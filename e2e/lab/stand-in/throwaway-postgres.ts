/**
 * Test support: a throwaway PostgreSQL 15 cluster in a temp dir on a free loopback port, run as the
 * `postgres` user (tests run as root). Password authentication over TCP, so wrong passwords fail.
 */
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './test-support';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';

export interface ThrowawayPostgres {
  port: number;
  /** Runs one statement as the superuser, in database `postgres` unless told otherwise. */
  query(sql: string, params?: unknown[], database?: string): Promise<pg.QueryResult>;
  stop(): Promise<void>;
}

async function asPostgres(args: string[]): Promise<void> {
  await run('runuser', ['-u', 'postgres', '--', ...args], { timeout: 60_000 });
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'stand-in-pg-'));
  const superPassword = 'super-secret-pw';
  const { uid, gid } = await postgresIds();
  chownSync(root, uid, gid);
  const pwFile = join(root, 'pw');
  writeFileSync(pwFile, `${superPassword}\n`);
  chownSync(pwFile, uid, gid);
  const data = join(root, 'data');
  await asPostgres([`${BIN}/initdb`, '-D', data, '-U', 'postgres', `--pwfile=${pwFile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`;
  await asPostgres([`${BIN}/pg_ctl`, '-D', data, '-o', options, '-l', join(root, 'postgres.log'), '-w', '-t', '30', 'start']);

  const stop = async () => {
    await asPostgres([`${BIN}/pg_ctl`, '-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  };
  const query = async (sql: string, params?: unknown[], database = 'postgres') => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: superPassword, database });
    await client.connect();
    try {
      return await client.query(sql, params);
    } finally {
      await client.end();
    }
  };
  return { port, query, stop };
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return { uid, gid };
}
