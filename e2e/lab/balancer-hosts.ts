/**
 * An SSH login on the lab's HAProxy and nginx hosts (issue 13), so a profile's `loadBalancer.access`
 * can point at them: one sshd per balancer namespace, key-only, for one unprivileged account
 * (halablb) that also runs both balancers. Nothing here needs root on the balancer's host: the account
 * owns the balancers' files and processes, and port 80 is open to it in those namespaces only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AUTHORIZED_KEYS, makeHostKey } from './nodes';
import { BALANCER_USER, HOSTS, LAB_GROUP, LAB_PRIVATE_KEY, LAB_ROOT, PORTS } from './lab-config';
import { inNetns, isAlive, run, spawnDetached, waitFor } from './run';

export const LB_DIR = path.join(LAB_ROOT, 'lb');
type BalancerHost = 'haproxy' | 'nginx';
const BALANCER_HOSTS: BalancerHost[] = ['haproxy', 'nginx'];

export interface BalancerHostState {
  sshdPid: number;
  hostKeyFingerprint: string;
}

/** The account, port 80 for it in both namespaces, and the balancers' directory its own. Before the balancers start. */
export async function prepareBalancerAccount(): Promise<{ uid: number; gid: number }> {
  // '*': no password can log in, yet the account is not locked ('!'), which sshd would refuse even with a key.
  await run(['useradd', '--no-create-home', '--home-dir', LB_DIR, '--shell', '/bin/sh', '--gid', LAB_GROUP, '--password', '*', BALANCER_USER]);
  const uid = Number((await run(['id', '-u', BALANCER_USER])).stdout.trim());
  const gid = Number((await run(['id', '-g', BALANCER_USER])).stdout.trim());
  for (const h of BALANCER_HOSTS) await run(inNetns(HOSTS[h].ns, ['sysctl', '-q', '-w', 'net.ipv4.ip_unprivileged_port_start=0']));
  fs.mkdirSync(LB_DIR, { recursive: true });
  return { uid, gid };
}

/** Runs argv as the balancers' account (in a namespace when wrapped by inNetns). */
export function asBalancerUser(argv: string[]): string[] {
  return ['runuser', '-u', BALANCER_USER, '--', ...argv];
}

function sshdConfig(address: string, dir: string): string {
  return [
    `Port ${PORTS.ssh}`, `ListenAddress ${address}`,
    `HostKey ${path.join(dir, 'host_ed25519_key')}`, `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${AUTHORIZED_KEYS}`, `AllowUsers ${BALANCER_USER}`,
    'PermitRootLogin no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes',
    'UsePAM no', 'StrictModes yes', 'PrintMotd no', 'MaxSessions 64',
    // HAProxy's admin socket is reached through the SSH connection itself (no socat on the host).
    'AllowStreamLocalForwarding yes',
    'Subsystem sftp internal-sftp', 'LogLevel INFO', '',
  ].join('\n');
}

/** One sshd per balancer namespace, started in parallel. */
export async function startBalancerSshd(): Promise<Record<BalancerHost, BalancerHostState>> {
  const started = await Promise.all(BALANCER_HOSTS.map(async (h) => {
    const host = HOSTS[h];
    const base = path.join(LAB_ROOT, 'lb-ssh', h);
    const dir = path.join(base, 'ssh');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const hostKeyFingerprint = await makeHostKey({ dir: base, hostname: host.hostname });
    fs.writeFileSync(path.join(dir, 'sshd_config'), sshdConfig(host.address, dir));
    const pid = spawnDetached(inNetns(host.ns, ['/usr/sbin/sshd', '-D', '-e', '-f', path.join(dir, 'sshd_config')]), path.join(dir, 'sshd.log'));
    await waitFor(`sshd on the ${h} host`, () => {
      if (!isAlive(pid)) throw new Error(fs.readFileSync(path.join(dir, 'sshd.log'), 'utf8').slice(-500));
      return fs.existsSync(path.join(dir, 'sshd.pid')) ? true : undefined;
    });
    return [h, { sshdPid: pid, hostKeyFingerprint }] as const;
  }));
  return Object.fromEntries(started) as Record<BalancerHost, BalancerHostState>;
}

/** How a profile reaches each balancer host: what lab-description.ts prints. */
export function describeBalancerHosts(state: Record<BalancerHost, BalancerHostState> | undefined) {
  if (!state) return null;
  const one = (h: BalancerHost) => ({
    address: HOSTS[h].address, sshPort: PORTS.ssh, user: BALANCER_USER, privateKeyPath: LAB_PRIVATE_KEY,
    hostKeyFingerprint: state[h].hostKeyFingerprint,
    configPath: path.join(LB_DIR, h === 'haproxy' ? 'haproxy.cfg' : 'nginx.conf'),
    ...(h === 'haproxy' ? { runtimeSocket: path.join(LB_DIR, 'haproxy.sock') } : {}),
  });
  return { haproxy: one('haproxy'), nginx: one('nginx') };
}
