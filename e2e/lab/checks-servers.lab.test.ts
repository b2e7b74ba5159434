/** Lab: the server, network and load-balancer checks, each passing on the healthy lab and failing under a fault. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { ClusterProfileInput } from '../../electron/shared/profile';
import { editNodeConfig, runLabChecks } from './check-helpers';
import { injectFault } from './faults';
import { faultScope } from './fault-scope';
import { haproxyServerStates } from './load-balancers';
import { waitFor } from './run';
import { readSchemaVersion, restoreSchemaVersion, writeSchemaVersion } from './schema-version';

const lab = inject('lab');
const { cleanups: clearAfter, fault } = faultScope();

describe('checks on the healthy lab', () => {
  it('servers, network and load balancer pass, with one SSH handshake per node and no secret anywhere', async () => {
    const run = await runLabChecks(lab);
    for (const id of ['server.reachable', 'server.host-key', 'server.login', 'server.product-installed', 'server.service-running', 'server.version', 'network.messenger', 'network.web-port']) {
      expect(run.statuses(id), id).toEqual({ node1: 'pass', node2: 'pass', node3: 'pass' });
    }
    for (const id of ['servers.same-version', 'servers.node-count', 'servers.hostnames-distinct', 'servers.clock', 'load-balancer.reachable', 'load-balancer.health']) {
      expect(run.get(id).status, `${id}: ${run.get(id).detail}`).toBe('pass');
    }
    expect(run.handshakes).toEqual({ node1: 1, node2: 1, node3: 1 });
    const node1 = run.inventory.find((i) => i.nodeId === 'node1')!;
    expect(node1).toMatchObject({ reachable: true, hostname: 'halab-node1', productInstalled: true, version: lab.version, serviceState: 'running', hostKeyFingerprint: lab.nodes[0]!.hostKeyFingerprint,
      config: { format: 'env', databaseKind: 'postgres', encryptionKeyWellFormed: true } });
    expect(node1.config?.connectionStringMasked).toMatch(/Password=\*{8}$/);
    expect(run.inventory.find((i) => i.nodeId === 'node2')!.config?.encryptionKeyFingerprint).toBeNull();
    expect(Math.abs(node1.clockOffsetMs!)).toBeLessThan(2000);
    const everything = JSON.stringify(run.results);
    for (const secret of [lab.databases.postgres.password, lab.databases.sqlserver.password, lab.apiKey, lab.nodes[0]!.password]) expect(everything).not.toContain(secret);
  });
});

describe('server checks fail where they should', () => {
  it('server.reachable: a node whose link is down fails after one timeout, its dependents skip, the others pass', async () => {
    await fault('link-down', 'node2');
    const started = Date.now();
    const run = await runLabChecks(lab, { connectTimeoutMs: 2000 });
    expect(Date.now() - started).toBeLessThan(2000 + 2500);
    expect(run.get('server.reachable', 'node2')).toMatchObject({ status: 'fail', detail: `no answer from ${lab.nodes[1]!.address}:22 within 2 s` });
    expect(run.get('server.login', 'node2').status).toBe('skip');
    expect(run.statuses('server.login')).toMatchObject({ node1: 'pass', node3: 'pass' });
  });

  it('server.host-key: unknown until accepted, then trusted from the store; a changed key fails naming both', async () => {
    const knownHostsPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json');
    const unpinned = (p: ClusterProfileInput) => ({ ...p, nodes: p.nodes.map((n) => ({ ...n, hostKeyFingerprint: undefined })) });
    const first = await runLabChecks(lab, { change: unpinned, knownHostsPath, only: ['server.host-key'] });
    expect(first.get('server.host-key', 'node1')).toMatchObject({ status: 'fail', data: { verdict: 'unknown', fingerprint: lab.nodes[0]!.hostKeyFingerprint } });
    expect(first.get('server.host-key', 'node1').detail).toContain(lab.nodes[0]!.hostKeyFingerprint);
    const accepted = Object.fromEntries(lab.nodes.map((n) => [n.address, n.hostKeyFingerprint]));
    expect((await runLabChecks(lab, { change: unpinned, knownHostsPath, acceptedHostKeys: accepted, only: ['server.host-key'] })).statuses('server.host-key')).toEqual({ node1: 'pass', node2: 'pass', node3: 'pass' });
    const third = await runLabChecks(lab, { change: unpinned, knownHostsPath, only: ['server.host-key'] });
    expect(third.get('server.host-key', 'node2').detail).toMatch(/trusted from the store/);

    await fault('host-key', 'node2');
    const changed = await runLabChecks(lab, { change: unpinned, knownHostsPath, only: ['server.host-key'] });
    const r = changed.get('server.host-key', 'node2');
    expect(r).toMatchObject({ status: 'fail', data: { verdict: 'changed', expected: lab.nodes[1]!.hostKeyFingerprint } });
    expect(r.detail).toContain(lab.nodes[1]!.hostKeyFingerprint);
    // Only an explicit acceptance of the new fingerprint replaces the stored one.
    const accept = { [lab.nodes[1]!.address]: r.data!.fingerprint as string };
    const replaced = await runLabChecks(lab, { change: unpinned, knownHostsPath, acceptedHostKeys: accept, only: ['server.host-key'] });
    expect(replaced.get('server.host-key', 'node2').status).toBe('pass');
    expect((await runLabChecks(lab, { change: unpinned, knownHostsPath, only: ['server.host-key'] })).get('server.host-key', 'node2').status).toBe('pass');
  });

  it('server.login: a node that rejects the password fails; the others log in', async () => {
    await fault('wrong-password', 'node2');
    const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-'));
    fs.writeFileSync(path.join(secretDir, 'pw'), lab.nodes[0]!.password, { mode: 0o600 });
    const run = await runLabChecks(lab, {
      only: ['server.login'],
      change: (p) => ({ ...p, nodes: p.nodes.map((n) => ({ ...n, auth: { kind: 'password' as const, password: { file: path.join(secretDir, 'pw') } } })) }),
    });
    expect(run.statuses('server.login')).toEqual({ node1: 'pass', node2: 'fail', node3: 'pass' });
    expect(run.get('server.login', 'node2').detail).toMatch(/could not log in/);
    expect(JSON.stringify(run.results)).not.toContain(lab.nodes[0]!.password);
  });

  it('server.product-installed: a wrong config path fails', async () => {
    const run = await runLabChecks(lab, { only: ['server.product-installed'], change: (p) => ({ ...p, nodes: p.nodes.map((n, i) => (i === 2 ? { ...n, configPath: '/nonexistent/proget.env' } : n)) }) });
    expect(run.statuses('server.product-installed')).toEqual({ node1: 'pass', node2: 'pass', node3: 'fail' });
  });

  it('server.version and servers.same-version: an old version and an odd one out are named', async () => {
    await fault('version', 'node3', { value: '2025.9' });
    const odd = await runLabChecks(lab, { only: ['servers.same-version'] });
    expect(odd.get('servers.same-version')).toMatchObject({ status: 'fail' });
    expect(odd.get('servers.same-version').detail).toBe('most servers run 2025.14, but node3 (2025.9) differ');
    // ProGet before 2025 cannot use PostgreSQL (the stand-in, like the product, would not start): SQL Server it is.
    clearAfter.push(editNodeConfig(lab, 'node3', () => `PROGET_SQL_CONNECTION_STRING=${lab.databases.sqlserver.connectionString}\n`));
    // A 2024 service refuses a newer schema, and other files leave the SQL Server database at 2025 or
    // 2026 (upgrade.lab.test.ts): give it the schema a 2024 install would have, and put back what was there.
    const schemaBefore = await readSchemaVersion(lab, 'sqlserver');
    await writeSchemaVersion(lab, 'sqlserver', 2024);
    clearAfter.push(() => restoreSchemaVersion(lab, 'sqlserver', schemaBefore));
    await injectFault('version', 'node3', { value: '2024.22' });
    expect((await runLabChecks(lab, { only: ['server.version'] })).statuses('server.version')).toEqual({ node1: 'pass', node2: 'pass', node3: 'fail' });
  });

  it('server.service-running and network.web-port: a service that will not start', async () => {
    await fault('no-start', 'node1');
    const run = await runLabChecks(lab, { only: ['server.service-running', 'network.web-port'] });
    expect(run.statuses('server.service-running')).toEqual({ node1: 'warn', node2: 'pass', node3: 'pass' });
    expect(run.statuses('network.web-port')).toEqual({ node1: 'fail', node2: 'pass', node3: 'pass' });
  });

  it('servers.hostnames-distinct and servers.node-count: one server listed twice', async () => {
    const run = await runLabChecks(lab, { only: ['servers.hostnames-distinct', 'servers.node-count'], change: (p) => ({ ...p, nodes: [...p.nodes, { ...p.nodes[0]!, id: 'node1-again' }] }) });
    expect(run.get('servers.hostnames-distinct')).toMatchObject({ status: 'fail', detail: 'node1 and node1-again all call themselves halab-node1' });
    expect(run.get('servers.node-count').status).toBe('pass');
    const six = await runLabChecks(lab, { only: ['servers.node-count'], change: (p) => ({ ...p, nodes: [0, 1, 2, 3, 4, 5].map((i) => ({ ...p.nodes[i % 3]!, id: `n${i}` })) }) });
    expect(six.get('servers.node-count')).toMatchObject({ status: 'warn' });
  });

  it('servers.clock: a node five minutes off is named', async () => {
    await fault('clock-skew', 'node2', { value: '300' });
    const run = await runLabChecks(lab, { only: ['servers.clock'] });
    expect(run.get('servers.clock').status).toBe('fail');
    expect(run.get('servers.clock').detail).toMatch(/node2 \+(299|300) s/);
  });

  it('network.messenger: a node whose port 33237 is blocked is a warning (Inedo: the messenger is nonessential)', async () => {
    await fault('block-port', 'node2', { value: '33237' });
    const run = await runLabChecks(lab, { only: ['network.messenger'] });
    expect(run.statuses('network.messenger')).toEqual({ node1: 'warn', node2: 'warn', node3: 'warn' });
    expect(run.get('network.messenger', 'node1').remedy).toMatch(/nonessential/);
    // Dropped, not refused: node2 printed nothing before the probe's timeout, which is read as no answer in time.
    expect(run.get('network.messenger', 'node1').detail).toMatch(/cannot reach node2 \(no answer in time/);
    expect(run.get('network.messenger', 'node1').detail).not.toMatch(/node3/);
  });

  it('load balancer: a URL where nothing listens, and a balancer whose every node is down', async () => {
    const nothing = await runLabChecks(lab, { only: ['load-balancer.reachable'], change: (p) => ({ ...p, loadBalancer: { ...p.loadBalancer, url: 'http://10.231.77.3:81' } }), connectTimeoutMs: 1500 });
    expect(nothing.get('load-balancer.reachable').status).toBe('fail');
    for (const n of lab.nodes) await fault('no-start', n.name);
    await waitFor('every node DOWN in HAProxy', async () => (Object.values(await haproxyServerStates()).every((s) => s.startsWith('DOWN')) ? true : undefined), 8000);
    const down = await runLabChecks(lab, { only: ['load-balancer.reachable', 'load-balancer.health'] });
    expect(down.get('load-balancer.reachable').status).toBe('pass');
    expect(down.get('load-balancer.health')).toMatchObject({ status: 'fail' });
  });
});
