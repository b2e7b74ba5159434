/**
 * The form field at fault when a server cannot be reached or logged in to, from the connect attempt's
 * own error (memoised: asking again costs nothing). The checks in server-checks.ts say why and what to
 * do; this adds where, as `data.field`, so the Servers page shows it next to that field at once.
 */
import type { ServerField } from '../../shared/server-field';
import type { NodeProfile } from '../../shared/profile';
import { AuthError, ConnectError, ConnectTimeoutError, HostKeyError } from '../remote/remote-errors';
import type { Check } from './check';
import { connect } from './server-checks';

/** Errors of the name lookup and the route: the address is wrong, or the server is off or far away. */
const HOST_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EADDRNOTAVAIL']);

/** Where server.reachable's failure points: a refused or non-SSH port is the port; anything else the host. */
export function reachFault(error: unknown): ServerField | null {
  if (error instanceof HostKeyError) return null;
  if (error instanceof ConnectError && error.code === 'NO_COMMON_ALGORITHM') return null;
  if (error instanceof ConnectTimeoutError) return 'host';
  if (error instanceof ConnectError) return error.code && HOST_CODES.has(error.code) ? 'host' : 'port';
  return 'host';
}

/** Where server.login's failure points, by how the login failed and how the admin chose to sign in. */
export function loginFault(error: unknown, auth: NodeProfile['auth']['kind']): ServerField {
  if (!(error instanceof AuthError)) return 'user';
  switch (error.reason) {
    case 'passphrase-required':
    case 'bad-passphrase':
      return 'passphrase';
    case 'invalid-key':
      return 'keyPath';
    case 'agent-unavailable':
      return 'authKind';
    case 'rejected':
      return auth === 'password' ? 'password' : auth === 'key' ? 'keyPath' : 'user';
  }
}

const FAULTS: Partial<Record<string, (error: unknown, node: NodeProfile) => ServerField | null>> = {
  'server.reachable': (error) => reachFault(error),
  // Logged in, but the session is of no use (a restricted language mode): the account is at fault.
  'server.login': (error, node) => (error === undefined ? 'user' : loginFault(error, node.auth.kind)),
};

/** The check with `data.field` on its failures, when its id is one whose failure points at a field. */
export function withFieldAtFault(check: Check): Check {
  const fault = FAULTS[check.id];
  if (!fault) return check;
  return {
    ...check,
    async run(ctx, id) {
      const outcome = await check.run(ctx, id);
      if (outcome.status !== 'fail' || id === undefined) return outcome;
      const r = await connect(ctx, id);
      const field = fault(r.ok ? undefined : r.error, ctx.node(id).profile);
      return field ? { ...outcome, data: { ...outcome.data, field } } : outcome;
    },
  };
}
