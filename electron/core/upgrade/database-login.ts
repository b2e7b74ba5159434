/**
 * The product database's endpoint and password for an upgrade's backup and restore: the profile's
 * connection string parsed, the password resolved through the run's resolver (so its redactor knows it).
 * Sizes and paths in words for the admin. No message here ever carries the password.
 */
import type { ClusterContext } from '../run/cluster-context';
import { portGiven } from '../database/database-probe';
import { scrub } from '../database/probe-errors';
import { formatBytes } from '../checks/check';
import { parseConnectionString, type DatabaseEndpoint } from '../../shared/connection-string/connection-strings';
import { errorMessage } from '../../shared/error-text';
import { UpgradeStepError } from './upgrade-ports';

export type DatabaseContext = Pick<ClusterContext, 'profile' | 'settings' | 'secrets'>;

export interface DatabaseLogin {
  endpoint: DatabaseEndpoint;
  portGiven: boolean;
  password: string | undefined;
}

export async function databaseLogin(ctx: DatabaseContext): Promise<DatabaseLogin> {
  const { kind, connectionString, password: ref } = ctx.profile.database;
  const parsed = parseConnectionString(kind, connectionString);
  if (!parsed.ok) throw new UpgradeStepError(`The database connection string cannot be read: ${parsed.problems.join('; ')}`);
  let password: string | undefined;
  try {
    password = ref ? await ctx.secrets.resolve(ref, 'database password') : undefined;
  } catch (e) {
    throw new UpgradeStepError(`The database password cannot be read: ${errorMessage(e)}`);
  }
  return { endpoint: parsed.endpoint, portGiven: kind === 'postgres' || portGiven(connectionString), password };
}

/** A driver's or a tool's message, the password masked wherever it might appear. */
export function cleanMessage(e: unknown, password: string | undefined): string {
  return scrub(errorMessage(e), password);
}

export function bytesText(n: number | null): string {
  return n === null ? 'unknown' : formatBytes(n);
}

/** `<db>-<UTC stamp>.bak`: the database name kept readable, characters no file name may hold replaced. */
export function backupFileName(database: string, now: Date, extension: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  // eslint-disable-next-line no-control-regex
  const safe = database.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').replace(/^\.+/, '_') || 'database';
  return `${safe}-${stamp}.${extension}`;
}

/** `dir` joined with `name` the way the server that holds `dir` writes paths (C:\… or \\server\… are Windows). */
export function joinServerPath(dir: string, name: string): string {
  const windows = /^[A-Za-z]:|^\\\\/.test(dir) || (dir.includes('\\') && !dir.includes('/'));
  const sep = windows ? '\\' : '/';
  const trimmed = dir.replace(windows ? /[\\/]+$/ : /\/+$/, '');
  return `${trimmed}${sep}${name}`;
}
