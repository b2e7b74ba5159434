/** `ha-wizard health` without servers: usage errors exit 2, a dead cluster exits 1, --watch stops on Ctrl-C. */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ClusterHealthSnapshot } from '../core/health/cluster-health';
import { formatSnapshot } from './health-command';
import { band } from './health-history-output';
import { HealthHistorySchema, type HistoryBucket } from '../shared/health-history';
// A port nobody listens on (a random high one: fetch refuses some well-known ports outright).
import { freePort as closedPort } from '../core/remote/sshd-test-fixture';

const exec = promisify(execFile);
const tsx = path.resolve('node_modules/.bin/tsx');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-health-'));
const env = { ...process.env, NO_COLOR: '1', HA_WIZARD_HOME: dir, DB_PW: 'Hunter2-db-password' };
const cli = (args: string[]) => exec(tsx, ['electron/cli/ha-wizard.ts', ...args], { env })
  .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

async function deadProfile(): Promise<string> {
  const port = await closedPort();
  const file = path.join(dir, `dead-${port}.json`);
  fs.writeFileSync(file, JSON.stringify({
    version: 1, product: 'proget',
    nodes: ['a', 'b'].map((id) => ({ id, host: '127.0.0.1', port, webPort: port, user: 'admin', os: 'linux', auth: { kind: 'agent', agent: '/nonexistent' }, configPath: '/etc/proget.env' })),
    database: { kind: 'postgres', connectionString: `Host=127.0.0.1;Port=${port};Database=proget;Username=proget`, password: { env: 'DB_PW' } },
    storage: { path: '/var/proget/packages' },
    loadBalancer: { type: 'haproxy' },
  }));
  return file;
}

describe('ha-wizard health', () => {
  it('bad usage exits 2', async () => {
    const profile = await deadProfile();
    expect((await cli(['health'])).code).toBe(2);
    expect((await cli(['health', '--profile', profile, '--watch', '0'])).stderr).toMatch(/expected seconds from 1 to 3600/);
    expect((await cli(['health', '--profile', profile, '--concurrency', '0'])).code).toBe(2);
    expect((await cli(['health', '--profile', path.join(dir, 'none.json')])).code).toBe(2);
  });

  it('a cluster that does not answer: exit 1, JSON saying down, each node with its reason, no secret', async () => {
    const r = await cli(['health', '--profile', await deadProfile(), '--json', '--timeout', '2000']);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as ClusterHealthSnapshot;
    expect(s.summary).toBe('down');
    expect(s.nodes.map((n) => [n.id, n.reachable, n.hung, n.sshOk])).toEqual([['a', false, false, false], ['b', false, false, false]]);
    expect(s.nodes[0]!.error).toMatch(/^\/health: ECONNREFUSED; /);
    expect(s.database.reachable).toBe(false);
    expect(r.stdout).not.toContain('Hunter2');
  });

  it('--watch --json prints one snapshot per line until interrupted, then exits with the last one\'s code', async () => {
    const child = spawn(tsx, ['electron/cli/ha-wizard.ts', 'health', '--profile', await deadProfile(), '--watch', '1', '--json', '--timeout', '1000'], { env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').length > 2) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const lines = out.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.map((l) => (JSON.parse(l) as ClusterHealthSnapshot).summary)).toEqual(lines.map(() => 'down'));
    expect(code).toBe(1);
  });
});

describe('the health table', () => {
  it('shows every node, the cluster lines and the problems, without color codes when asked', () => {
    const node = { id: 'node1', state: 'healthy' as const, url: 'http://n1:8624', reachable: true, hung: false, httpStatus: 200, healthy: true, version: '2025.14', databaseStatus: 'OK' as const, databaseDetail: null, licenseStatus: 'OK' as const, serviceStatus: 'OK' as const, sshOk: true, keyFingerprint: 'key:abc', keyInSync: true, error: null, elapsedMs: 9 };
    const s: ClusterHealthSnapshot = {
      at: '2026-01-02T03:04:05.678Z', durationMs: 42, summary: 'degraded', problems: ['node2: no answer over SSH within 5000 ms'],
      nodes: [node, { ...node, id: 'node2', state: 'not-answering' as const, hung: true, reachable: false, healthy: false, httpStatus: null, version: null, databaseStatus: null, licenseStatus: null, serviceStatus: null, sshOk: false, keyFingerprint: null, keyInSync: null, error: 'no answer' }],
      versions: { '2025.14': ['node1'] }, versionsInSync: null, keysInSync: null,
      storage: { ok: true, detail: 'node1 wrote and read', path: '/s', writer: 'node1', seen: ['node1'], notSeen: [], untested: ['node2'] },
      database: { reachable: true, detail: 'PostgreSQL 17.2', elapsedMs: 3 },
      loadBalancer: { url: null, reachable: null, healthy: null, readmitting: false, detail: 'the profile names no load balancer URL', elapsedMs: 0 },
    };
    const text = formatSnapshot(s, false);
    expect(text).not.toContain('\x1b[');
    expect(text).toContain('Cluster: DEGRADED  2 nodes, 2026-01-02 03:04:05Z, round 42 ms');
    expect(text).toMatch(/^node1 +healthy +200 +2025\.14 +OK +OK +OK +ok +key:abc +9$/m);
    expect(text).toContain('1 of 2 servers are healthy.\n  node2 does not answer');
    expect(text).toMatch(/^node2 +not answering +- +- +- +- +- +hung +- +9$/m);
    // node2 was not read: its version and key are unknown, never "in sync".
    expect(text).toMatch(/^Versions +unknown +unknown \(not every node read\): 2025\.14 \(node1\)$/m);
    expect(text).toMatch(/^Encryption key +unknown +unknown: not every node was read$/m);
    expect(text).toMatch(/^Load balancer +n\/a +the profile names no load balancer URL$/m);
    expect(text).toContain('  - node2: no answer over SSH within 5000 ms');
  });
});

describe('ha-wizard health --watch and --history: the same history store as the app', () => {
  it('a watch records its rounds and the node found down; --history prints the events and a band per server; --history --json is the contract\'s history', async () => {
    const profile = await deadProfile();
    const child = spawn(tsx, ['electron/cli/ha-wizard.ts', 'health', '--profile', profile, '--watch', '1', '--timeout', '500'], { env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // Both servers are confirmed down after two rounds: one line each, then stop.
      if ((out.match(/ → not answering| → unreachable/g) ?? []).length >= 2) child.kill('SIGINT');
    });
    await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const changes = out.split('\n').filter((l) => l.includes(' → '));
    expect(changes).toHaveLength(2);
    for (const l of changes) expect(l).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}[ab] {2}unknown → unreachable {2}it cannot be reached: \/health: ECONNREFUSED/);

    const h = await cli(['health', '--profile', profile, '--history']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^Health history of the last 24 h /);
    expect(h.stdout).toMatch(/\na +\| *x\|\nb +\| *x\|\n/);
    expect(h.stdout).toMatch(/ {2}a went down \(unreachable\): it cannot be reached: \/health: ECONNREFUSED/);
    expect(h.stdout).toMatch(/Watching started\.[\s\S]*Watching stopped\./);
    expect(h.stdout).not.toContain('Hunter2');
    const j = await cli(['health', '--profile', profile, '--history', '--json']);
    const history = HealthHistorySchema.parse(JSON.parse(j.stdout));
    expect(history.nodes.map((n) => [n.id, n.buckets.length])).toEqual([['a', 24 * 60], ['b', 24 * 60]]);
    expect(history.events.map((e) => e.kind)).toEqual(['watch-started', 'node-down', 'node-down', 'watch-stopped']);
  });

  it('a band folds minutes into marks, worst first, blank where nobody watched', () => {
    const b = (state: HistoryBucket['state']): HistoryBucket => ({ at: '', state, elapsedMs: null });
    expect(band([b('healthy'), b('unknown'), b('unknown'), b('unknown'), b('healthy'), b('service-stopped'), b('unhealthy'), b('healthy')], 4)).toBe('= x~');
  });
});
