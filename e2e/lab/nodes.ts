/**
 * A lab node: its own network namespace, hostname and mount view, an OpenSSH sshd, and the product
 * stand-in started through the same service script the wizard runs over SSH.
 *
 * Mount view inside a node (private to it): its directory nodes/nodeN appears at NODE_VIEW; the
 * shared directory is bound over NODE_VIEW/storage (unless the node is the misconfigured one, which
 * keeps its local directory there). Each node has its own login (halabN), so one node can reject a password.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LAB_GROUP, LAB_ROOT, NODE_VIEW, PORTS, labUser, nodeHost } from './lab-config';
import { createHost } from './network';
import { isAlive, run, spawnDetached, waitFor } from './run';
import { NODE_LOGIN_PATH, writeComposeFile } from './docker-nodes';
import type { ProductId } from '../../electron/shared/products';

export const SERVICE_SCRIPT = path.join(LAB_ROOT, 'bin', 'inedo-service');
export const AUTHORIZED_KEYS = path.join(LAB_ROOT, 'ssh', 'authorized_keys');
export const SHARED_DIR = path.join(LAB_ROOT, 'shared');

export interface NodeState {
  index: number;
  name: string;
  ns: string;
  link: string;
  address: string;
  /** The node's IPv6 address on the lab's bridge (sshd and the stand-in listen there too). */
  address6: string;
  hostname: string;
  dir: string;
  sshdPid: number;
  hostKeyFingerprint: string;
  localStorage: boolean;
}

/** Paths as the node itself sees them. */
export const nodePaths = {
  configDir: path.join(NODE_VIEW, 'config'),
  stateDir: path.join(NODE_VIEW, 'state'),
  storage: path.join(NODE_VIEW, 'storage'),
  home: path.join(NODE_VIEW, 'home'),
};

/** Runs argv inside the node's namespaces (network, mount, hostname), as root. */
export function inNode(node: Pick<NodeState, 'sshdPid'>, argv: string[]): string[] {
  return ['nsenter', '-t', String(node.sshdPid), '-m', '-u', '-n', '--', ...argv];
}

/** Runs argv inside the node as the lab's service account. */
export function asNodeUser(node: Pick<NodeState, 'sshdPid' | 'index'>, argv: string[]): string[] {
  return inNode(node, ['runuser', '-u', labUser(node.index), '--', ...argv]);
}

export async function hostKeyFingerprint(pubKeyFile: string): Promise<string> {
  const { stdout } = await run(['ssh-keygen', '-l', '-E', 'sha256', '-f', pubKeyFile]);
  const fp = /SHA256:[A-Za-z0-9+/]+/.exec(stdout)?.[0];
  if (!fp) throw new Error(`no fingerprint in ssh-keygen output for ${pubKeyFile}`);
  return fp;
}

export async function makeHostKey(node: Pick<NodeState, 'dir' | 'hostname'>): Promise<string> {
  const key = path.join(node.dir, 'ssh', 'host_ed25519_key');
  fs.rmSync(key, { force: true });
  fs.rmSync(`${key}.pub`, { force: true });
  await run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', node.hostname, '-f', key]);
  return hostKeyFingerprint(`${key}.pub`);
}

function sshdConfig(addresses: string[], sshDir: string, user: string): string {
  return [
    `Port ${PORTS.ssh}`,
    ...addresses.map((a) => `ListenAddress ${a}`),
    `HostKey ${path.join(sshDir, 'host_ed25519_key')}`,
    `PidFile ${path.join(sshDir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${AUTHORIZED_KEYS}`,
    `AllowUsers ${user}`,
    'PermitRootLogin no',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    // Passwords are checked against /etc/shadow directly; no PAM stack to configure.
    'UsePAM no',
    'StrictModes yes',
    'PrintMotd no',
    // The engine opens many channels on its one connection per node; the benchmarks open many nodes at once.
    'MaxSessions 64',
    'MaxStartups 200',
    'Subsystem sftp internal-sftp',
    // The lab's docker (docker-nodes.ts) first on the login's PATH; nothing system-wide.
    `SetEnv PATH=${NODE_LOGIN_PATH}`,
    'LogLevel INFO',
    '',
  ].join('\n');
}

export interface NodeSetup {
  index: number;
  localStorage: boolean;
  /** The login's shell (sshd runs every command through it); /bin/sh when absent. */
  loginShell?: string;
  /** node.json for the stand-in: product, version, configPath, apiKey. */
  standIn: Record<string, unknown>;
  /** Initial product configuration file name and content. */
  configFile: { name: string; content: string };
}

export async function createNode(setup: NodeSetup, password: string): Promise<NodeState> {
  const host = nodeHost(setup.index);
  const user = labUser(setup.index);
  await run(['useradd', '--no-create-home', '--home-dir', nodePaths.home, '--shell', setup.loginShell ?? '/bin/sh', '--gid', LAB_GROUP, user]);
  await run(['chpasswd'], { input: `${user}:${password}\n` });
  const uid = Number((await run(['id', '-u', user])).stdout.trim());
  const gid = Number((await run(['id', '-g', user])).stdout.trim());
  const sshDir = path.join(host.dir, 'ssh');
  for (const d of ['config', 'state', 'storage', 'home', 'compose']) {
    fs.mkdirSync(path.join(host.dir, d), { recursive: true });
    fs.chownSync(path.join(host.dir, d), uid, gid);
  }
  fs.mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(host.dir, 'state', 'node.json'), JSON.stringify(setup.standIn, null, 2));
  const configPath = path.join(host.dir, 'config', setup.configFile.name);
  fs.writeFileSync(configPath, setup.configFile.content);
  for (const f of [path.join(host.dir, 'state', 'node.json'), configPath]) fs.chownSync(f, uid, gid);
  writeComposeFile(host.dir, setup.standIn.product as ProductId, String(setup.standIn.version), uid, gid);

  const fingerprint = await makeHostKey(host);
  fs.writeFileSync(path.join(sshDir, 'sshd_config'), sshdConfig([host.address, host.address6], sshDir, user));
  await createHost(host.ns, host.link, host.address, host.address6);

  // Positional parameters carry every path: nothing is spliced into the script text.
  const script = [
    'set -e',
    'hostname "$1"',
    'mount --bind "$2" "$3"',
    'if [ "$4" = shared ]; then mount --bind "$5" "$3/storage"; fi',
    'exec /usr/sbin/sshd -D -e -f "$6"',
  ].join('\n');
  const pid = spawnDetached(
    ['ip', 'netns', 'exec', host.ns, 'unshare', '--mount', '--uts', '--propagation', 'private', '--',
      '/bin/sh', '-c', script, 'node-init', host.hostname, host.dir, NODE_VIEW,
      setup.localStorage ? 'local' : 'shared', SHARED_DIR, path.join(sshDir, 'sshd_config')],
    path.join(sshDir, 'sshd.log'),
  );
  // ip, unshare and sh each exec the next program, so this pid ends up being sshd's.
  await waitFor(`sshd on ${host.name}`, () => {
    if (!isAlive(pid)) throw new Error(fs.readFileSync(path.join(sshDir, 'sshd.log'), 'utf8').slice(-500));
    return fs.existsSync(path.join(sshDir, 'sshd.pid')) ? true : undefined;
  });
  const node: NodeState = { ...host, index: setup.index, sshdPid: pid, hostKeyFingerprint: fingerprint, localStorage: setup.localStorage };
  await serviceAction(node, 'start', true);
  return node;
}

/**
 * Runs the product's service script inside the node as its service account, as the wizard would over
 * SSH. Returns the exit code (a service that will not start is a result, not an error); `mustSucceed`
 * turns a failure into an error, for the lab's own start-up.
 */
export async function serviceAction(node: NodeState, action: 'start' | 'stop' | 'restart' | 'status', mustSucceed = false) {
  return run(asNodeUser(node, ['/bin/sh', SERVICE_SCRIPT, action]), { allowFail: !mustSucceed, timeoutMs: 30_000 });
}

/**
 * Sets the login shell of a node's account (sshd runs every command through it): fish, tcsh and zsh
 * prove the engine's commands never depend on it. Returns a function that puts /bin/sh back.
 */
export async function setLoginShell(node: Pick<NodeState, 'index'>, shell: string): Promise<() => Promise<void>> {
  await run(['usermod', '--shell', shell, labUser(node.index)]);
  return async () => {
    await run(['usermod', '--shell', '/bin/sh', labUser(node.index)]);
  };
}
