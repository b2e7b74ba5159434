/**
 * Lab: apply behind the lab's real HAProxy, driven through its runtime API: every server is drained
 * before its restart and resumed after its health gate while a bounded request loop goes through the
 * balancer, and no request fails; the same apply without access, for comparison (counted, not
 * asserted). Then `ha-wizard node drain|resume` on node2: HAProxy says DRAIN then UP, node2 gets no new
 * request while drained, and no request fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { applyPlan } from '../../electron/core/apply/apply';
import type { ApplyEvent } from '../../electron/core/apply/apply-steps';
import { createPlan } from '../../electron/core/apply/plan';
import { haproxyApiControl } from '../../electron/core/balancer/haproxy-api-control';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { parseProfile, type ClusterProfile } from '../../electron/shared/profile';
import { runCli } from '../../electron/cli/cli-fixture';
import { editNodeConfig } from './check-helpers';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { haproxyServerStates, waitForAllUp } from './load-balancers';
import { serviceAction } from './nodes';
import { type RequestRecord, failedRequests, servedCounts, startRequestLoop } from './request-loop';
import { sleep, waitFor } from './run';

const lab = inject('lab');
const tool = { name: 'ha-wizard', version: 'test' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drain-lab-'));
const settings = () => ({ connectTimeoutMs: 3000, checkTimeoutMs: 20_000, knownHostsPath: path.join(dir, 'known_hosts.json') });
const secrets = () => new SecretResolver(envFileSecretSource({ env: {} }));
const raw = labProfile(lab);
const withAccess = { ...raw, loadBalancer: { ...raw.loadBalancer, access: { kind: 'haproxy-api' as const, ...lab.loadBalancers.haproxyApi } } };
function parsed(p: unknown): ClusterProfile {
  const r = parseProfile(p);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.profile;
}
const control = haproxyApiControl(parsed(withAccess), lab.loadBalancers.haproxyApi);
/** About 20 requests a second, capped at 2000 and at two minutes: the proof, not a load test. */
const loop = () => startRequestLoop(`${lab.loadBalancers.haproxy}/health`, { concurrency: 1, pauseMs: 50, maxRequests: 2000, maxMs: 120_000 });
const addressOf = (id: string) => lab.nodes.find((n) => n.name === id)!.address;

const state = readLabState()!;
const configOf = (n: (typeof state.nodes)[number]) => path.join(n.dir, 'config', state.configFileName);
const original = Object.fromEntries(state.nodes.map((n) => [n.name, fs.readFileSync(configOf(n))]));
const restores: Array<() => void> = [];

afterEach(async () => {
  while (restores.length) restores.pop()!();
  for (const n of state.nodes) {
    fs.writeFileSync(configOf(n), original[n.name]!);
    for (const f of fs.readdirSync(path.dirname(configOf(n))).filter((x) => x.includes('.ha-wizard-'))) fs.rmSync(path.join(path.dirname(configOf(n)), f));
  }
  for (const n of lab.nodes) await control.resume(n.name);
});
afterAll(async () => {
  for (const n of state.nodes) await serviceAction(n, 'restart');
  await waitForAllUp(15_000);
});

/** Every node gets a connection-string option the profile lacks, so the apply rewrites and restarts all three. */
async function applyAllThree(profile: ClusterProfile) {
  await waitForAllUp(15_000);
  for (const n of lab.nodes) restores.push(editNodeConfig(lab, n.name, (t) => t.replace(/(POSTGRES_CONNECTION_STRING=[^\n]*)/, '$1;Timeout=15')));
  const plan = await createPlan({ profile, settings: settings(), secrets: secrets(), tool, healthTimeoutMs: 30_000 });
  expect(plan.nodes.map((n) => n.changed)).toEqual([true, true, true]);
  const events: { at: number; e: ApplyEvent }[] = [];
  const requests = loop();
  const report = await applyPlan({ plan, settings: settings(), secrets: secrets(), healthTimeoutMs: 30_000, onEvent: (e) => void events.push({ at: Date.now(), e }) });
  const records = await requests.stop();
  return { plan, report, events, records };
}

const summary = (r: RequestRecord[]) => `${r.length} requests, ${failedRequests(r).length} failed (${[...new Set(failedRequests(r).map((x) => x.status ?? x.error))].join(', ') || 'none'})`;

describe('apply behind a balancer the wizard drives', () => {
  it('drains each server before its restart and resumes it after its health gate: no request through HAProxy fails', async () => {
    const { report, events, records } = await applyAllThree(parsed(withAccess));
    console.log(`apply WITH drain: ${summary(records)}; served ${JSON.stringify(servedCounts(records))}`);
    expect(report.status, report.reason ?? '').toBe('applied');
    for (const n of lab.nodes) {
      const steps = report.nodes.find((x) => x.id === n.name)!.steps.filter((s) => s.status === 'done').map((s) => s.step);
      expect(steps).toEqual(['backup', 'write', 'drain', 'wait-drained', 'restart', 'wait-healthy', 'resume']);
      // Between its drain and its resume, the server got no new request through the balancer.
      const at = (step: string) => events.find((x) => x.e.type === 'apply-step' && x.e.nodeId === n.name && x.e.step === step && x.e.status === 'done')!.at;
      const while_ = records.filter((r) => r.at > at('drain') + 200 && r.at < at('wait-healthy'));
      expect(while_.length).toBeGreaterThan(0);
      expect(servedCounts(while_)[addressOf(n.name)] ?? 0).toBe(0);
    }
    expect(failedRequests(records)).toEqual([]);
    // A server put back last may still be passing its first checks ("UP 1/2"): every one counts UP again shortly.
    expect(Object.values(await waitForAllUp(10_000))).toEqual(['UP', 'UP', 'UP']);
  });

  it('for comparison, the same apply without access to the balancer (counted, not asserted)', async () => {
    const { report, plan, records } = await applyAllThree(parsed(raw));
    console.log(`apply WITHOUT drain: ${summary(records)}; served ${JSON.stringify(servedCounts(records))}`);
    expect(report.status, report.reason ?? '').toBe('applied');
    expect(report.nodes.flatMap((n) => n.steps.map((s) => s.step))).not.toContain('drain');
    expect(plan.manualSteps.some((m) => m.detail.includes('with access to the balancer in the profile the wizard would take each server out of rotation first'))).toBe(true);
    expect(records.length).toBeGreaterThan(0);
  });
});

describe('ha-wizard node drain|resume on the lab', () => {
  it('takes node2 out (HAProxy says DRAIN, node2 gets nothing new) and back (UP), without a failed request', async () => {
    await waitForAllUp(15_000);
    const file = path.join(dir, 'profile.json');
    fs.writeFileSync(file, JSON.stringify(withAccess), { mode: 0o600 });
    const requests = loop();
    await sleep(1000);
    const drain = await runCli(['node', 'drain', '--profile', file, '--node', 'node2', '--json']);
    expect(drain.code, drain.stderr).toBe(0);
    const drainedAt = Date.now();
    expect(JSON.parse(drain.stdout)).toMatchObject({ driven: true, members: expect.arrayContaining([expect.objectContaining({ node: 'node2', state: 'drain' })]) });
    expect((await haproxyServerStates()).node2).toBe('DRAIN');
    await sleep(3000);
    const members = await runCli(['balancer', '--profile', file]);
    expect(members.stdout).toMatch(/node2\s+drained \(no new requests\)/);
    const resumeStartedAt = Date.now();
    const resume = await runCli(['node', 'resume', '--profile', file, '--node', 'node2']);
    expect(resume.code, resume.stderr).toBe(0);
    const resumedAt = Date.now();
    expect(resume.stdout).toMatch(/node2\s+in rotation/);
    await waitFor('node2 UP', async () => ((await haproxyServerStates()).node2 === 'UP' ? true : undefined), 5000);
    await sleep(1500);
    const records = await requests.stop();
    const during = servedCounts(records.filter((r) => r.at > drainedAt + 200 && r.at < resumeStartedAt));
    console.log(`node drain/resume via CLI: ${summary(records)}; while drained ${JSON.stringify(during)}; after ${JSON.stringify(servedCounts(records, resumedAt + 200))}`);
    expect(failedRequests(records)).toEqual([]);
    expect(Object.keys(during).length).toBe(2);
    expect(during[addressOf('node2')] ?? 0).toBe(0);
    expect(servedCounts(records, resumedAt + 200)[addressOf('node2')]).toBeGreaterThan(0);
  });
});
