/**
 * Database: the connection string, whether the product may use this kind of database, the login from
 * this computer, the database and the login's rights in it, the server's version, collation and
 * high availability, and TCP reachability from each node. One probe per run feeds them all.
 */
import { maskConnectionString, parseConnectionString, type DatabaseEndpoint } from '../../shared/connection-string/connection-strings';
import { portGiven, probeDatabase, type DatabaseProbeResult } from '../database/database-probe';
import type { PostgresProbeResult } from '../database/postgres-probe';
import type { SqlServerProbeResult } from '../database/sqlserver-probe';
import { FIRST_SUPPORTED_MAJOR, INEDODB_POSTGRES_MAJOR, PRODUCTS, REQUIRED_SQL_COLLATION } from '../../shared/products';
import { catalog } from '../../shared/check-catalog';
import { fail, listNames, pass, warn, type Check } from './check';
import type { ClusterContext } from '../run/cluster-context';
import { inedoDocsRefusal } from './inedo-docs-rules';
import type { CheckOutcome } from '../../shared/check-types';
import { CheckDataSchema } from '../../shared/check-run-schema';
import { parseJsonAs } from '../../shared/parse-json';
import { joinRemedies as join, mapRemedyText, ref, remedy, rerun } from '../../shared/remedy';
import { networkFailureOf } from '../../shared/network-failure';

const SQL_YEARS: Record<number, string> = { 10: '2008', 11: '2012', 12: '2014', 13: '2016', 14: '2017', 15: '2019', 16: '2022', 17: '2025' };
const FIRST_RECOMMENDED_SQL_MAJOR = 13;
const CREATE_PG = (db: string, user: string) =>
  `CREATE DATABASE ${pgId(db)} OWNER ${pgId(user)} ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' TEMPLATE template0;`;

const sqlId = (name: string) => `[${name.replace(/]/g, ']]')}]`;
const pgId = (name: string) => `"${name.replace(/"/g, '""')}"`;
const secs = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

/** host:port, or host\instance when SQL Browser gives the port and it is not known. */
function where(e: DatabaseEndpoint, portKnown: boolean, port = e.port): string {
  const name = e.instance ? `${e.host}\\${e.instance}` : e.host;
  return portKnown || !e.instance ? `${name}:${port}` : name;
}

/** The net under every other care: whatever a server or driver said, the run's secrets are masked. */
function safe(ctx: ClusterContext, o: CheckOutcome): CheckOutcome {
  const r = (t: string) => ctx.secrets.redactor.redact(t);
  return { ...o, detail: r(o.detail), ...(o.remedy ? { remedy: mapRemedyText(o.remedy, r) } : {}), ...(o.data ? { data: parseJsonAs(CheckDataSchema, r(JSON.stringify(o.data))) } : {}) };
}
const define = (c: Check): Check => ({
  ...c,
  async run(ctx, id) {
    const outcome = await c.run(ctx, id);
    // So the redactor knows the password even in checks that never use it (a login name may contain it).
    const ref = ctx.profile.database.password;
    if (ref) await ctx.secrets.resolve(ref, 'database password').catch(() => undefined);
    return safe(ctx, outcome);
  },
});
const skip = (detail: string): CheckOutcome => ({ status: 'skip', detail });

type Probed = { endpoint: DatabaseEndpoint; portGiven: boolean; r: DatabaseProbeResult; login: string };

async function probed(ctx: ClusterContext): Promise<Probed | CheckOutcome> {
  const p = await probeDatabase(ctx);
  if (!p.ok) return skip('the connection string cannot be read');
  const r = p.result;
  return { endpoint: p.endpoint, portGiven: p.portGiven, r, login: r.login ?? p.endpoint.user ?? '(the service account)' };
}
const isOutcome = <T extends object>(v: T | CheckOutcome): v is CheckOutcome => 'status' in v;

const FACT_NAMES = { collation: 'collation', recoveryModel: 'recovery model' } as const;

type SqlServerFact = { e: DatabaseEndpoint; r: SqlServerProbeResult; value: string };

/** One fact of the SQL Server database (collation, recovery model), or the outcome that says why it cannot be read. */
async function sqlServerDatabaseFact(ctx: ClusterContext, fact: keyof typeof FACT_NAMES): Promise<SqlServerFact | CheckOutcome> {
  const p = await probed(ctx);
  if (isOutcome(p)) return p;
  const { endpoint: e, r } = p;
  const value = r.kind === 'sqlserver' ? r.database?.[fact] : null;
  if (r.kind !== 'sqlserver' || !value) return noFacts(r) ?? skip(`the database's ${FACT_NAMES[fact]} could not be read`);
  return { e, r, value };
}

/** A check that judges one SQL Server database fact; PostgreSQL has no such setting, so it skips there. */
function sqlServerFactCheck(base: Omit<Check, 'run'>, fact: keyof typeof FACT_NAMES, postgresReason: string, judge: (f: SqlServerFact) => CheckOutcome): Check {
  return {
    ...base,
    skipReason: (ctx) => (ctx.profile.database.kind === 'postgres' ? postgresReason : null),
    async run(ctx) {
      const f = await sqlServerDatabaseFact(ctx, fact);
      return isOutcome(f) ? f : judge(f);
    },
  };
}

/** For checks that read server facts: a reason to skip when nothing could be read. */
function noFacts(r: DatabaseProbeResult): CheckOutcome | null {
  if (r.factsFrom) return null;
  if (r.error?.kind === 'integrated') return skip('cannot be read from this computer: the connection string uses Integrated Security (the product\'s service account)');
  return skip('nothing could be read from the database server');
}

function loginFailure(ctx: ClusterContext, p: Probed): CheckOutcome {
  const { endpoint: e, r } = p;
  const sql = e.kind === 'sqlserver';
  const err = r.error!;
  const at = where(e, p.portGiven);
  const network = sql
    ? `Check the server name and port, that SQL Server accepts TCP connections (SQL Server Configuration Manager) and that no firewall between this computer and ${e.host} blocks the port${e.instance && !p.portGiven ? '; a named instance also needs SQL Browser (UDP 1434), or give its fixed port as host\\instance,port' : ''}.`
    : `Check the host and port, that PostgreSQL listens on the network (listen_addresses) and that no firewall between this computer and ${e.host} blocks TCP ${e.port}.`;
  const noPassword = ctx.profile.database.password ? '' : remedy` No password is given: fill in ${ref('database.password')}.`;
  const failure = networkFailureOf(undefined, err.message);
  switch (err.kind) {
    case 'unreachable':
      if (failure === 'dns' || failure === 'dns-timeout') {
        return fail(`${e.host} cannot be resolved from this computer (${failure === 'dns' ? 'no DNS entry' : 'the DNS server did not answer'})`, 'Check the server name for typing errors, and that this computer and every server resolve it (DNS), or use its IP address.');
      }
      return fail(`cannot reach ${at}: ${err.message}`, network);
    // The driver's own words ("Failed to connect to … in 10000ms") would only say this again.
    case 'timeout': return fail(`no answer from ${at} within ${secs(ctx.settings.connectTimeoutMs)}: the server is off, or a firewall drops the traffic`, network);
    case 'login':
      return fail(`${at} refused the login ${p.login}${sql ? ' (error 18456)' : ''}: ${err.message}`, join(sql
        ? remedy`Check the login and ${ref('database.password')}; a SQL login needs the server in "SQL Server and Windows Authentication mode", and the state of error 18456 in SQL Server's log tells the exact reason.`
        : remedy`Check the user name and ${ref('database.password')}, and that pg_hba.conf lets ${p.login} in from this computer with password (scram-sha-256) authentication.`, noPassword));
    case 'tls':
      if (/does not support SSL/i.test(err.message)) return fail(`${at} does not offer TLS, which the connection string requires`, 'Enable ssl in postgresql.conf, or remove SSL Mode=Require from the connection string.');
      if (sql && e.strictEncryption) {
        return fail(`TLS with ${at} failed: ${err.message}`, `Encrypt=Strict needs SQL Server 2022 or later (TDS 8.0) with a certificate issued for ${e.host} by an authority this computer and the nodes trust; TrustServerCertificate does not apply under Strict. For an older server use Encrypt=True instead.`);
      }
      return fail(`TLS with ${at} failed: ${err.message}`, sql
        ? remedy`Give the server a certificate issued for ${e.host} by an authority this computer and the nodes trust, or, accepting the risk, ${ref('database.trust-server-certificate')}.`
        // Inedo supports no options in a PostgreSQL connection string (inedo-facts.md): no switch to offer.
        : `Give the server a certificate issued for ${e.host} by an authority this computer and the nodes trust (Inedo's PostgreSQL connection string takes no TLS options).`);
    case 'secret': return fail(`the database password could not be read: ${err.message}`, remedy`Check ${ref('database.password')}, then ${rerun}.`);
    default: return fail(`cannot log in to ${at}: ${err.message}`, 'Check the connection string and the database server\'s log for this error.');
  }
}

function topologyOf(r: SqlServerProbeResult): 'failover-cluster' | 'always-on' | 'mirroring' | 'standalone' {
  if (r.isClustered) return 'failover-cluster';
  if (r.availabilityGroup) return 'always-on';
  return r.mirroringState ? 'mirroring' : 'standalone';
}

function postgresVersion(r: PostgresProbeResult): CheckOutcome {
  const db = r.database;
  const detail = [`PostgreSQL ${r.serverVersion ?? '(unknown)'}${/inedo/i.test(r.versionText ?? '') ? ' (InedoDB)' : ''}`,
    db ? `database encoding ${db.encoding}, locale ${db.localeProvider ?? 'libc'} ${db.icuLocale ?? db.collate}` : null].filter(Boolean).join('; ');
  const data = { serverVersion: r.serverVersion, major: r.major, versionText: r.versionText, looksLikeInedoDb: r.looksLikeInedoDb, encoding: db?.encoding ?? null, localeProvider: db?.localeProvider ?? null };
  const problems: string[] = [];
  const remedies: string[] = [];
  if (r.major !== INEDODB_POSTGRES_MAJOR) {
    problems.push(`InedoDB is PostgreSQL ${INEDODB_POSTGRES_MAJOR}; external PostgreSQL must be ${INEDODB_POSTGRES_MAJOR} too`);
    remedies.push(`Use InedoDB (Inedo's PostgreSQL ${INEDODB_POSTGRES_MAJOR}) or an external PostgreSQL ${INEDODB_POSTGRES_MAJOR}.`);
  }
  const badEncoding = db && db.encoding.toUpperCase() !== 'UTF8';
  const notIcu = db && db.localeProvider !== 'icu';
  if (badEncoding) problems.push(`the database's encoding is ${db.encoding}, not UTF8`);
  if (notIcu) problems.push('Inedo asks for an ICU en-US locale');
  if (db && (badEncoding || notIcu)) remedies.push(`While the database is empty, recreate it: ${CREATE_PG(db.name, db.owner)}`);
  return problems.length ? warn(`${detail}: ${problems.join('; ')}`, remedies.join(' '), data) : pass(detail, data);
}

const checks: Check[] = [
  {
    ...catalog('database.connection-string'), title: 'Database connection string',
    async run(ctx) {
      const { kind, connectionString } = ctx.profile.database;
      const parsed = parseConnectionString(kind, connectionString);
      if (!parsed.ok) {
        const form = kind === 'sqlserver' ? 'Server=host[\\instance][,port];Database=ProGet;User ID=login' : 'Server=host;Port=5432;Database=proget;User Id=login';
        return fail(`${maskConnectionString(connectionString)}: ${parsed.problems.join('; ')}`, remedy`Write it as ${form}; the password goes in ${ref('database.password')}, never in the string.`);
      }
      const e = parsed.endpoint;
      const who = e.integratedSecurity ? 'Integrated Security (the service account of each node)' : `login ${e.user}`;
      const detail = `${kind === 'sqlserver' ? 'SQL Server' : 'PostgreSQL'} at ${where(e, portGiven(connectionString))}, database ${e.database}, ${who}`;
      const data = { kind, host: e.host, port: e.port, instance: e.instance ?? null, database: e.database, user: e.user ?? null, integratedSecurity: e.integratedSecurity, encrypt: e.encrypt };
      const refused = inedoDocsRefusal(ctx, e, connectionString);
      if (refused) return { ...refused, detail: `${detail}: ${refused.detail}`, data };
      return pass(detail, data);
    },
  },
  {
    ...catalog('database.product-kind'), title: 'Product can use this database', needs: ['database.connection-string'],
    async run(ctx) {
      const product = PRODUCTS[ctx.profile.product];
      const kind = ctx.profile.database.kind;
      if (!product.supportsPostgres) {
        if (kind === 'postgres') return fail(`${product.name} needs SQL Server: it cannot use PostgreSQL until its 2026 version`, `Point the cluster at a SQL Server database (Server=...;Database=...;User ID=...).`);
        return pass(`${product.name} on SQL Server`);
      }
      // Versions come from the nodes; an unreachable node simply has none.
      const versions = (await Promise.all(ctx.nodes.map(async (n) => ({ id: n.id, v: await ctx.version(n.id).catch(() => null) })))).filter((x) => x.v);
      const data = { product: product.id, kind, versions: Object.fromEntries(versions.map((x) => [x.id, x.v!.text])) };
      if (kind === 'sqlserver') {
        const modern = versions.filter((x) => x.v!.major >= FIRST_SUPPORTED_MAJOR);
        if (modern.length) {
          return warn(`ProGet ${modern[0]!.v!.text} on SQL Server: supported through at least 2027, but a ProGet 2025+ cluster is meant for InedoDB`,
            'Nothing has to change now; plan the move to InedoDB (PostgreSQL 17), where ProGet 2025+ is going, while SQL Server is still supported.', data);
        }
        return pass('ProGet on SQL Server: supported through at least 2027; InedoDB is where ProGet 2025+ is going', data);
      }
      const old = versions.filter((x) => x.v!.major < FIRST_SUPPORTED_MAJOR);
      if (old.length) {
        return fail(`PostgreSQL needs ProGet ${FIRST_SUPPORTED_MAJOR} or later; ${listNames(old.map((x) => `${x.id} runs ${x.v!.text}`))}`,
          `Upgrade every node to ProGet ${FIRST_SUPPORTED_MAJOR} or later before using PostgreSQL, or use SQL Server.`, data);
      }
      return pass(versions.length ? `ProGet ${versions[0]!.v!.text} on PostgreSQL` : `ProGet on PostgreSQL (needs ${FIRST_SUPPORTED_MAJOR}+; the nodes' versions could not be read here)`, data);
    },
  },
  {
    ...catalog('database.login'), title: 'Database login works from this computer', needs: ['database.connection-string'],
    async run(ctx) {
      const p = await probed(ctx);
      if (isOutcome(p)) return p;
      const { endpoint: e, r } = p;
      const data = { connected: r.connected, error: r.error?.kind ?? null };
      if (r.connected && r.error) return fail(`${where(e, p.portGiven)} accepted ${p.login}, but ${r.error.message.replace(/^logged in, but /, '')}`, remedy`Check that the database server is not overloaded and answers queries, then ${rerun}.`, data);
      if (r.connected) return pass(`logged in to ${r.kind === 'sqlserver' && r.port ? where(e, true, r.port) : where(e, p.portGiven)} as ${p.login}`, data);
      if (r.error?.kind === 'database-missing') return pass(`${where(e, p.portGiven)} accepted the login ${p.login}; the database ${e.database} did not open (see the next check)`, data);
      if (r.error?.kind === 'integrated') {
        return warn(`${where(e, p.portGiven)} answers on TCP, but ${r.error.message}`,
          'Make sure each node\'s service account has a login on SQL Server with db_owner on the database; the checks from each node test reachability.', data);
      }
      return loginFailure(ctx, p);
    },
  },
  {
    ...catalog('database.exists'), title: 'Database exists and opens', needs: ['database.login'],
    async run(ctx) {
      const p = await probed(ctx);
      if (isOutcome(p)) return p;
      const { endpoint: e, r, login } = p;
      const sql = e.kind === 'sqlserver';
      if (r.connected) return pass(`${e.database} exists and ${login} opened it`);
      if (r.error?.kind !== 'database-missing') return noFacts(r) ?? skip('the login did not succeed');
      const create = sql
        ? `Create it: CREATE DATABASE ${sqlId(e.database)} COLLATE ${REQUIRED_SQL_COLLATION}; then, in it, CREATE USER ${sqlId(login)} FOR LOGIN ${sqlId(login)}; ALTER ROLE db_owner ADD MEMBER ${sqlId(login)};`
        : `Create it owned by the login: ${CREATE_PG(e.database, login)}`;
      const grant = sql
        ? `In ${sqlId(e.database)}: CREATE USER ${sqlId(login)} FOR LOGIN ${sqlId(login)}; ALTER ROLE db_owner ADD MEMBER ${sqlId(login)};`
        : `Make the login its owner: ALTER DATABASE ${pgId(e.database)} OWNER TO ${pgId(login)};`;
      const data = { database: e.database, exists: r.databaseExists };
      if (r.databaseExists === false) return fail(`database ${e.database} does not exist on ${where(e, p.portGiven)}`, create, data);
      if (r.databaseExists) return fail(`database ${e.database} exists, but ${login} may not open it`, grant, data);
      return fail(`database ${e.database} does not exist or ${login} may not open it`, `If it is missing: ${create} If it exists: ${grant}`, data);
    },
  },
  {
    ...catalog('database.owner'), title: 'Login owns the database', needs: ['database.exists'],
    async run(ctx) {
      const p = await probed(ctx);
      if (isOutcome(p)) return p;
      const { endpoint: e, r, login } = p;
      if (r.factsFrom !== 'database') return noFacts(r) ?? skip('the database did not open');
      if (r.kind === 'sqlserver') {
        if (r.isSysadmin) return pass(`${login} is sysadmin, which includes db_owner`);
        if (r.isDbOwner) return pass(`${login} is db_owner in ${e.database}`);
        const why = ctx.profile.product === 'proget' ? 'ProGet 2025 needs db_owner' : `${PRODUCTS[ctx.profile.product].name} upgrades its own schema and needs db_owner`;
        return fail(`${login} is not db_owner in ${e.database}`, `${why}: in ${sqlId(e.database)} run ALTER ROLE db_owner ADD MEMBER ${sqlId(login)};`);
      }
      const owner = r.database?.owner ?? '(unknown)';
      if (r.isOwner) return pass(`${login} owns ${e.database}`);
      const remedy = `Make the login the owner: ALTER DATABASE ${pgId(e.database)} OWNER TO ${pgId(login)};`;
      if (r.isSuperuser) return warn(`${e.database} is owned by ${owner}; ${login} is a superuser, so it works, but Inedo asks for the login to own the database`, remedy);
      return fail(`${e.database} is owned by ${owner}, not by ${login}`, remedy);
    },
  },
  {
    ...catalog('database.server-version'), title: 'Database server version', needs: ['database.login'],
    async run(ctx) {
      const p = await probed(ctx);
      if (isOutcome(p)) return p;
      const { r } = p;
      const none = noFacts(r);
      if (none) return none;
      if (r.kind === 'postgres') return postgresVersion(r);
      const major = Number((r.serverVersion ?? '').split('.')[0]);
      const year = SQL_YEARS[major];
      const detail = `SQL Server${year ? ` ${year}` : ''} (${r.serverVersion ?? 'unknown'}), ${r.edition ?? 'unknown edition'}`;
      const data = { serverVersion: r.serverVersion, edition: r.edition, major: Number.isFinite(major) ? major : null };
      if (major < FIRST_RECOMMENDED_SQL_MAJOR) return warn(`${detail}: older than SQL Server 2016`, 'Upgrade to SQL Server 2016 or later (2019 or 2022 preferred); older versions are out of Microsoft\'s support.', data);
      if (/express/i.test(r.edition ?? '')) return warn(`${detail}: Express limits a database to 10 GB`, 'Use Standard or Enterprise edition for a cluster\'s database.', data);
      return pass(detail, data);
    },
  },
  sqlServerFactCheck({ ...catalog('database.collation'), title: 'Database collation', needs: ['database.exists'] }, 'collation',
    'PostgreSQL has no SQL Server collation: its encoding and locale are checked under "Database server version"',
    ({ e, r, value: collation }) => {
      const data = { collation, serverCollation: r.serverCollation };
      if (collation === REQUIRED_SQL_COLLATION) return pass(`${e.database} uses ${REQUIRED_SQL_COLLATION}`, data);
      return fail(`${e.database} uses ${collation}; it must use ${REQUIRED_SQL_COLLATION}`,
        `Create the database with COLLATE ${REQUIRED_SQL_COLLATION}, or, while it is still empty, run ALTER DATABASE ${sqlId(e.database)} COLLATE ${REQUIRED_SQL_COLLATION};`, data);
    }),
  {
    ...catalog('database.high-availability'), title: 'Database has no single point of failure', needs: ['database.login'],
    async run(ctx) {
      const p = await probed(ctx);
      if (isOutcome(p)) return p;
      const { endpoint: e, r } = p;
      const none = noFacts(r);
      if (none) return none;
      if (r.kind === 'postgres') {
        return warn('a single PostgreSQL server is a single point of failure, and the wizard cannot see from here whether it is replicated',
          'If it is not, set up streaming replication with automatic failover (for example Patroni) behind one address; if it already is, this warning can be ignored.', { topology: 'unknown' });
      }
      const topology = topologyOf(r);
      const data = { topology, availabilityGroup: r.availabilityGroup, mirroringState: r.mirroringState };
      if (topology === 'failover-cluster') return pass('SQL Server is a failover cluster instance', data);
      if (topology === 'always-on') return pass(`${e.database} is in the Always On availability group ${r.availabilityGroup}`, data);
      if (topology === 'mirroring') {
        return warn(`${e.database} uses Database Mirroring (${r.mirroringState}), which works but is deprecated`, 'Plan a move to an Always On availability group; point the connection string at its listener.', data);
      }
      const hadr = r.isHadrEnabled ? `; Always On is enabled on the server, but ${e.database} is in no availability group` : '';
      return warn(`a single SQL Server is a single point of failure for the whole cluster${hadr}`,
        'Use a failover cluster instance or put the database in an Always On availability group, and point the connection string at it.', data);
    },
  },
  sqlServerFactCheck({ ...catalog('database.recovery-model'), title: 'Database recovery model', needs: ['database.exists'] }, 'recoveryModel',
    'PostgreSQL has no recovery model setting',
    ({ e, r, value: model }) => {
      const data = { recoveryModel: model };
      if (model === 'SIMPLE') return pass(`${e.database} uses the Simple recovery model`, data);
      // Always On and mirroring only work in Full: there, Full is right.
      if (r.availabilityGroup || r.mirroringState) return pass(`${e.database} uses ${model}, which Always On and mirroring require`, data);
      return warn(`${e.database} uses the ${model} recovery model; Inedo recommends Simple`,
        `Run ALTER DATABASE ${sqlId(e.database)} SET RECOVERY SIMPLE; or make sure log backups run, or its log keeps growing.`, data);
    }),
  {
    ...catalog('database.reachable-from-node'), title: 'Database reachable from the server', needs: ['server.login', 'database.connection-string'],
    async run(ctx, id) {
      const parsed = parseConnectionString(ctx.profile.database.kind, ctx.profile.database.connectionString);
      if (!parsed.ok) return skip('the connection string cannot be read');
      const e = parsed.endpoint;
      let port = e.port;
      let viaBrowser = '';
      if (e.kind === 'sqlserver' && e.instance && !portGiven(ctx.profile.database.connectionString)) {
        // A named instance's port comes from SQL Browser (UDP 1434), which a TCP test cannot ask:
        // use the port it gave this computer, if it did.
        const p = await probeDatabase(ctx);
        const seen = p.ok && p.result.kind === 'sqlserver' ? p.result.port : null;
        if (!seen) return warn(`${e.host}\\${e.instance} is a named instance whose port SQL Browser assigns; it could not be learnt from this computer, so it was not tested from ${id}`, `Give the instance a fixed port and write it in the connection string as ${e.host}\\${e.instance},port.`);
        port = seen;
        viaBrowser = ` (the port SQL Browser gave; the node also needs UDP 1434 to ${e.host}, or a fixed port in the connection string)`;
      }
      const t = await (await ctx.ops(id!)).tcpProbe(e.host, port, ctx.settings.connectTimeoutMs);
      const data = { host: e.host, port };
      if (t.reachable) return pass(`${id} reaches ${e.host}:${port}${viaBrowser}`, data);
      if (t.failure === 'dns' || t.failure === 'dns-timeout') {
        const why = t.failure === 'dns' ? 'no DNS entry' : 'the DNS server did not answer';
        return fail(`${e.host} cannot be resolved from ${id} (${why})`,
          `Give ${id} a DNS entry for ${e.host} (the same name this computer uses), or write the database server's IP address in the connection string.`, { ...data, failure: t.failure });
      }
      return fail(`${id} cannot reach ${e.host}:${port}: ${t.error ?? 'no answer'}${viaBrowser}`,
        `Open TCP ${port} from ${id} to ${e.host} in every firewall between them${e.kind === 'sqlserver' && e.instance ? ' (and UDP 1434 for SQL Browser, unless the connection string gives the port)' : ''}, and check that ${id} resolves ${e.host}.`, data);
    },
  },
];

/** In the order results are shown; every outcome passes through the run's redactor. */
export const databaseChecks: Check[] = checks.map(define);

/** Started before the nodes' checks: the login's chain of steps should not queue behind SSH (runner's startFirst). */
export const DATABASE_STARTS_FIRST = ['database.connection-string', 'database.login'];
