/**
 * Driving HAProxy or nginx over an SSH login on its host (issue 13), through the same remote layer as
 * the nodes. nginx (open source) has no runtime API: drain regenerates its upstream with the member
 * `down` and reloads gracefully. HAProxy drains and resumes through its admin socket (forwarded over
 * SSH, or socat on the host) with no reload. Both rewrite their member list by regenerating the whole
 * file from the engine's generator: backup first, validated before and after, reloaded, the backup
 * put back on any failure (balancer-scripts.ts).
 */
import path from 'node:path';
import type { ClusterProfile } from '../../shared/profile';
import type { LoadBalancerBackend } from '../config/load-balancers/types';
import { posixScript } from '../remote/posix-dialect';
import type { SshSession } from '../remote/ssh-session';
import { parseKeyValues } from '../nodes/posix-scripts';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import type { BalancerControl, MemberStatus } from './balancer-control';
import { parseBalancerFile, withBackends, type ParsedBalancerFile, type ProxyType } from './balancer-config-file';
import { INSTALL_CONFIG, SOCAT_COMMAND } from './balancer-scripts';
import { backendName } from '../config/load-balancers/profile-input';
import { openBalancerSession, type SshBalancerAccess } from './balancer-session';
import { commandProblem, parseShowStat, setStateCommand } from './haproxy-stat';

const SCRIPT_TIMEOUT_MS = 30_000;

export { backendName };

/** A timestamp for backup names: 20261130T212300123Z. */
function stamp(now = new Date()): string {
  return now.toISOString().replace(/[-:.]/g, '');
}

export class BalancerCommandError extends Error {}

async function readConfig(session: SshSession, type: ProxyType, configPath: string): Promise<ParsedBalancerFile> {
  const text = (await session.readFile(configPath)).toString('utf8');
  return parseBalancerFile(type, text);
}

/** Uploads the new file next to the old one and installs it with INSTALL_CONFIG; returns the backup path. */
async function installConfig(session: SshSession, type: ProxyType, configPath: string, content: string): Promise<string> {
  const dir = path.posix.dirname(configPath);
  const base = path.posix.basename(configPath);
  const at = stamp();
  const staged = path.posix.join(dir, `${base}.ha-wizard-new-${at}`);
  const backup = path.posix.join(dir, `${base}.ha-wizard-backup-${at}`);
  await session.createFile(staged, content, { mode: 0o644 });
  const { command, stdin } = posixScript(INSTALL_CONFIG, [type, configPath, staged, backup]);
  const r = await session.exec(command, { stdin, timeoutMs: SCRIPT_TIMEOUT_MS });
  const kv = parseKeyValues(r.stdout);
  const result = kv.get('result');
  const output = kv.all('output').join('\n');
  const name = type === 'nginx' ? 'nginx' : 'HAProxy';
  switch (result) {
    case 'ok': return backup;
    case 'missing': throw new BalancerCommandError(`${name} is not installed for ${session.username} on ${session.host} (not on the login's PATH)`);
    case 'invalid': throw new BalancerCommandError(`${name} refused the new config, so it was not installed (the running one is untouched): ${output}`);
    case 'no-backup': throw new BalancerCommandError(`the config could not be backed up, so it was not changed: ${output}`);
    case 'not-written': throw new BalancerCommandError(`the new config could not be written; the old one was put back: ${output}`);
    case 'invalid-restored': throw new BalancerCommandError(`${name} refused the config where it lives; the old one was put back from ${backup}: ${output}`);
    case 'reload-failed': throw new BalancerCommandError(`${name} could not be reloaded; the old config was put back from ${backup}: ${output}`);
    default: throw new BalancerCommandError(`the install script on ${session.host} stopped early (exit ${String(r.code)}): ${r.stderr.trim().slice(0, 300)}`);
  }
}

/** One runtime API command: over the SSH connection to the socket, else socat on the host. */
async function haproxyCommand(session: SshSession, socket: string, command: string): Promise<string> {
  let forwarded: Awaited<ReturnType<SshSession['openUnixSocket']>> | undefined;
  try {
    forwarded = await session.openUnixSocket(socket);
  } catch {
    forwarded = undefined;
  }
  if (forwarded) {
    const stream = forwarded;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => { stream.destroy(); reject(new BalancerCommandError(`HAProxy's admin socket ${socket} did not answer within 5 s`)); }, 5000);
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('close', () => { clearTimeout(timer); resolve(Buffer.concat(chunks).toString('utf8')); });
      stream.on('error', (e: Error) => { clearTimeout(timer); reject(e); });
      stream.end(`${command}\n`);
    });
  }
  const { command: cmd, stdin } = posixScript(SOCAT_COMMAND, [socket, command]);
  const kv = parseKeyValues((await session.exec(cmd, { stdin, timeoutMs: SCRIPT_TIMEOUT_MS })).stdout);
  const error = kv.get('error');
  if (error) throw new BalancerCommandError(`cannot reach HAProxy's admin socket ${socket} on ${session.host}: SSH forwarding to it is off, and ${error}. Allow "AllowStreamLocalForwarding" in sshd, or install socat there.`);
  if (kv.get('done') !== 'true') throw new BalancerCommandError(`no answer from HAProxy's admin socket ${socket} on ${session.host}`);
  return kv.all('line').join('\n');
}

function nginxControl(session: SshSession, access: SshBalancerAccess): BalancerControl {
  const setDown = async (node: string, down: boolean) => {
    const file = await readConfig(session, 'nginx', access.configPath);
    const name = backendName(node);
    if (!file.input.backends.some((b) => b.name === name)) throw new BalancerCommandError(`${node} is not a member of the nginx upstream in ${access.configPath}`);
    if (file.input.backends.every((b) => b.name === name || b.down) && down) throw new BalancerCommandError(`${node} is the last member in rotation at nginx: draining it would leave nothing to serve`);
    const backends = file.input.backends.map((b) => (b.name === name ? { ...b, down } : b)).map(({ down: d, ...b }) => (d ? { ...b, down: true } : b));
    if (JSON.stringify(backends) === JSON.stringify(file.input.backends)) return;
    await installConfig(session, 'nginx', access.configPath, withBackends(file, backends));
  };
  return {
    how: `nginx over SSH on ${access.user}@${access.host} (${access.configPath})`,
    async members() {
      const file = await readConfig(session, 'nginx', access.configPath);
      return file.input.backends.map((b): MemberStatus => ({
        node: b.name, state: b.down ? 'drain' : 'ready', activeSessions: null,
        detail: b.down ? 'marked down in the nginx upstream' : 'in the nginx upstream',
      }));
    },
    drain: (node) => setDown(node, true),
    resume: (node) => setDown(node, false),
    async setMembers(backends) {
      const file = await readConfig(session, 'nginx', access.configPath);
      // A member still drained keeps its `down` unless the caller says otherwise.
      const next = backends.map((b) => ({ ...b, ...((b.down ?? file.input.backends.find((x) => x.name === b.name)?.down) ? { down: true } : {}) }));
      return { backupPath: await installConfig(session, 'nginx', access.configPath, withBackends(file, next)) };
    },
    close: () => session.close(),
  };
}

function haproxyControl(session: SshSession, access: SshBalancerAccess): BalancerControl {
  const socket = access.runtimeSocket;
  const needSocket = () => {
    if (!socket) throw new BalancerCommandError('the profile gives no HAProxy admin socket (runtimeSocket) for this host: drain and state need it');
    return socket;
  };
  const send = async (command: string) => {
    const problem = commandProblem(await haproxyCommand(session, needSocket(), command));
    if (problem) throw new BalancerCommandError(`HAProxy refused "${command}": ${problem}`);
  };
  const members = async () => parseShowStat(await haproxyCommand(session, needSocket(), 'show stat'));
  return {
    how: `HAProxy over SSH on ${access.user}@${access.host} (${access.configPath}${socket ? `, admin socket ${socket}` : ''})`,
    members,
    drain: (node) => send(setStateCommand(backendName(node), 'drain')),
    resume: (node) => send(setStateCommand(backendName(node), 'ready')),
    async setMembers(backends: LoadBalancerBackend[]) {
      const file = await readConfig(session, 'haproxy', access.configPath);
      // A reload starts every server ready: members drained before are drained again after it.
      const drained = socket ? (await members()).filter((m) => m.state === 'drain' || m.state === 'maint').map((m) => m.node) : [];
      const backupPath = await installConfig(session, 'haproxy', access.configPath, withBackends(file, backends.map(({ down: _down, ...b }) => b)));
      for (const name of drained.filter((n) => backends.some((b) => b.name === n))) {
        await send(setStateCommand(name, 'drain'));
      }
      return { backupPath };
    },
    close: () => session.close(),
  };
}

export async function sshBalancerControl(o: { profile: ClusterProfile; access: SshBalancerAccess; secrets: SecretResolver; settings: EngineSettings }): Promise<BalancerControl> {
  const type = o.profile.loadBalancer.type;
  if (type !== 'haproxy' && type !== 'nginx') throw new BalancerCommandError(`the wizard drives HAProxy and nginx over SSH, not ${type}: for it, it writes the steps to run`);
  const session = await openBalancerSession(o.access, o.secrets, o.settings);
  return type === 'nginx' ? nginxControl(session, o.access) : haproxyControl(session, o.access);
}
