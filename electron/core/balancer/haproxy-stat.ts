/** HAProxy's runtime API, read and written the same way whatever carries it (TCP, an SSH-forwarded socket, socat). */
import { HAPROXY_BACKEND } from '../config/load-balancers/haproxy';
import type { MemberStatus } from './balancer-control';
import { memberStateOf, parseShowStat as parseRows } from './haproxy-runtime';

export { HAPROXY_BACKEND };
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** `set server inedo_nodes/<name> state drain|ready`; the name is checked, so nothing else rides along. */
export function setStateCommand(name: string, state: 'drain' | 'ready'): string {
  if (!NAME.test(name)) throw new Error(`not a server name the wizard writes: ${JSON.stringify(name)}`);
  return `set server ${HAPROXY_BACKEND}/${name} state ${state}`;
}

/** The members of the wizard's backend from `show stat` (CSV, header line starting "# "), named as in the config. */
export function parseShowStat(csv: string): MemberStatus[] {
  if (!csv.trim().startsWith('# ')) throw new Error(`HAProxy did not answer "show stat" as expected: ${csv.trim().slice(0, 200)}`);
  return parseRows(csv, HAPROXY_BACKEND).map((r) => ({ node: r.server, state: memberStateOf(r.status), activeSessions: r.sessions, detail: `HAProxy says ${r.status || 'nothing'}` }));
}

/** The runtime API answers nothing to a command that worked; anything else is its complaint. */
export function commandProblem(answer: string): string | null {
  const text = answer.trim();
  return text === '' ? null : text.slice(0, 300);
}
