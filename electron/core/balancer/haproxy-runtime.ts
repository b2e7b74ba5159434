/**
 * HAProxy's runtime API (the "stats socket ... level admin"), spoken over TCP or a Unix socket: one
 * command per connection, HAProxy answers and closes (its non-interactive mode). Server names are
 * checked before they go into a command line, so nothing from a profile can add a second command.
 */
import net from 'node:net';
import { describeNetworkError } from '../../shared/network-failure';
import type { MemberState, MemberStatus } from './balancer-control';

export type RuntimeEndpoint = { host: string; port: number } | { path: string };

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const TIMEOUT_MS = 5000;

export function endpointText(e: RuntimeEndpoint): string {
  return 'path' in e ? e.path : `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;
}

/** Sends one command and returns HAProxy's whole answer. */
export function runtimeCommand(endpoint: RuntimeEndpoint, command: string, timeoutMs = TIMEOUT_MS): Promise<string> {
  if (/[\r\n;]/.test(command)) return Promise.reject(new Error('one runtime API command at a time'));
  return new Promise((resolve, reject) => {
    const socket = 'path' in endpoint ? net.connect(endpoint.path) : net.connect({ host: endpoint.host, port: endpoint.port });
    const chunks: Buffer[] = [];
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`HAProxy's runtime API at ${endpointText(endpoint)}: ${why}`));
    };
    socket.setNoDelay(true);
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs / 1000} s`));
    socket.on('connect', () => socket.end(`${command}\n`));
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', (e: NodeJS.ErrnoException) => fail(describeNetworkError(e.code, e.message) ?? e.message));
  });
}

/**
 * Runs a command; its success is an empty answer, or the line HAProxy confirms it with (`add server`
 * says "New server registered.", `del server` "Server deleted."). Anything else is HAProxy's refusal, in its words.
 */
export async function runtimeAction(endpoint: RuntimeEndpoint, command: string, confirmation?: string): Promise<void> {
  const answer = (await runtimeCommand(endpoint, command)).trim();
  if (answer && answer !== confirmation) throw new Error(`HAProxy refused "${command}": ${answer.split('\n')[0]}`);
}

export function assertServerName(name: string): void {
  if (!NAME.test(name)) throw new Error(`not a server name HAProxy's runtime API takes: ${JSON.stringify(name)}`);
}

const STATES: Record<string, MemberState> = { UP: 'ready', 'no check': 'ready', DRAIN: 'drain', NOLB: 'drain', MAINT: 'maint', DOWN: 'down' };

/** A member's state from `show stat`'s status column ("UP", "DRAIN", "MAINT (via …)", "DOWN 1/2", "UP 1/2"). */
export function memberStateOf(status: string): MemberState {
  const word = status.startsWith('no check') ? 'no check' : status.split(/[\s(]/)[0] ?? '';
  return STATES[word] ?? 'unknown';
}

/** The servers of one backend, from `show stat`'s CSV: name, status as HAProxy wrote it, and current sessions. */
export function parseShowStat(csv: string, backend: string): { server: string; status: string; sessions: number | null }[] {
  const [header, ...rows] = csv.trim().split('\n');
  const cols = (header ?? '').replace(/^# /, '').split(',');
  const at = (name: string) => cols.indexOf(name);
  const out: { server: string; status: string; sessions: number | null }[] = [];
  for (const row of rows) {
    const f = row.split(',');
    const server = f[at('svname')] ?? '';
    if (f[at('pxname')] !== backend || server === 'BACKEND' || server === 'FRONTEND') continue;
    const scur = Number(f[at('scur')]);
    out.push({ server, status: f[at('status')] ?? '', sessions: Number.isFinite(scur) && f[at('scur')] !== '' ? scur : null });
  }
  return out;
}

/** Members of `backend` as the wizard reports them, named by node id where a node's server name matches. */
export async function runtimeMembers(endpoint: RuntimeEndpoint, backend: string, nodeOf: (server: string) => string): Promise<MemberStatus[]> {
  const rows = parseShowStat(await runtimeCommand(endpoint, 'show stat'), backend);
  return rows.map((r) => ({ node: nodeOf(r.server), state: memberStateOf(r.status), activeSessions: r.sessions, detail: `HAProxy says ${r.status || 'nothing'}` }));
}
