/**
 * The lab: a real multi-node cluster on this machine (as root). `labUp` starts it and returns its
 * description; `labDown` removes everything it made; `leftovers` lists anything of ours still there.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRODUCTS } from '../../electron/shared/products';
import { BRIDGE, HOSTS, LAB_GROUP, LAB_PRIVATE_KEY, LAB_ROOT, LAB_USER_PATTERN, MAX_NODES, NODE_VIEW, REPO_ROOT, SAMBA_USER, STATE_FILE } from './lab-config';
import { describeLab, type LabDescription } from './lab-description';
import { DEFAULT_LAB_OPTIONS, type LabOptions, type LabState } from './lab-types';
import { configFileName } from './initial-config';
import { initialNodeConfig, localDbSuffix } from './initial-node-config';
import { startLoadBalancers } from './load-balancers';
import { prepareBalancerAccount, startBalancerSshd } from './balancer-hosts';
import { createBridge, createHost, destroyNetwork, listLabLinks, listLabNamespaces } from './network';
import { AUTHORIZED_KEYS, SERVICE_SCRIPT, SHARED_DIR, createNode, nodePaths, type NodeState } from './nodes';
import { startPostgres, stopPostgres } from './postgres';
import { isAlive, run } from './run';
import { startSamba } from './samba';
import { buildStandIn } from './stand-in/build';
import { renderServiceScript } from './stand-in/service-script';
import { startTdsServer } from './tds-service';
import { labTdsModel } from './tds-model';
import { writeLabProfile } from './lab-profile';
import { withLabLock } from './lab-lock';
import { installDockerStandIn } from './docker-nodes';
import { unmountBackupFull } from './version-faults';

const secret = () => crypto.randomBytes(12).toString('hex');

export function readLabState(): LabState | null {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as LabState;
  } catch {
    return null;
  }
}

export async function preflight(): Promise<void> {
  if (process.platform !== 'linux') throw new Error('the lab runs on Linux only');
  if (process.getuid?.() !== 0) throw new Error('the lab needs root (network namespaces, mounts, users)');
  for (const bin of ['ip', 'unshare', 'nsenter', 'runuser', 'ssh-keygen', '/usr/sbin/sshd', 'haproxy', 'nginx', 'smbd', 'openssl']) {
    const found = await run(['sh', '-c', 'command -v "$1"', 'sh', bin], { allowFail: true });
    if (found.code !== 0) throw new Error(`the lab needs ${bin}: install the packages listed in README (see .ci/run)`);
  }
}

/** Starts the lab (or returns the running one when it was started with the same options by this checkout). */
export function labUp(partial: Partial<LabOptions> = {}): Promise<LabDescription> {
  return withLabLock('lab up', () => startLab(partial));
}

async function startLab(partial: Partial<LabOptions>): Promise<LabDescription> {
  const options: LabOptions = { ...DEFAULT_LAB_OPTIONS, ...partial };
  if (options.nodes < 1 || options.nodes > MAX_NODES) throw new Error(`--nodes must be 1..${MAX_NODES}`);
  if (options.localStorageNode && (options.localStorageNode < 1 || options.localStorageNode > options.nodes)) {
    throw new Error('--local-storage must name one of the nodes');
  }
  await preflight();
  const existing = readLabState();
  // Another checkout's lab code may differ (stand-in, faults): reuse only what this checkout started.
  if (existing && existing.repoRoot === REPO_ROOT && JSON.stringify(existing.options) === JSON.stringify(options) && (await labProblems(existing)).length === 0) {
    return describeLab(existing);
  }
  if (existing || (await leftovers()).length > 0) await removeLab();

  const started = Date.now();
  const secrets = { sshPassword: secret(), postgresPassword: secret(), sqlPassword: secret(), sambaPassword: secret(), apiKey: secret(), encryptionKey: crypto.randomBytes(16).toString('hex') };
  for (const d of ['bin', 'keys', 'ssh', 'nodes', 'shared']) fs.mkdirSync(path.join(LAB_ROOT, d), { recursive: true });
  fs.chmodSync(LAB_ROOT, 0o755);
  fs.mkdirSync(NODE_VIEW, { recursive: true });
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  await run(['groupadd', LAB_GROUP]);
  await run(['useradd', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', '--gid', LAB_GROUP, SAMBA_USER]);
  // Shared by every node's login through the group; setgid keeps new files in it.
  const gid = Number((await run(['getent', 'group', LAB_GROUP])).stdout.split(':')[2]);
  fs.chownSync(SHARED_DIR, 0, gid);
  fs.chmodSync(SHARED_DIR, 0o2775);

  await run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'ha-wizard-lab', '-f', LAB_PRIVATE_KEY]);
  fs.copyFileSync(`${LAB_PRIVATE_KEY}.pub`, AUTHORIZED_KEYS);
  fs.chmodSync(AUTHORIZED_KEYS, 0o644);

  await buildStandIn(path.join(LAB_ROOT, 'bin', 'stand-in.cjs'));
  fs.writeFileSync(SERVICE_SCRIPT, renderServiceScript({ nodeBinary: process.execPath, bundlePath: path.join(LAB_ROOT, 'bin', 'stand-in.cjs'), stateDir: nodePaths.stateDir }), { mode: 0o755 });
  await installDockerStandIn({ stateDir: nodePaths.stateDir, serviceScript: SERVICE_SCRIPT, standInBundle: path.join(LAB_ROOT, 'bin', 'stand-in.cjs') });

  await createBridge();
  for (const host of Object.values(HOSTS)) await createHost(host.ns, host.link, host.address);

  const product = PRODUCTS[options.product];
  const databaseName = product.name;
  const pgName = (suffix: string) => `${options.product}${suffix}`;
  const nodeIndexes = Array.from({ length: options.nodes }, (_, i) => i + 1);
  const suffixes = nodeIndexes.map((i) => localDbSuffix(options, i));
  await startPostgres(['', ...suffixes.filter(Boolean)].map((s) => ({ name: pgName(s), owner: options.product, password: secrets.postgresPassword })), options.postgresMajor);
  const tdsPid = await startTdsServer(labTdsModel(options, databaseName, suffixes, secrets.sqlPassword));
  const sambaPid = await startSamba(secrets.sambaPassword);

  const fileName = configFileName(options.product, options.configFormat);
  // Nodes start in parallel: each is independent, and sshd/stand-in start-up is mostly waiting.
  const nodes: NodeState[] = await Promise.all(nodeIndexes.map((i) => createNode({
    index: i,
    localStorage: options.localStorageNode === i,
    ...(options.loginShells?.[i] ? { loginShell: options.loginShells[i] } : {}),
    // '::' listens on IPv6 and IPv4 alike: a node may be reached over either.
    standIn: { product: options.product, version: options.version, configPath: path.join(nodePaths.configDir, fileName), apiKey: secrets.apiKey, listenHost: '::' },
    configFile: initialNodeConfig(options, secrets, i),
  }, secrets.sshPassword)));

  await prepareBalancerAccount();
  await startLoadBalancers(nodes.map((n) => ({ name: n.name, host: n.address, port: product.defaultPort })));
  const balancerHosts = await startBalancerSshd();
  const state: LabState = {
    options, repoRoot: REPO_ROOT, secrets, nodes, pids: { tds: tdsPid, samba: sambaPid }, balancerHosts, databaseName, configFileName: fileName,
    startedAt: new Date(started).toISOString(), upSeconds: (Date.now() - started) / 1000,
  };
  fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
  const description = describeLab(state);
  writeLabProfile(description);
  return description;
}

/** Removes everything the lab made. Safe to run when nothing is up. */
export function labDown(): Promise<void> {
  return withLabLock('lab down', removeLab);
}

async function removeLab(): Promise<void> {
  if (fs.existsSync(LAB_ROOT)) await stopPostgres();
  await unmountBackupFull();
  await destroyNetwork();
  for (const user of labAccounts()) await run(['userdel', user], { allowFail: true });
  if (labGroupExists()) await run(['groupdel', LAB_GROUP], { allowFail: true });
  fs.rmSync(LAB_ROOT, { recursive: true, force: true });
}

/** What of the lab's still exists on this machine: namespaces, links, mounts, processes, users, files. */
export async function leftovers(): Promise<string[]> {
  const found: string[] = [];
  for (const ns of await listLabNamespaces()) found.push(`namespace ${ns}`);
  for (const link of await listLabLinks()) found.push(`link ${link}`);
  const mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  for (const m of mounts) if (m.includes(LAB_ROOT) || m.includes('/run/netns/hawlab')) found.push(`mount ${m.split(' ')[4]}`);
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(LAB_ROOT) && Number(pid) !== process.pid) found.push(`process ${pid}: ${cmd.trim().slice(0, 120)}`);
    } catch { /* exited meanwhile */ }
  }
  for (const user of labAccounts()) found.push(`user ${user}`);
  if (labGroupExists()) found.push(`group ${LAB_GROUP}`);
  if (fs.existsSync(LAB_ROOT)) found.push(`directory ${LAB_ROOT}`);
  return found;
}

function labAccounts(): string[] {
  return fs.readFileSync('/etc/passwd', 'utf8').split('\n').map((l) => l.split(':')[0] ?? '').filter((u) => LAB_USER_PATTERN.test(u));
}
function labGroupExists(): boolean {
  return fs.readFileSync('/etc/group', 'utf8').split('\n').some((l) => l.startsWith(`${LAB_GROUP}:`));
}

/** What is wrong with a lab that should be up (empty when all is running). */
export async function labProblems(state: LabState): Promise<string[]> {
  const problems: string[] = [];
  const namespaces = await listLabNamespaces();
  for (const n of state.nodes) {
    if (!namespaces.includes(n.ns)) problems.push(`${n.name}: namespace missing`);
    if (!isAlive(n.sshdPid)) problems.push(`${n.name}: sshd not running`);
  }
  if (!isAlive(state.pids.tds)) problems.push('TDS test server not running');
  if (!isAlive(state.pids.samba)) problems.push('smbd not running');
  for (const [h, s] of Object.entries(state.balancerHosts ?? {})) if (!isAlive(s.sshdPid)) problems.push(`sshd on the ${h} host not running`);
  if (!(await listLabLinks()).includes(BRIDGE)) problems.push('bridge missing');
  return problems;
}
