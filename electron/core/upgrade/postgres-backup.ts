/**
 * An upgrade's backup of the product's PostgreSQL (InedoDB or external) database: `pg_dump -Fc` run on the
 * cluster's first server over SSH into a folder there, verified with `pg_restore --list` and its size, and
 * on rollback `pg_restore --clean --if-exists --no-owner --single-transaction`. The password reaches the
 * tools only through a 0600 password file created new over SFTP under a random name (PGPASSFILE), removed
 * after every run, failed or not. Every value is a positional argument of a fixed script.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import type { ClusterContext } from '../run/cluster-context';
import { posixScript } from '../remote/posix-dialect';
import type { SshSession } from '../remote/ssh-session';
import { UpgradeStepError, type DatabaseBackupFile, type DatabaseUpgradeOps } from './upgrade-ports';
import { backupFileName, bytesText, cleanMessage, databaseLogin, joinServerPath, type DatabaseLogin } from './database-login';
import { conninfoValue, pgpassLine } from './pgpass';
import { describePostgresBackup } from './database-backup-text';

type PgContext = Pick<ClusterContext, 'profile' | 'settings' | 'secrets' | 'nodes' | 'pool'>;

/** Exit code of the scripts when the backup file cannot be created (folder missing, not writable, name taken). */
const CANNOT_CREATE = 20;
/** …when pg_dump said it succeeded but the file is empty: it does not notice every failed write (a full disk). */
const WROTE_NOTHING = 22;
/** …when the backup file is not there or not readable. */
const CANNOT_READ = 21;

/** $1 program, $2 password file, $3 host, $4 port, $5 user, $6 sslmode, $7 -d conninfo, $8 output file. */
const DUMP = `umask 077
export PGPASSFILE="$2" PGHOST="$3" PGPORT="$4" PGUSER="$5" PGSSLMODE="$6" PGCONNECT_TIMEOUT=15
( set -C; : > "$8" ) 2>/dev/null || { echo "cannot create $8" >&2; exit ${CANNOT_CREATE}; }
if "$1" -Fc --no-password -d "$7" >> "$8"; then
  [ -s "$8" ] && { wc -c < "$8"; exit 0; }
  rm -f -- "$8"; exit ${WROTE_NOTHING}
else rc=$?; rm -f -- "$8"; exit $rc; fi`;

/** $1 program, $2 file. `--list` reads the table of contents, then the archive is turned into a script (thrown away), then its size. */
const LIST = `[ -f "$2" ] && [ -r "$2" ] || { echo "$2 is not there or cannot be read" >&2; exit ${CANNOT_READ}; }
"$1" --list -- "$2" > /dev/null && "$1" -f /dev/null -- "$2" && wc -c < "$2"`;

/** $1 program, $2 password file, $3 host, $4 port, $5 user, $6 sslmode, $7 -d conninfo, $8 file. */
const RESTORE = `export PGPASSFILE="$2" PGHOST="$3" PGPORT="$4" PGUSER="$5" PGSSLMODE="$6" PGCONNECT_TIMEOUT=15
[ -f "$8" ] && [ -r "$8" ] || { echo "$8 is not there or cannot be read" >&2; exit ${CANNOT_READ}; }
exec "$1" --clean --if-exists --no-owner --single-transaction --exit-on-error --no-password -d "$7" -- "$8"`;

/** $1 folder, $2 program. Says whether the folder is writable, its free bytes, and the tool's version. */
const PREFLIGHT = `if [ -d "$1" ] && [ -w "$1" ]; then echo "writable=yes"; elif [ -d "$1" ]; then echo "writable=no"; else echo "writable=missing"; fi
df -Pk -- "$1" 2>/dev/null | awk 'NR==2 { print "freeKb=" $4 }'
echo "tool=$("$2" --version 2>/dev/null | head -n 1)"`;

/** A long dump or restore may run this long. */
const LONG_MS = 6 * 60 * 60 * 1000;

export function postgresUpgradeOps(ctx: PgContext, o: { pgBinDir?: string; now?: () => Date } = {}): DatabaseUpgradeOps {
  const now = o.now ?? (() => new Date());
  const first = () => {
    const n = ctx.nodes[0];
    if (!n) throw new UpgradeStepError('The profile has no server to run pg_dump on.');
    if (n.profile.os === 'windows') {
      throw new UpgradeStepError(`The first server, ${n.id}, runs Windows: HA Wizard runs pg_dump over SSH on Linux servers only so far. Back the database up by hand (pg_dump -Fc) before upgrading.`);
    }
    return n;
  };
  const tool = (name: 'pg_dump' | 'pg_restore') => (o.pgBinDir ? `${o.pgBinDir.replace(/\/+$/, '')}/${name}` : name);

  async function run(s: SshSession, script: string, args: string[], login: DatabaseLogin | null, timeoutMs = LONG_MS, signal?: AbortSignal) {
    const { command, stdin } = posixScript(script, args);
    const r = await s.exec(command, { stdin, timeoutMs, ...(signal ? { signal } : {}) });
    const clean = (t: string) => cleanMessage(t, login?.password ?? undefined).trim();
    return { code: r.code, stdout: r.stdout.trim(), stderr: clean(r.stderr) };
  }

  /** Runs `fn` with a fresh password file on the first server, removed afterwards whatever happened. */
  async function withPassFile<T>(what: string, fn: (s: SshSession, passFile: string, login: DatabaseLogin) => Promise<T>): Promise<T> {
    const node = first();
    const login = await databaseLogin(ctx);
    if (login.password === undefined) throw new UpgradeStepError(`${what}: the profile gives no database password for pg_dump to use.`);
    const line = pgpassLine(login.password);
    const s = await ctx.pool.get(node.id);
    // In the login's home folder (where SFTP and the command both start), a name no one can guess.
    const passFile = `.hawizard-pgpass-${crypto.randomBytes(12).toString('hex')}`;
    try {
      await s.createFile(passFile, line, { mode: 0o600 });
    } catch (e) {
      throw new UpgradeStepError(`${what}: cannot create the password file in the home folder of ${node.profile.user} on ${node.id}: ${cleanMessage(e, login.password)}`);
    }
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await fn(s, passFile, login) };
    } catch (e) {
      outcome = { ok: false, error: e };
    }
    // Removed whatever happened; over a new session when the link dropped meanwhile.
    const kept = await (s.closed ? ctx.pool.get(node.id) : Promise.resolve(s)).then((x) => x.unlink(passFile)).then(() => null, (e: unknown) => e);
    if (kept) {
      const left = `The password file ${passFile} in the home folder of ${node.profile.user} on ${node.id} could not be removed: remove it by hand (${cleanMessage(kept, login.password)}).`;
      throw new UpgradeStepError(outcome.ok ? left : `${cleanMessage(outcome.error, login.password)} ${left}`);
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  const connArgs = (login: DatabaseLogin) => [
    login.endpoint.host, String(login.endpoint.port), login.endpoint.user ?? '', login.endpoint.encrypt ? 'require' : 'prefer',
    `dbname=${conninfoValue(login.endpoint.database)}`,
  ];

  return {
    describe: (dir) => describePostgresBackup(ctx.nodes[0]?.id, dir),

    async preflight(dir) {
      const node = first();
      const login = await databaseLogin(ctx);
      const client = new pg.Client({
        host: login.endpoint.host, port: login.endpoint.port, user: login.endpoint.user, password: login.password, database: login.endpoint.database,
        connectionTimeoutMillis: ctx.settings.connectTimeoutMs, ssl: login.endpoint.encrypt ? { rejectUnauthorized: !login.endpoint.trustServerCertificate } : false,
      });
      client.on('error', () => undefined);
      let row: { bytes: string; owns: boolean; superuser: boolean; me: string; version: string } | undefined;
      try {
        await client.connect();
        row = (await client.query<{ bytes: string; owns: boolean; superuser: boolean; me: string; version: string }>(
          'SELECT pg_database_size(current_database())::text AS bytes, d.datdba = r.oid AS owns, r.rolsuper AS superuser, current_user AS me, ' +
          "current_setting('server_version_num') AS version " +
          'FROM pg_catalog.pg_database d, pg_catalog.pg_roles r WHERE d.datname = current_database() AND r.rolname = current_user')).rows[0];
      } catch (e) {
        throw new UpgradeStepError(`Reading the database's size and owner failed on PostgreSQL ${login.endpoint.host}: ${cleanMessage(e, login.password)}`);
      } finally {
        await client.end().catch(() => undefined);
      }
      const s = await ctx.pool.get(node.id);
      const r = await run(s, PREFLIGHT, [dir, tool('pg_dump')], login, 60_000);
      const facts = Object.fromEntries(r.stdout.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      const databaseBytes = row ? Number(row.bytes) : null;
      const canChangeSchema = !!row && (row.owns || row.superuser);
      const freeKb = Number(facts.freeKb);
      const freeBytes = facts.freeKb !== undefined && facts.freeKb !== '' && Number.isFinite(freeKb) ? freeKb * 1024 : null;
      if (!facts.tool) {
        throw new UpgradeStepError(`pg_dump cannot be run on ${node.id}${o.pgBinDir ? ` from ${o.pgBinDir}` : ' (it is not on the PATH of the login)'}: install PostgreSQL's client tools there, of the database's major version or newer.`);
      }
      // pg_dump refuses a server of a newer major than its own ("server version mismatch"): say so now.
      const toolMajor = Number(/\)\s+(\d+)/.exec(facts.tool)?.[1]);
      const serverMajor = row ? Math.floor(Number(row.version) / 10000) : NaN;
      if (Number.isFinite(toolMajor) && Number.isFinite(serverMajor) && toolMajor < serverMajor) {
        throw new UpgradeStepError(`${facts.tool} on ${node.id} cannot back up PostgreSQL ${serverMajor}: pg_dump must be of the database's major version or newer. Install PostgreSQL ${serverMajor}'s client tools on ${node.id} and give their folder.`);
      }
      // A backup that cannot be written fails the whole run: refuse now, before anything is planned to stop.
      if (facts.writable === 'no') throw new UpgradeStepError(`The backup folder ${dir} on ${node.id} cannot be written by ${node.profile.user}: give that login write access or name another folder.`);
      if (facts.writable !== 'yes') throw new UpgradeStepError(`The backup folder ${dir} does not exist on ${node.id}: create it (writable by ${node.profile.user}) or name another folder.`);
      const who = row?.me ?? login.endpoint.user ?? 'the login';
      const parts = [
        canChangeSchema ? `The login ${who} owns ${login.endpoint.database}, so the product may upgrade its schema.` : `The login ${who} does not own ${login.endpoint.database}: the product cannot upgrade its schema.`,
        `The database takes ${bytesText(databaseBytes)}.`,
        `${dir} on ${node.id} has ${bytesText(freeBytes)} free.`,
        `${facts.tool} runs the backup.`,
      ];
      return { canChangeSchema, databaseBytes, freeBytes, detail: parts.join(' ') };
    },

    async backup(dir, o) {
      const node = first();
      const login0 = await databaseLogin(ctx);
      const path = joinServerPath(dir, backupFileName(login0.endpoint.database, now(), 'dump'));
      const what = `Backing up ${login0.endpoint.database} to ${path} on ${node.id}`;
      return withPassFile(what, async (s, passFile, login) => {
        const r = await run(s, DUMP, [tool('pg_dump'), passFile, ...connArgs(login), path], login, LONG_MS, o?.signal);
        if (r.code === CANNOT_CREATE) throw new UpgradeStepError(`${what} failed: ${path} cannot be created (the folder does not exist, cannot be written by ${node.profile.user}, or the name is taken).`, r.stderr, r.code);
        if (r.code === WROTE_NOTHING) throw new UpgradeStepError(`${what} failed: pg_dump ended without an error but wrote nothing to ${path}; the disk there may be full.`, r.stderr, r.code);
        const bytes = Number(r.stdout.split('\n').at(-1));
        if (r.code !== 0 || !Number.isFinite(bytes)) throw new UpgradeStepError(`${what} failed (pg_dump exit code ${r.code ?? 'none'}): ${r.stderr.split('\n').slice(-3).join(' ')}`, r.stderr, r.code);
        return { path, nodeId: node.id, bytes } satisfies DatabaseBackupFile;
      });
    },

    async verify(backup, o) {
      const node = first();
      if (backup.nodeId !== node.id) throw new UpgradeStepError(`The backup ${backup.path} is on ${backup.nodeId ?? 'the database server'}, not on ${node.id} where pg_restore runs.`);
      const s = await ctx.pool.get(node.id);
      const r = await run(s, LIST, [tool('pg_restore'), backup.path], null, 10 * 60_000, o?.signal);
      if (r.code !== 0) throw new UpgradeStepError(`The backup ${backup.path} on ${node.id} cannot be read by pg_restore (exit code ${r.code ?? 'none'}): ${r.stderr.split('\n').slice(-3).join(' ')}`, r.stderr, r.code);
      const bytes = Number(r.stdout);
      if (bytes !== backup.bytes) throw new UpgradeStepError(`The backup ${backup.path} on ${node.id} is ${bytesText(bytes)} now but was ${bytesText(backup.bytes)} when written: it changed or is not the same backup.`);
    },

    async restore(backup, o) {
      const node = first();
      const login0 = await databaseLogin(ctx);
      const what = `Restoring ${login0.endpoint.database} from ${backup.path} on ${node.id}`;
      await withPassFile(what, async (s, passFile, login) => {
        const r = await run(s, RESTORE, [tool('pg_restore'), passFile, ...connArgs(login), backup.path], login, LONG_MS, o?.signal);
        if (r.code !== 0) throw new UpgradeStepError(`${what} failed (pg_restore exit code ${r.code ?? 'none'}; it runs in one transaction, so the database is as it was before): ${r.stderr.split('\n').slice(-3).join(' ')}`, r.stderr, r.code);
      });
    },
  };
}
