/**
 * The one look at the product's database a validation run takes: the profile's connection string
 * parsed, the password resolved through the run's resolver (so the redactor knows it), and the
 * matching probe run once, shared by every database check through the run's memo.
 */
import { parse } from '@tediousjs/connection-string';
import type { ClusterContext } from '../run/cluster-context';
import { SecretUnavailableError } from '../secrets';
import { parseConnectionString, type DatabaseEndpoint } from '../../shared/connection-string/connection-strings';
import type { PostgresProbeResult } from './postgres-probe';
import type { SqlServerProbeResult } from './sqlserver-probe';
import { errorMessage } from '../../shared/error-text';

export type DatabaseProbeResult = SqlServerProbeResult | PostgresProbeResult;

export type DatabaseProbe =
  | { ok: false; problems: string[] }
  | { ok: true; endpoint: DatabaseEndpoint; portGiven: boolean; result: DatabaseProbeResult };

type ProbeContext = Pick<ClusterContext, 'profile' | 'settings' | 'secrets' | 'memo'>;

/** Whether a SQL Server string gives the port itself (Server=host\instance,1450), not SQL Browser. */
export function portGiven(connectionString: string): boolean {
  try {
    for (const [k, v] of parse(connectionString)) {
      if (/^(server|data source|address|addr|network address)$/i.test(k.trim())) return /,\s*\d+\s*$/.test(v);
    }
  } catch { /* unparseable: the connection-string check says so */ }
  return false;
}

async function run(ctx: ProbeContext): Promise<DatabaseProbe> {
  const { kind, connectionString, password: ref } = ctx.profile.database;
  const parsed = parseConnectionString(kind, connectionString);
  if (!parsed.ok) return parsed;
  const endpoint = parsed.endpoint;
  const given = kind === 'postgres' || portGiven(connectionString);
  let password: string | undefined;
  try {
    password = ref ? await ctx.secrets.resolve(ref, 'database password') : undefined;
  } catch (e) {
    const message = e instanceof SecretUnavailableError ? e.message : `database password: ${errorMessage(e)}`;
    return { ok: true, endpoint, portGiven: given, result: unreadable(kind, message) };
  }
  const input = { endpoint, password, connectTimeoutMs: ctx.settings.connectTimeoutMs };
  // Loaded on demand: a run only ever needs one of the two drivers.
  const result = kind === 'sqlserver'
    ? await (await import('./sqlserver-probe')).probeSqlServer({ ...input, portGiven: given })
    : await (await import('./postgres-probe')).probePostgres(input);
  return { ok: true, endpoint, portGiven: given, result };
}

/** A probe that never started because the password could not be read. */
function unreadable(kind: DatabaseEndpoint['kind'], message: string): DatabaseProbeResult {
  const common = { connected: false, factsFrom: null, serverVersion: null, database: null, databaseExists: null, login: null } as const;
  if (kind === 'sqlserver') {
    return {
      ...common, kind, error: { kind: 'secret', numbers: [], message }, port: null, edition: null, isClustered: null, isHadrEnabled: null,
      serverCollation: null, availabilityGroup: null, mirroringState: null, isDbOwner: null, isSysadmin: null,
    };
  }
  return { ...common, kind, error: { kind: 'secret', sqlState: null, message }, major: null, versionText: null, looksLikeInedoDb: null, isOwner: null, isSuperuser: null };
}

/** The run's database probe, taken once and shared. */
export function probeDatabase(ctx: ProbeContext): Promise<DatabaseProbe> {
  return ctx.memo('database', () => run(ctx));
}
