/**
 * What Inedo's newest documentation (inedo-facts.md, "Additions and corrections") rules out in a
 * cluster's database connection string, in one place.
 */
import type { DatabaseEndpoint } from '../../shared/connection-string/connection-strings';
import { postgresOptionsBeyondInedo } from '../database/inedo-postgres-form';
import { normalizeHost } from '../../shared/host-name';
import { fail, warn } from './check';
import { ref, remedy } from '../../shared/remedy';
import type { ClusterContext } from '../run/cluster-context';
import type { CheckOutcome } from '../../shared/check-types';

/** Names that mean "this very machine": on each node, its own database. */
export function isLoopbackHost(host: string): boolean {
  // normalizeHost already folds brackets, case, a trailing dot, every spelling of ::1 and ::ffff:127.x.
  const h = normalizeHost(host);
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** A refusal (fail) or warning for the string as written, or null when Inedo's rules allow it. */
export function inedoDocsRefusal(ctx: Pick<ClusterContext, 'nodes'>, e: DatabaseEndpoint, connectionString: string): CheckOutcome | null {
  if (isLoopbackHost(e.host)) {
    const detail = `on each node ${e.host} means that node itself, so each node would use its own database`;
    const remedy = 'Name the database server by a host name or address every node reaches.';
    return ctx.nodes.length > 1 ? fail(detail, remedy) : warn(detail, `${remedy} (With one server this works, but no second server can join.)`);
  }
  if (e.kind === 'postgres') {
    const extra = postgresOptionsBeyondInedo(connectionString);
    if (extra.length) {
      return fail(`it sets ${extra.join(', ')}, and Inedo supports no additional arguments in a PostgreSQL connection string`,
        // The form as a value: in a tagged template the bundle could not write its … in ASCII (scripts/build-cli.ts).
        remedy`Write only ${'Server=…;Port=…;Database=…;User Id=…'} (Inedo's form; the password goes in ${ref('database.password')}).`);
    }
  }
  return null;
}
