/**
 * What the engine does on one node, the same for Windows (the PowerShell library) and Linux/Docker
 * (fixed POSIX scripts): inventory, TCP probes from the node, storage probes and sentinels, files,
 * and the product's service. Every value travels as data (script parameters), never as code.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { SshSession } from '../remote/ssh-session';
import { posixScript } from '../remote/posix-dialect';
import { runPowerShell } from '../remote/powershell-results';
import { POWERSHELL_SCRIPTS } from '../remote/powershell-scripts';
import { INVENTORY, READ_SENTINELS, REMOVE_SENTINELS, SERVICE_ACTION, STORAGE_PROBE, TEST_TCP, TEST_TCP_MANY, parseKeyValues } from './posix-scripts';
import { errorMessage } from '../../shared/error-text';
import { networkFailureOf, networkFailureText, type NetworkFailure } from '../../shared/network-failure';

export type ServiceState = 'running' | 'stopped' | 'missing' | 'unknown';
export type ServiceAction = 'start' | 'stop' | 'restart' | 'status';

export interface NodeFacts {
  hostname: string;
  osName: string;
  /** The node's clock, and this computer's at the midpoint of the call. */
  remoteEpochMs: number | null;
  localEpochMs: number;
  configExists: boolean;
  freeBytesAtConfig: number | null;
  serviceState: ServiceState;
  /** Windows: the service executable's file version; Linux: null (the version comes from /health). */
  fileVersion: string | null;
  /** Windows: the account the service runs as. */
  serviceAccount: string | null;
}

export interface StorageProbe {
  exists: boolean;
  isDirectory: boolean;
  writable: boolean;
  freeBytes: number | null;
  identity: string;
  error: string | null;
  sentinelWritten: boolean;
  /** Something (a file, a symbolic link) already sat at the sentinel's name: refused, not written through. */
  sentinelRefused?: boolean;
}

export interface ServiceResult { ok: boolean; state: ServiceState; detail: string }

export interface TcpProbeResult { reachable: boolean; error: string | null; failure?: NetworkFailure }

/** A failed probe's raw words (bash's or .NET's) as a kind and a sentence. */
function probeFailure(reachable: boolean, raw: string | null): TcpProbeResult {
  if (reachable) return { reachable, error: null };
  const failure = networkFailureOf(undefined, raw ?? '');
  return { reachable, error: networkFailureText(failure, raw ?? 'no answer from the probe'), failure };
}

export interface NodeOps {
  readonly os: 'linux' | 'windows';
  readonly session: SshSession;
  facts(): Promise<NodeFacts>;
  /** `error` is a sentence (network-failure.ts), `failure` its kind, so a check can say "cannot be resolved from node2". */
  tcpProbe(host: string, port: number, timeoutMs: number): Promise<TcpProbeResult>;
  /** Several targets at once, in one command on the node. */
  tcpProbeMany(targets: { host: string; port: number }[], timeoutMs: number): Promise<({ host: string; port: number } & TcpProbeResult)[]>;
  /** Probes the folder; with `sentinel`, also leaves that file there when it is writable. */
  storageProbe(dir: string, sentinel?: { name: string; content: string }): Promise<StorageProbe>;
  writeSentinel(dir: string, name: string, content: string): Promise<void>;
  readSentinels(dir: string, prefix: string): Promise<{ name: string; content: string }[]>;
  removeSentinels(dir: string, prefix: string): Promise<void>;
  /** The file's bytes, or null when it does not exist. */
  readFile(file: string): Promise<Buffer | null>;
  service(action: ServiceAction): Promise<ServiceResult>;
}

export interface NodeOpsOptions {
  configPath: string;
  /** Linux: the service program; Windows: service names to look for, first match wins. */
  serviceCommand: string | null;
  serviceNames: string[];
  productId: string;
}

/**
 * A probe file's name, unique even when every node is probed in the same millisecond: in a shared
 * folder, another node's login cannot overwrite a file of the same name (pid + time collided that way).
 */
export function probeFileName(): string {
  return `.hawizard-probe-${crypto.randomBytes(8).toString('hex')}`;
}

const num = (v: string | undefined) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

async function readOrNull(session: SshSession, file: string): Promise<Buffer | null> {
  try {
    return await session.readFile(file);
  } catch (e) {
    if (/no such file|not exist|ENOENT/i.test(errorMessage(e))) return null;
    throw e;
  }
}

export function posixNodeOps(session: SshSession, o: NodeOpsOptions): NodeOps {
  const run = async (script: string, args: string[], timeoutMs?: number) => {
    // A fixed command line and the script on stdin: the login shell (fish, tcsh, ...) never parses a value.
    const { command, stdin } = posixScript(script, args);
    const r = await session.exec(command, timeoutMs ? { stdin, timeoutMs } : { stdin });
    return parseKeyValues(r.stdout);
  };
  return {
    os: 'linux',
    session,
    async facts() {
      const before = Date.now();
      const kv = await run(INVENTORY, [o.configPath, o.serviceCommand ?? '']);
      const local = Math.round((before + Date.now()) / 2);
      const exit = kv.get('serviceExit');
      const epochMs = num(kv.get('epochMs'));
      return {
        hostname: kv.get('hostname') ?? '',
        osName: kv.get('os') ?? 'Linux',
        remoteEpochMs: epochMs,
        localEpochMs: local,
        configExists: kv.get('config') === 'present',
        freeBytesAtConfig: num(kv.get('freeBytes')),
        // LSB status codes: 0 running, 3 stopped; anything else we cannot read.
        serviceState: exit === undefined ? 'unknown' : exit === 'missing' ? 'missing' : exit === '0' ? 'running' : exit === '3' ? 'stopped' : 'unknown',
        fileVersion: null,
        serviceAccount: null,
      };
    },
    async tcpProbe(host, port, timeoutMs) {
      const kv = await run(TEST_TCP, [host, String(port), String(Math.max(1, Math.ceil(timeoutMs / 1000)))], timeoutMs + 5000);
      return probeFailure(kv.get('reachable') === 'true', kv.get('error') ?? null);
    },
    async tcpProbeMany(targets, timeoutMs) {
      const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
      const kv = await run(TEST_TCP_MANY, [String(seconds), ...targets.flatMap((t) => [t.host, String(t.port)])], timeoutMs + 5000);
      const answers = new Map(kv.all('target').map((line) => {
        const [target = '', result = ''] = line.split('\t');
        return [target, result];
      }));
      // The script ran to its end, and a target printed nothing: it was still connecting at the timeout.
      const silent = kv.get('done') === 'true' ? `timed out after ${seconds} s` : null;
      return targets.map((t) => {
        const r = answers.get(`${t.host}:${t.port}`);
        return { ...t, ...probeFailure(r === 'ok', r ?? silent) };
      });
    },
    async storageProbe(dir, sentinel) {
      const kv = await run(STORAGE_PROBE, [dir, probeFileName(), sentinel?.name ?? '', sentinel?.content ?? '']);
      return {
        sentinelWritten: kv.get('sentinel') === 'written', sentinelRefused: kv.get('sentinel') === 'refused',
        exists: kv.get('exists') === 'true', isDirectory: kv.get('isDirectory') === 'true', writable: kv.get('writable') === 'true',
        freeBytes: num(kv.get('freeBytes')), identity: kv.get('identity') ?? '', error: kv.get('error') ?? null,
      };
    },
    async writeSentinel(dir, name, content) {
      // Exclusive create: a file or symbolic link already at the name is refused, never written through.
      await session.createFile(path.posix.join(dir, name), content);
    },
    async readSentinels(dir, prefix) {
      const kv = await run(READ_SENTINELS, [dir, prefix]);
      return kv.all('sentinel').map((v) => {
        const [name = '', content = ''] = v.split('\t');
        return { name, content };
      });
    },
    async removeSentinels(dir, prefix) {
      await run(REMOVE_SENTINELS, [dir, prefix]);
    },
    readFile: (file) => readOrNull(session, file),
    async service(action) {
      if (!o.serviceCommand) return { ok: false, state: 'unknown', detail: 'no service command is configured for this node' };
      const kv = await run(SERVICE_ACTION, [o.serviceCommand, action], 120_000);
      const code = kv.get('exit');
      const detail = kv.all('output').join('\n').trim();
      const state: ServiceState = action === 'stop' ? (code === '0' ? 'stopped' : 'unknown') : code === '0' ? 'running' : code === '3' ? 'stopped' : 'unknown';
      return { ok: code === '0', state, detail };
    },
  };
}

export function windowsNodeOps(session: SshSession, o: NodeOpsOptions): NodeOps {
  const names = o.serviceCommand ? [o.serviceCommand] : o.serviceNames;
  const serviceName = async () => {
    const inv = await runPowerShell(session, POWERSHELL_SCRIPTS.inventory, { productId: o.productId, serviceNames: names, configPath: o.configPath });
    return inv.services.find((s) => s.exists)?.name ?? null;
  };
  const stateOf = (s: string | null): ServiceState => (s === 'Running' ? 'running' : s === 'Stopped' ? 'stopped' : s ? 'unknown' : 'missing');
  return {
    os: 'windows',
    session,
    async facts() {
      const before = Date.now();
      const inv = await runPowerShell(session, POWERSHELL_SCRIPTS.inventory, { productId: o.productId, serviceNames: names, configPath: o.configPath });
      const svc = inv.services.find((s) => s.exists);
      const remote = Date.parse(inv.utcNow);
      return {
        hostname: inv.hostname,
        osName: [inv.os.caption, inv.os.version].filter(Boolean).join(' ') || 'Windows',
        remoteEpochMs: Number.isFinite(remote) ? remote : null,
        localEpochMs: Math.round((before + Date.now()) / 2),
        configExists: inv.config.exists,
        freeBytesAtConfig: inv.freeBytes,
        serviceState: svc ? stateOf(svc.state) : 'missing',
        fileVersion: svc?.fileVersion ?? inv.product.version,
        serviceAccount: svc?.account ?? null,
      };
    },
    async tcpProbe(host, port, timeoutMs) {
      const r = await runPowerShell(session, POWERSHELL_SCRIPTS.testTcp, { host, port, timeoutMs }, { timeoutMs: timeoutMs + 15_000 });
      return probeFailure(r.reachable, r.error);
    },
    async tcpProbeMany(targets, timeoutMs) {
      // One script per target, concurrently on the one session (it queues beyond its channel limit).
      return Promise.all(targets.map(async (t) => {
        const r = await runPowerShell(session, POWERSHELL_SCRIPTS.testTcp, { host: t.host, port: t.port, timeoutMs }, { timeoutMs: timeoutMs + 15_000 });
        return { ...t, ...probeFailure(r.reachable, r.error) };
      }));
    },
    async storageProbe(dir, sentinel) {
      const r = await runPowerShell(session, POWERSHELL_SCRIPTS.storageProbe, { path: dir });
      let sentinelWritten = false;
      if (r.writable && sentinel) {
        sentinelWritten = (await runPowerShell(session, POWERSHELL_SCRIPTS.writeSentinel, { path: dir, name: sentinel.name, content: sentinel.content })).written;
      }
      return { exists: r.exists, isDirectory: r.exists, writable: r.writable, freeBytes: r.freeBytes, identity: r.identity, error: r.error, sentinelWritten };
    },
    async writeSentinel(dir, name, content) {
      await runPowerShell(session, POWERSHELL_SCRIPTS.writeSentinel, { path: dir, name, content });
    },
    async readSentinels(dir, prefix) {
      return (await runPowerShell(session, POWERSHELL_SCRIPTS.readSentinels, { path: dir, prefix })).sentinels;
    },
    async removeSentinels(dir, prefix) {
      await runPowerShell(session, POWERSHELL_SCRIPTS.removeSentinels, { path: dir, prefix });
    },
    readFile: (file) => readOrNull(session, file),
    async service(action) {
      const name = await serviceName();
      if (!name) return { ok: false, state: 'missing', detail: `none of the services ${names.join(', ')} exists` };
      const r = await runPowerShell(session, POWERSHELL_SCRIPTS.serviceAction, { name, action }, { timeoutMs: 180_000 });
      const state = stateOf(r.state);
      return { ok: action === 'stop' ? state === 'stopped' : action === 'status' ? true : state === 'running', state, detail: `${name}: ${r.state ?? 'unknown'}` };
    },
  };
}
