/** HAProxy's runtime API, read and written the same way whatever carries it (an SSH-forwarded socket, socat). */
import type { MemberState, MemberStatus } from './balancer-control';

export const HAPROXY_BACKEND = 'inedo_nodes';
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** `set server inedo_nodes/<name> state drain|ready`; the name is checked, so nothing else rides along. */
export function setStateCommand(name: string, state: 'drain' | 'ready'): string {
  if (!NAME.test(name)) throw new Error(`not a server name the wizard writes: ${JSON.stringify(name)}`);
  return `set server ${HAPROXY_BACKEND}/${name} state ${state}`;
}

/** What `show stat`'s status column says, as a member state ("UP 1/2": going down, still serving). */
function stateOf(status: string): MemberState {
  if (status === 'DRAIN' || status.startsWith('NOLB')) return 'drain';
  if (status.startsWith('MAINT')) return 'maint';
  if (status.startsWith('UP') || status === 'no check') return 'ready';
  if (status.startsWith('DOWN')) return 'down';
  return 'unknown';
}

/** The members of the wizard's backend from `show stat` (CSV, header line starting "# "). */
export function parseShowStat(csv: string): MemberStatus[] {
  const [header, ...rows] = csv.trim().split('\n');
  if (!header?.startsWith('# ')) throw new Error(`HAProxy did not answer "show stat" as expected: ${csv.trim().slice(0, 200)}`);
  const cols = header.slice(2).split(',');
  const at = (row: string[], name: string) => row[cols.indexOf(name)] ?? '';
  return rows.map((r) => r.split(',')).filter((f) => at(f, 'pxname') === HAPROXY_BACKEND && !['BACKEND', 'FRONTEND'].includes(at(f, 'svname'))).map((f) => {
    const status = at(f, 'status');
    const scur = Number(at(f, 'scur'));
    return { node: at(f, 'svname'), state: stateOf(status), activeSessions: Number.isFinite(scur) ? scur : null, detail: `HAProxy says ${status || 'nothing'}` };
  });
}

/** The runtime API answers nothing to a command that worked; anything else is its complaint. */
export function commandProblem(answer: string): string | null {
  const text = answer.trim();
  return text === '' ? null : text.slice(0, 300);
}
