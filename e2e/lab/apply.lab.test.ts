/**
 * Lab: apply changes a real cluster and never leaves it worse: a fault on node 2 of 3 leaves every
 * file byte-identical to before and every node healthy; a wrong host key or a file changed since the
 * plan changes nothing; a second apply does nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { applyPlan } from '../../electron/core/apply/apply';
import type { ApplyEvent } from '../../electron/core/apply/apply-steps';
import { createPlan } from '../../electron/core/apply/plan';
import { listSettings, setSetting } from '../../electron/core/apply/settings-api';
import { parseProfile, type ClusterProfile } from '../../electron/shared/profile';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { editNodeConfig } from './check-helpers';
import { injectFault, type FaultKind } from './faults';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { serviceAction } from './nodes';
import { getJson } from './test-helpers';

const lab = inject('lab');
const cleanups: Array<() => Promise<unknown> | unknown> = [];
const knownHostsPath = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json');
const settings = () => ({ connectTimeoutMs: 3000, checkTimeoutMs: 20_000, knownHostsPath: knownHostsPath() });
const secrets = () => new SecretResolver(envFileSecretSource({ env: {} }));
const tool = { name: 'ha-wizard', version: 'test' };

function configFiles(): Record<string, Buffer> {
  const state = readLabState()!;
  return Object.fromEntries(state.nodes.map((n) => [n.name, fs.readFileSync(path.join(n.dir, 'config', state.configFileName))]));
}
function backups(): string[] {
  const state = readLabState()!;
  return state.nodes.flatMap((n) => fs.readdirSync(path.join(n.dir, 'config')).filter((f) => f.includes('.ha-wizard-')).map((f) => `${n.name}/${f}`));
}
async function allHealthy(): Promise<boolean> {
  return (await Promise.all(lab.nodes.map((n) => getJson(`${n.url}/health`).catch(() => ({ status: 0 }))))).every((r) => r.status === 200);
}
function profile(): ClusterProfile {
  const p = parseProfile(labProfile(lab));
  if (!p.ok) throw new Error('lab profile invalid');
  return p.profile;
}

let original: Record<string, Buffer>;
let before: Record<string, Buffer>;
beforeAll(() => {
  original = configFiles();
});
beforeEach(() => {
  // node1 gets a connection-string option the profile does not have, so all three nodes change and
  // node 2 is the second one touched.
  cleanups.push(editNodeConfig(lab, 'node1', (t) => t.replace(/(POSTGRES_CONNECTION_STRING=[^\n]*)/, '$1;Timeout=15')));
  before = configFiles();
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
  // Whatever a test did, the lab goes back to its own files, running them.
  const state = readLabState()!;
  for (const n of state.nodes) {
    fs.writeFileSync(path.join(n.dir, 'config', state.configFileName), original[n.name]!);
    for (const f of fs.readdirSync(path.join(n.dir, 'config')).filter((x) => x.includes('.ha-wizard-'))) fs.rmSync(path.join(n.dir, 'config', f));
    await serviceAction(n, 'restart');
  }
});

/** Runs a plan and an apply, with faults set and cleared at the given apply events. */
async function planAndApply(hooks: { at: (e: ApplyEvent) => boolean; run: () => Promise<unknown> }[] = [], healthTimeoutMs = 8000) {
  const plan = await createPlan({ profile: profile(), settings: settings(), secrets: secrets(), tool, healthTimeoutMs });
  const events: ApplyEvent[] = [];
  const report = await applyPlan({
    plan, settings: settings(), secrets: secrets(), healthTimeoutMs,
    onEvent: async (e) => {
      events.push(e);
      for (const h of hooks) if (h.at(e)) await h.run();
    },
  });
  return { plan, report, events };
}
const on = (nodeId: string, step: string, status: string) => (e: ApplyEvent) => e.type === 'apply-step' && e.nodeId === nodeId && e.step === step && e.status === status;
const fault = (kind: FaultKind, node: string, value?: string) => async () => {
  await injectFault(kind, node, value ? { value } : {});
  cleanups.push(() => injectFault(kind, node, { clear: true }));
};
const clear = (kind: FaultKind, node: string) => () => injectFault(kind, node, { clear: true });

describe('apply', () => {
  it('plans and applies the cluster: one database and one key everywhere, each node healthy, then a second apply does nothing', async () => {
    // Settings live in the lab's database and outlive a test: start from values the plan must change.
    for (const name of ['Storage.PackagesRootPath', 'Web.BaseUrl']) await setSetting(lab.nodes[0]!.url, lab.apiKey, name, 'before-the-wizard', 3000, { allowHttp: true });
    const { plan, report } = await planAndApply();
    expect(plan.settings.map((s) => [s.name, s.current, s.how])).toEqual([['Storage.PackagesRootPath', 'before-the-wizard', 'api'], ['Web.BaseUrl', 'before-the-wizard', 'api']]);
    expect(plan.nodes.map((n) => n.changed)).toEqual([true, true, true]);
    expect(plan.encryptionKey).toMatchObject({ decision: 'keep' });
    expect(plan.nodes[1]!.diff).toContain('+PROGET_ENCRYPTION_KEY=********');
    expect(JSON.stringify(plan)).not.toContain(lab.databases.postgres.password);
    expect(report.status).toBe('applied');
    expect(report.nodes.map((n) => n.result)).toEqual(['changed', 'changed', 'changed']);
    const after = configFiles();
    const keys = Object.values(after).map((b) => /PROGET_ENCRYPTION_KEY=(\w+)/.exec(b.toString())?.[1]);
    expect(new Set(keys).size).toBe(1);
    expect(Object.values(after).every((b) => b.toString().includes('Database=proget;'))).toBe(true);
    expect(await allHealthy()).toBe(true);
    expect(backups()).toHaveLength(3);
    expect(report.settings.map((s) => [s.name, s.status])).toEqual([['Storage.PackagesRootPath', 'set'], ['Web.BaseUrl', 'set']]);
    expect((await listSettings(lab.nodes[2]!.url, lab.apiKey, 3000, { allowHttp: true })).find((x) => x.name === 'Web.BaseUrl')?.value).toBe(lab.loadBalancers.haproxy);

    const again = await createPlan({ profile: profile(), settings: settings(), secrets: secrets(), tool });
    expect(again.noChange).toBe(true);
    expect((await applyPlan({ plan: again, settings: settings(), secrets: secrets() })).status).toBe('nothing-to-do');
    expect(configFiles()).toEqual(after);
  });

  it.each([
    ['the service will not start', [{ at: on('node2', 'restart', 'started'), run: fault('no-start', 'node2') }, { at: on('node2', 'rollback', 'started'), run: clear('no-start', 'node2') }]],
    ['its /health stays Error', [{ at: on('node2', 'write', 'done'), run: fault('block-port', 'node2', '5432') }, { at: on('node2', 'rollback', 'started'), run: clear('block-port', 'node2') }]],
    ['the link is lost', [{ at: on('node2', 'wait-healthy', 'started'), run: fault('link-down', 'node2') }, { at: on('node2', 'rollback', 'started'), run: clear('link-down', 'node2') }]],
    ['the disk is full', [{ at: on('node1', 'wait-healthy', 'done'), run: fault('disk-full', 'node2') }]],
    ['the write is denied', [{ at: on('node1', 'wait-healthy', 'done'), run: fault('deny-write', 'node2') }]],
  ])('on node 2 of 3, when %s, every node is restored byte for byte and healthy', async (_name, hooks) => {
    const { report } = await planAndApply(hooks, 5000);
    expect(report.status, JSON.stringify(report, null, 1)).toBe('rolled-back');
    expect(report.nodes.find((n) => n.id === 'node3')!.result).toBe('untouched');
    expect(report.nodes.find((n) => n.id === 'node1')!.result).toBe('restored');
    while (cleanups.length > 1) await cleanups.pop()?.();
    expect(configFiles()).toEqual(before);
    expect(await allHealthy()).toBe(true);
  });

  it('a rollback that itself fails says exactly what is left and how to finish it by hand', async () => {
    const { report } = await planAndApply([{ at: on('node2', 'restart', 'started'), run: fault('no-start', 'node2') }], 4000);
    expect(report.status).toBe('rollback-failed');
    const node2 = report.nodes.find((n) => n.id === 'node2')!;
    expect(node2.result).toBe('rollback-failed');
    // The file is back already: the step says so and only asks for the service (never "copy the backup over" it).
    expect(node2.manual).toMatch(/^On node2 \(10\.231\.77\.12\): \/srv\/ha-wizard-lab\/node\/config\/proget\.env is already back as it was before apply; only the service did not start\. Find why in the service's log below, then restart the product's service \(.+ restart\) and check http:\/\/10\.231\.77\.12:\d+\/health\.$/);
    expect(node2.log).toMatch(/^the service did not start: /);
    expect(report.nodes.find((n) => n.id === 'node1')!.result).toBe('restored');
    // The file itself is back; only the service could not be brought up.
    expect(configFiles().node2).toEqual(before.node2);
  });

  it('a changed host key on node3 refuses the apply before anything is touched', async () => {
    const plan = await createPlan({ profile: profile(), settings: settings(), secrets: secrets(), tool });
    await fault('host-key', 'node3')();
    const report = await applyPlan({ plan, settings: settings(), secrets: secrets() });
    expect(report.status).toBe('refused');
    expect(report.reason).toMatch(/node3: .*CHANGED/);
    expect(configFiles()).toEqual(before);
    expect(backups()).toEqual([]);
  });

  it('a file changed since the plan refuses the apply, naming it', async () => {
    const plan = await createPlan({ profile: profile(), settings: settings(), secrets: secrets(), tool });
    cleanups.push(editNodeConfig(lab, 'node2', (t) => `${t}# edited by someone\n`));
    const report = await applyPlan({ plan, settings: settings(), secrets: secrets() });
    expect(report).toMatchObject({ status: 'refused' });
    expect(report.reason).toContain('node2: /srv/ha-wizard-lab/node/config/proget.env changed since the plan');
    expect(backups()).toEqual([]);
  });
});
