/**
 * The balancer's calls over a fake BalancerControl (no network): members read back, drain and resume
 * confirmed by reading again, an unknown server refused with the profile's servers, and without access
 * nothing changed and the manual step given.
 */
import { describe, expect, it } from 'vitest';
import { ProfileSchema, type ClusterProfile } from '../../shared/profile';
import { DEFAULT_SETTINGS } from '../run/engine-settings';
import { SecretResolver, envFileSecretSource } from '../secrets';
import { FakeBalancer } from '../balancer/testing/fake-balancer';
import { balancerCalls } from './balancer-calls';
import { RefusedError } from './dispatcher';

const node = (id: string, i: number) => ({ id, host: `10.0.0.${i + 1}`, user: 'admin', os: 'linux', auth: { kind: 'password', password: { prompt: `ssh:${id}` } }, configPath: '/etc/proget.env' });
function profile(access: boolean): ClusterProfile {
  return ProfileSchema.parse({
    version: 1, product: 'proget', nodes: ['node1', 'node2', 'node3'].map(node),
    database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget', password: { prompt: 'db' } },
    storage: { path: '/var/proget/packages' },
    loadBalancer: { type: 'haproxy', ...(access ? { access: { kind: 'haproxy-api', host: '10.0.0.9', port: 9999 } } : {}) },
  });
}
const reach = { secrets: {}, allowLocalSecrets: [], acceptedHostKeys: {} };

function calls(balancer: FakeBalancer | null, rotated: string[] = []) {
  let opened = 0;
  const handlers = balancerCalls({
    onRotated: (_p, n, action, how) => rotated.push(`${action} ${n} (${how})`),
    resolver: () => new SecretResolver(envFileSecretSource({ env: {} })),
    settings: (k) => ({ ...DEFAULT_SETTINGS, knownHostsPath: '', acceptedHostKeys: k }),
    open: async (p) => {
      opened++;
      return p.loadBalancer.access ? balancer : null;
    },
  });
  return { handlers, opened: () => opened };
}

describe('balancer calls', () => {
  it('balancer.members reads every member back from the balancer, and closes it', async () => {
    const lb = new FakeBalancer(['node1', 'node2', 'node3']);
    lb.states.set('node3', 'down');
    const a = await calls(lb).handlers['balancer.members']({ profile: profile(true), ...reach });
    expect(a.driven).toBe(true);
    expect(a.how).toBe('a fake balancer');
    expect(a.members.map((m) => [m.node, m.state])).toEqual([['node1', 'ready'], ['node2', 'ready'], ['node3', 'down']]);
    expect(lb.closed).toBe(true);
  });

  it('node.drain takes only that server out, and answers with the state read back', async () => {
    const lb = new FakeBalancer(['node1', 'node2', 'node3']);
    const a = await calls(lb).handlers['node.drain']({ profile: profile(true), node: 'node2', ...reach });
    expect(lb.journal).toEqual(['balancer drain node2']);
    expect(a.members.map((m) => [m.node, m.state])).toEqual([['node1', 'ready'], ['node2', 'drain'], ['node3', 'ready']]);
    const b = await calls(lb).handlers['node.resume']({ profile: profile(true), node: 'node2', ...reach });
    expect(lb.journal).toEqual(['balancer drain node2', 'balancer resume node2']);
    expect(b.members.find((m) => m.node === 'node2')!.state).toBe('ready');
  });

  it('tells the cluster\'s history each server it took out or put back, and nothing when it could not drive the balancer', async () => {
    const lb = new FakeBalancer(['node1', 'node2', 'node3']);
    const rotated: string[] = [];
    await calls(lb, rotated).handlers['node.drain']({ profile: profile(true), node: 'node2', ...reach });
    await calls(lb, rotated).handlers['node.resume']({ profile: profile(true), node: 'node2', ...reach });
    await calls(null, rotated).handlers['node.drain']({ profile: profile(false), node: 'node1', ...reach });
    expect(rotated).toEqual(['drain node2 (a fake balancer)', 'resume node2 (a fake balancer)']);
  });

  it('fails when the balancer does not show the change when read back', async () => {
    const lb = new FakeBalancer(['node1', 'node2', 'node3']);
    lb.faults.add('drain-ignored');
    const h = balancerCalls({
      resolver: () => new SecretResolver(envFileSecretSource({ env: {} })),
      settings: (k) => ({ ...DEFAULT_SETTINGS, knownHostsPath: '', acceptedHostKeys: k }),
      open: async () => lb,
    });
    const started = Date.now();
    await expect(h['node.drain']({ profile: profile(true), node: 'node2', ...reach })).rejects.toThrow(/still shows node2 as ready after draining/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    expect(lb.closed).toBe(true);
  }, 15_000);

  it('refuses a server the profile does not have, naming its servers, without opening the balancer', async () => {
    const lb = new FakeBalancer(['node1', 'node2', 'node3']);
    const c = calls(lb);
    const e = await c.handlers['node.drain']({ profile: profile(true), node: 'node9', ...reach }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RefusedError);
    expect((e as Error).message).toBe('There is no server "node9" in this profile; its servers are node1, node2, node3.');
    expect(c.opened()).toBe(0);
    expect(lb.journal).toEqual([]);
  });

  it('without access: not driven, nothing changed, and the exact step to run at the balancer', async () => {
    const lb = new FakeBalancer(['node1', 'node2', 'node3']);
    const a = await calls(lb).handlers['node.drain']({ profile: profile(false), node: 'node2', ...reach });
    expect(a.driven).toBe(false);
    expect(a.members).toEqual([]);
    expect(a.manual).toHaveLength(1);
    expect(a.manual[0]!.title).toBe('Take node2 out of rotation at HAProxy');
    expect(a.manual[0]!.detail).toContain('set server inedo_nodes/node2 state drain');
    const r = await calls(lb).handlers['node.resume']({ profile: profile(false), node: 'node2', ...reach });
    expect(r.manual[0]!.detail).toContain('set server inedo_nodes/node2 state ready');
    expect((await calls(lb).handlers['balancer.members']({ profile: profile(false), ...reach })).driven).toBe(false);
    expect(lb.journal).toEqual([]);
  });
});

describe('balancer calls through the service', () => {
  it('are handled (no longer refused as not built): an unknown server is refused with the list; without access, the manual step', async () => {
    const { fakeService, PROFILE } = await import('./testing/service-fakes');
    const { service } = fakeService({});
    expect(await service.call('node.drain', { profile: PROFILE, node: 'nope' })).toEqual({ ok: false, error: { kind: 'refused', message: 'There is no server "nope" in this profile; its servers are n1.' } });
    const r = await service.call('node.resume', { profile: PROFILE, node: 'n1' });
    expect(r).toMatchObject({ ok: true, value: { driven: false, members: [], manual: [{ title: 'Put n1 back into rotation at HAProxy' }] } });
    expect(await service.call('balancer.members', { profile: PROFILE })).toMatchObject({ ok: true, value: { driven: false } });
  });
});
