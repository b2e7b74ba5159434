/**
 * Lab (issue 13, grow and shrink): a two-server cluster (node1 + node2, applied) grows by node3 and
 * shrinks again, through the lab's real HAProxy driven over its runtime API, while a bounded stream of
 * requests goes through the balancer. node3 starts "fresh" (a database of its own): refused until its
 * data may be left behind; then planned alone, applied, healthy, on the cluster's database and key,
 * and served by HAProxy only after its health gate. Removed again: drained, backed up, stopped, out of
 * the balancer, the others healthy throughout. The lab is restored after.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyPlan } from '../../electron/core/apply/apply';
import { createPlan } from '../../electron/core/apply/plan';
import { openBalancerControl } from '../../electron/core/balancer/open-balancer-control';
import { haproxyApiControl } from '../../electron/core/balancer/haproxy-api-control';
import { takeAddedIntoRotation } from '../../electron/core/cluster-change/apply-add';
import { planAdd } from '../../electron/core/cluster-change/plan-add';
import { removeNodeRun } from '../../electron/core/cluster-change/remove-node-run';
import { configFormatOf, parseProductConfig } from '../../electron/core/config/product-config';
import type { ApplyEvent } from '../../electron/shared/apply-schema';
import { parseProfile, type ClusterProfile } from '../../electron/shared/profile';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { backups, configFiles, restoreLab, type ConfigFiles } from '../wizard/lab-restore';
import { labProfile } from './lab-profile';
import { restartLoadBalancers, waitForAllUp } from './load-balancers';
import { failedRequests, servedCounts, startRequestLoop } from './request-loop';
import { sleep } from './run';

const lab = inject('lab');
const node3 = lab.nodes[2];
const settings = { connectTimeoutMs: 3000, checkTimeoutMs: 20_000, knownHostsPath: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json') };
const secrets = () => new SecretResolver(envFileSecretSource({ env: {} }));
const tool = { name: 'ha-wizard', version: 'test' };
const all: ClusterProfile = (() => {
  const raw = labProfile(lab, 'postgres');
  const r = parseProfile({ ...raw, loadBalancer: { ...raw.loadBalancer, access: { kind: 'haproxy-api', ...lab.loadBalancers.haproxyApi } } });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.profile;
})();
const two: ClusterProfile = { ...all, nodes: all.nodes.slice(0, 2) };
const node3Profile = all.nodes[2]!;
const backendsOf = (names: string[]) => lab.nodes.filter((n) => names.includes(n.name)).map((n) => ({ name: n.name, host: n.address, port: n.webPort }));
const stepsOf = (events: ApplyEvent[]) => events.flatMap((e) => (e.type === 'apply-step' && e.status !== 'started' ? [`${e.nodeId}:${e.step}:${e.status}`] : []));

let original: ConfigFiles;
beforeAll(async () => {
  original = configFiles();
  // The cluster before: node1 + node2 applied, and the balancer serving those two only.
  const plan = await createPlan({ profile: two, settings, secrets: secrets(), tool });
  const applied = await applyPlan({ plan, settings, secrets: secrets() });
  expect(applied.status).toBe('applied');
  await haproxyApiControl(all, lab.loadBalancers.haproxyApi).setMembers(backendsOf(['node1', 'node2']));
}, 180_000);
afterAll(async () => {
  await restoreLab(lab, original);
  await restartLoadBalancers(backendsOf(lab.nodes.map((n) => n.name)));
  await waitForAllUp(15_000);
}, 180_000);

describe('grow and shrink a running cluster, on the lab', () => {
  it('refuses node3 while it has a database of its own, naming it', async () => {
    const r = await planAdd({ profile: two, node: node3Profile, leaveDataBehind: false, settings, secrets: secrets(), tool });
    expect(r.plan).toBeNull();
    expect(r.refused).toMatch(/^node3 already has data of its own: it uses a database of its own \(\S+_node3 on /);
    expect(r.licenceNote).toBeNull();
    expect(configFiles()[node3!.name]).toEqual(original[node3!.name]);
  }, 60_000);

  it('adds node3 (its data left behind) and HAProxy serves it after its health gate, with no failed request; then removes it the same way', async () => {
    const loop = startRequestLoop(`${lab.loadBalancers.haproxy}/health`, { maxMs: 150_000, maxRequests: 6000 });
    await sleep(500);
    const r = await planAdd({ profile: two, node: node3Profile, leaveDataBehind: true, settings, secrets: secrets(), tool });
    expect(r.refused).toBeNull();
    expect(r.plan!.nodes.map((n) => [n.id, n.changed])).toEqual([['node3', true]]);
    expect(r.plan!.warnings.map((w) => `${w.nodeId}:${w.kind}`)).toEqual(['node3:database-moved']);

    const events: ApplyEvent[] = [];
    const onEvent = (e: ApplyEvent) => { events.push(e); };
    const applied = await applyPlan({ plan: r.plan!, settings, secrets: secrets(), onEvent, healthTimeoutMs: 60_000 });
    const gateAt = Date.now();
    const added = await takeAddedIntoRotation(applied, { nodeId: r.nodeId, grown: r.grown }, () => openBalancerControl({ profile: r.grown, secrets: secrets(), settings }), onEvent);
    const inRotationAt = Date.now();
    expect(added.status).toBe('applied');
    expect(added.reason).toBeNull();
    expect(stepsOf(events)).toEqual(['node3:backup:done', 'node3:write:done', 'node3:restart:done', 'node3:wait-healthy:done', 'node3:balancer:done']);
    // Its config carries the cluster's database and key: what node1's says, exactly.
    const after = configFiles();
    const read = (name: string) => parseProductConfig(after[name]!.toString('utf8'), configFormatOf(r.plan!.nodes[0]!.configPath), all.product);
    expect(read('node1').encryptionKey).toMatch(/^[0-9a-fA-F]{32}$/);
    expect(read('node3').encryptionKey).toBe(read('node1').encryptionKey);
    expect(read('node3').postgresConnectionString).toBe(read('node1').postgresConnectionString);
    expect(after[node3!.name]!.toString()).not.toContain('_node3');
    expect(backups().filter((b) => b.startsWith('node3/'))).toHaveLength(1);
    await sleep(2500);
    const addRecords = [...loop.records];
    const servedBeforeGate = servedCounts(addRecords.filter((x) => x.at < gateAt));
    const servedAfter = servedCounts(addRecords, inRotationAt);
    expect(servedBeforeGate[node3!.address] ?? 0).toBe(0);
    expect(servedAfter[node3!.address]).toBeGreaterThan(0);

    // Remove node3 again: drained, waited on, backed up, stopped, out of the balancer.
    const removeEvents: ApplyEvent[] = [];
    const removeStarted = Date.now();
    const removed = await removeNodeRun({ profile: r.grown, node: 'node3', drainTimeoutMs: 20_000, settings, secrets: secrets(), onEvent: (e) => { removeEvents.push(e); } });
    const removedAt = Date.now();
    expect(removed.status, removed.reason ?? '').toBe('applied');
    expect(stepsOf(removeEvents)).toEqual(['node3:drain:done', 'node3:wait-drained:done', 'node3:backup:done', 'node3:stop:done', 'node3:balancer:done']);
    expect(backups().filter((b) => b.startsWith('node3/')).length).toBe(2);
    const members = await haproxyApiControl(all, lab.loadBalancers.haproxyApi).members();
    expect(members.map((m) => m.node)).toEqual(['node1', 'node2']);
    expect(await fetch(`${node3!.url}/health`, { signal: AbortSignal.timeout(2000) }).then((x) => x.status, () => 0)).not.toBe(200);
    await sleep(1500);
    const records = await loop.stop();
    const duringRemove = records.filter((x) => x.at >= removeStarted && x.at <= removedAt).length;
    console.log(`grow/shrink: ${records.length} requests through HAProxy, ${failedRequests(records).length} failed; ${records.filter((x) => x.at < inRotationAt).length} during the add, ${duringRemove} during the removal; served after the add ${JSON.stringify(servedAfter)}; after the removal ${JSON.stringify(servedCounts(records, removedAt + 200))}`);
    expect(failedRequests(records)).toEqual([]);
    expect(records.length).toBeGreaterThanOrEqual(300);
    expect(servedCounts(records, removedAt + 200)[node3!.address] ?? 0).toBe(0);
  }, 240_000);
});
