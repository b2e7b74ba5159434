/** HAProxy and nginx in front of the lab's nodes, each in its own namespace, configured by the engine's generators. */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseShowStat } from '../../electron/core/balancer/haproxy-runtime';
import { HAPROXY_BACKEND, haproxyConfig } from '../../electron/core/config/load-balancers/haproxy';
import { nginxConfig } from '../../electron/core/config/load-balancers/nginx';
import type { LoadBalancerBackend } from '../../electron/core/config/load-balancers/types';
import { asBalancerUser, LB_DIR } from './balancer-hosts';
import { BALANCER_USER, HOSTS, LAB_GROUP, PORTS } from './lab-config';
import { inNetns, isAlive, run, waitFor } from './run';

export const HAPROXY_SOCKET = path.join(LB_DIR, 'haproxy.sock');

export function loadBalancerUrls() {
  return {
    haproxy: `http://${HOSTS.haproxy.address}:${PORTS.loadBalancer}`,
    nginx: `http://${HOSTS.nginx.address}:${PORTS.loadBalancer}`,
    /** HAProxy's runtime API on its lab address, as an admin would give it in a profile's `loadBalancer.access`. */
    haproxyApi: { host: HOSTS.haproxy.address, port: PORTS.haproxyApi },
  };
}

export async function startLoadBalancers(backends: LoadBalancerBackend[]): Promise<void> {
  fs.mkdirSync(path.join(LB_DIR, 'nginx', 'temp'), { recursive: true });
  const urls = loadBalancerUrls();
  const common = { backends, listenPort: PORTS.loadBalancer, sticky: false, healthPath: '/health' };
  const haproxyCfg = path.join(LB_DIR, 'haproxy.cfg');
  fs.writeFileSync(haproxyCfg, haproxyConfig({ ...common, listenAddress: HOSTS.haproxy.address, publicUrl: urls.haproxy }, {
    global: [`stats socket ${HAPROXY_SOCKET} mode 600 level admin expose-fd listeners`, `stats socket ipv4@${HOSTS.haproxy.address}:${PORTS.haproxyApi} level admin`, `pidfile ${path.join(LB_DIR, 'haproxy.pid')}`],
  }));
  await run(['haproxy', '-c', '-q', '-f', haproxyCfg]);
  // Both run as the balancer hosts' SSH login (balancer-hosts.ts), which can then reload them.
  await run(['chown', '-R', `${BALANCER_USER}:${LAB_GROUP}`, LB_DIR]);
  await run(inNetns(HOSTS.haproxy.ns, asBalancerUser(['haproxy', '-D', '-f', haproxyCfg])));

  const nginxCfg = path.join(LB_DIR, 'nginx.conf');
  const tmp = path.join(LB_DIR, 'nginx', 'temp');
  fs.writeFileSync(nginxCfg, nginxConfig({ ...common, listenAddress: HOSTS.nginx.address, publicUrl: urls.nginx }, {
    global: ['worker_processes 1;', `pid ${path.join(LB_DIR, 'nginx.pid')};`, `error_log ${path.join(LB_DIR, 'nginx-error.log')};`],
    http: ['access_log off;', ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${path.join(tmp, k)};`)],
  }));
  await run(['chown', '-R', `${BALANCER_USER}:${LAB_GROUP}`, LB_DIR]);
  await run(inNetns(HOSTS.nginx.ns, asBalancerUser(['nginx', '-t', '-q', '-c', nginxCfg, '-p', path.join(LB_DIR, 'nginx')])));
  await run(inNetns(HOSTS.nginx.ns, asBalancerUser(['nginx', '-c', nginxCfg, '-p', path.join(LB_DIR, 'nginx')])));
}

/**
 * Stops both balancers (by their pid files) and starts them again for new backends: the lab playing
 * another product serves it on that product's port.
 */
export async function restartLoadBalancers(backends: LoadBalancerBackend[]): Promise<void> {
  for (const name of ['haproxy.pid', 'nginx.pid']) {
    const file = path.join(LB_DIR, name);
    const pids = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number) : [];
    for (const pid of pids) {
      try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
    }
    await waitFor(`${name} to stop`, () => (pids.every((pid) => !isAlive(pid)) ? true : undefined), 10_000);
    fs.rmSync(file, { force: true });
  }
  fs.rmSync(HAPROXY_SOCKET, { force: true });
  await startLoadBalancers(backends);
}

/** Sends one command to HAProxy's admin socket and returns its answer. */
export function haproxyCommand(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(HAPROXY_SOCKET);
    let out = '';
    sock.setTimeout(5000, () => sock.destroy(new Error('haproxy socket timed out')));
    sock.on('connect', () => sock.end(`${command}\n`));
    sock.on('data', (d) => (out += d.toString()));
    sock.on('end', () => resolve(out));
    sock.on('error', reject);
  });
}

/** Each backend server's state as HAProxy sees it: UP, DOWN, or a transition such as "UP 1/2" (the engine's own parser). */
export async function haproxyServerStates(): Promise<Record<string, string>> {
  return Object.fromEntries(parseShowStat(await haproxyCommand('show stat'), HAPROXY_BACKEND).map((r) => [r.server, r.status]));
}

/** Waits until HAProxy counts every node UP (after restarts it needs two good checks, about 2 s). */
export async function waitForAllUp(timeoutMs = 10_000): Promise<Record<string, string>> {
  return waitFor('every node UP in HAProxy', async () => {
    const s = await haproxyServerStates();
    return Object.keys(s).length > 0 && Object.values(s).every((v) => v === 'UP') ? s : undefined;
  }, timeoutMs);
}
