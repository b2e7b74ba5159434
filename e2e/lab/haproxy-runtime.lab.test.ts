/**
 * The engine drives the lab's real HAProxy through its runtime API on a TCP address (as a profile's
 * `loadBalancer.access` gives it): members read back, one server drained and resumed, a member removed
 * and added again, each while a bounded stream of requests goes through the balancer without one failing.
 */
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { haproxyApiControl } from '../../electron/core/balancer/haproxy-api-control';
import { HAPROXY_BACKEND } from '../../electron/core/config/load-balancers/haproxy';
import { parseProfile } from '../../electron/shared/profile';
import { labProfile } from './lab-profile';
import { haproxyCommand, restartLoadBalancers, waitForAllUp } from './load-balancers';
import { failedRequests, servedCounts, startRequestLoop } from './request-loop';
import { sleep, waitFor } from './run';

const lab = inject('lab');
const profile = (() => {
  const raw = labProfile(lab, 'postgres');
  const r = parseProfile({ ...raw, loadBalancer: { ...raw.loadBalancer, access: { kind: 'haproxy-api', ...lab.loadBalancers.haproxyApi } } });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.profile;
})();
const control = haproxyApiControl(profile, lab.loadBalancers.haproxyApi);
const [, node2, node3] = lab.nodes;

describe('HAProxy runtime API control, on the lab', () => {
  afterEach(async () => {
    // Whatever a test left, every node is back in rotation and in the backend.
    await control.setMembers(lab.nodes.map((n) => ({ name: n.name, host: n.address, port: n.webPort })));
    for (const n of lab.nodes) await control.resume(n.name);
    await waitForAllUp(15_000);
  });
  // A server added at runtime does not take haproxy.cfg's default-server timings: the next files get the lab's own HAProxy.
  afterAll(async () => {
    await restartLoadBalancers(lab.nodes.map((n) => ({ name: n.name, host: n.address, port: n.webPort })));
    await waitForAllUp(15_000);
  });

  it('reads every member back, then drains node2 and resumes it without a failed request', async () => {
    await waitForAllUp();
    expect((await control.members()).map((m) => [m.node, m.state])).toEqual(lab.nodes.map((n) => [n.name, 'ready']));
    expect(control.how).toBe(`HAProxy runtime API at ${lab.loadBalancers.haproxyApi.host}:${lab.loadBalancers.haproxyApi.port}`);

    const loop = startRequestLoop(`${lab.loadBalancers.haproxy}/health`, { maxMs: 30_000 });
    await sleep(1000);
    await control.drain(node2!.name);
    const drainedAt = Date.now();
    expect((await control.members()).find((m) => m.node === node2!.name)).toMatchObject({ state: 'drain' });
    await sleep(2000);
    await control.resume(node2!.name);
    const resumedAt = Date.now();
    await sleep(1500);
    const records = await loop.stop();

    const during = servedCounts(records.filter((r) => r.at < resumedAt), drainedAt + 200);
    const after = servedCounts(records, resumedAt + 200);
    console.log(`drain/resume: ${records.length} requests, ${failedRequests(records).length} failed; while drained ${JSON.stringify(during)}; after ${JSON.stringify(after)}`);
    expect(failedRequests(records)).toEqual([]);
    expect(during[node2!.address] ?? 0).toBe(0);
    expect(Object.keys(during).length).toBe(2);
    expect(after[node2!.address]).toBeGreaterThan(0);
    expect((await control.members()).find((m) => m.node === node2!.name)).toMatchObject({ state: 'ready' });
  });

  it('takes node3 out of the backend and adds it again at runtime, without a failed request', async () => {
    await waitForAllUp();
    const loop = startRequestLoop(`${lab.loadBalancers.haproxy}/health`, { maxMs: 40_000 });
    await sleep(500);
    const others = lab.nodes.filter((n) => n !== node3).map((n) => ({ name: n.name, host: n.address, port: n.webPort }));
    await control.setMembers(others);
    const removedAt = Date.now();
    expect((await control.members()).map((m) => m.node)).toEqual(others.map((o) => o.name));
    expect(await haproxyCommand(`show servers state ${HAPROXY_BACKEND}`)).not.toContain(node3!.name);
    await sleep(1500);
    await control.setMembers(lab.nodes.map((n) => ({ name: n.name, host: n.address, port: n.webPort })));
    const addedAt = Date.now();
    // Two passing health checks (rise 2, 1 s apart) before HAProxy sends it anything.
    await waitFor('node3 UP again', async () => ((await control.members()).find((m) => m.node === node3!.name)?.state === 'ready' ? true : undefined), 8000);
    const upAt = Date.now();
    await sleep(2000);
    const records = await loop.stop();
    const removed = servedCounts(records.filter((r) => r.at < addedAt), removedAt + 200);
    console.log(`remove/add: ${records.length} requests, ${failedRequests(records).length} failed; while removed ${JSON.stringify(removed)}`);
    expect(failedRequests(records)).toEqual([]);
    expect(removed[node3!.address] ?? 0).toBe(0);
    expect(servedCounts(records, upAt)[node3!.address]).toBeGreaterThan(0);
  });

  it('refuses a server that is not in the cluster, naming the ones that are, and changes nothing', async () => {
    await expect(control.drain('node9')).rejects.toThrow(`no server "node9" in this cluster (its servers: ${lab.nodes.map((n) => n.name).join(', ')})`);
    expect((await control.members()).every((m) => m.state === 'ready')).toBe(true);
  });
});
