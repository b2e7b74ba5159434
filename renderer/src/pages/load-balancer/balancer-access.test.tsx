/**
 * The Load balancer page's "Let the wizard drive the balancer" section (issue 13): the choices each
 * balancer type allows, validation at the field, what reaches the profile and its secrets, and Test
 * access (members in words, an error in words, an unknown SSH host key through the trust dialog).
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BalancerAnswer, CallInput } from '../../../../electron/shared/contract';
import type { LoadBalancerType } from '../../../../electron/shared/profile';
import { emptyNode } from '../../store/draft-types';
import { toProfile } from '../../store/profile-mapping';
import { wizard } from '../../store/wizard-store';
import { inputByLabel, installFakeEngine, renderPage } from '../../testing/fake-engine';
import LoadBalancerPage from '../load-balancer-page';

afterEach(cleanup);

const FP = 'SHA256:' + 'k'.repeat(43);
const DRIVEN: BalancerAnswer = {
  driven: true, how: 'HAProxy runtime API at 10.0.0.5:9999', manual: [],
  members: [
    { node: 'node1', state: 'ready', activeSessions: 2, detail: '' },
    { node: 'node2', state: 'drain', activeSessions: 1, detail: '' },
  ],
};

function open(type: LoadBalancerType = 'haproxy', members?: (i: CallInput<'balancer.members'>) => BalancerAnswer) {
  const engine = installFakeEngine({
    'loadBalancer.config': () => ({ files: [{ name: 'lb.cfg', language: 'haproxy', content: '# cfg' }], notes: [] }),
    ...(members ? { 'balancer.members': members } : {}),
  });
  renderPage(<LoadBalancerPage />, () => {
    wizard().setDraft({ nodes: ['node1', 'node2'].map((host) => ({ ...emptyNode('linux'), host, user: 'admin' })), loadBalancer: { type, url: '', sticky: false } });
    wizard().goTo('load-balancer');
  });
  return engine;
}
const choices = () => screen.queryAllByRole('radio').filter((r) => r.getAttribute('name') === 'kind').map((r) => (r as HTMLInputElement).value);
const type = (label: RegExp, value: string) => fireEvent.change(inputByLabel(label), { target: { value } });
const access = () => toProfile(wizard().draft, wizard().secrets);

describe('Let the wizard drive the balancer', () => {
  it('offers only the ways in the balancer type has: HAProxy all three, NGINX no runtime API, others a sentence', async () => {
    open('haproxy');
    expect(await screen.findByRole('heading', { name: 'Let the wizard drive the balancer (optional)' })).toBeTruthy();
    expect(choices()).toEqual(['none', 'haproxy-api', 'ssh']);
    expect((screen.getByRole('radio', { name: 'No: I run the balancer steps myself' }) as HTMLInputElement).checked).toBe(true);
    expect(access().profile.loadBalancer).not.toHaveProperty('access');
    cleanup();
    open('nginx');
    expect(choices()).toEqual(['none', 'ssh']);
    cleanup();
    open('f5');
    expect(choices()).toEqual([]);
    expect(screen.getByText(/cannot sign in to F5 BIG-IP: for every balancer step .* writes the exact steps/)).toBeTruthy();
  });

  it('a choice the new balancer type does not have falls back to "No"', async () => {
    open('haproxy');
    fireEvent.click(screen.getByRole('radio', { name: 'HAProxy’s runtime API' }));
    await waitFor(() => expect(wizard().draft.balancerAccess.kind).toBe('haproxy-api'));
    act(() => wizard().setDraft({ loadBalancer: { type: 'nginx', url: '', sticky: false } }));
    await waitFor(() => expect(wizard().draft.balancerAccess.kind).toBe('none'));
    expect(choices()).toEqual(['none', 'ssh']);
  });

  it('HAProxy runtime API: the stats socket note, field messages, then host and port in the profile', async () => {
    open('haproxy');
    fireEvent.click(screen.getByRole('radio', { name: 'HAProxy’s runtime API' }));
    expect(await screen.findByText(/stats socket ipv4@ADDRESS:PORT level admin/)).toBeTruthy();
    expect(screen.getByText(/no password: put it on a management network/)).toBeTruthy();
    type(/^Runtime API address/, 'admin@lb1:9999');
    type(/^Port/, '70000');
    expect(await screen.findByText(/A host name or IP address only/)).toBeTruthy();
    expect(await screen.findByText('A number from 1 to 65535')).toBeTruthy();
    type(/^Runtime API address/, ' 10.0.0.5 ');
    type(/^Port/, '9999');
    await waitFor(() => expect(screen.queryByText('A number from 1 to 65535')).toBeNull());
    expect(screen.queryByText(/A host name or IP address only/)).toBeNull();
    expect(access().profile.loadBalancer.access).toEqual({ kind: 'haproxy-api', host: '10.0.0.5', port: 9999 });
  });

  it('SSH login: the Servers page\'s sign-in fields; the password leaves as the lb:ssh secret, never in the draft', async () => {
    open('haproxy');
    fireEvent.click(screen.getByRole('radio', { name: 'An SSH login on the balancer’s host' }));
    type(/^Balancer’s host name/, 'lb1.corp');
    type(/^User/, 'root');
    // A required field left empty says so next to it.
    type(/^Configuration file on that host/, 'x');
    type(/^Configuration file on that host/, '');
    expect(await screen.findByText('Enter the path of the balancer’s configuration file on that host')).toBeTruthy();
    type(/^Configuration file on that host/, '/etc/haproxy/haproxy.cfg');
    type(/^Admin socket path/, '/run/haproxy/admin.sock');
    type(/^SSH port/, '22');
    type(/^Password/, 'lb-secret-pw');
    await waitFor(() => expect(access().secrets).toEqual({ 'lb:ssh': 'lb-secret-pw' }));
    expect(access().profile.loadBalancer.access).toEqual({
      kind: 'ssh', host: 'lb1.corp', port: 22, user: 'root', auth: { kind: 'password', password: { prompt: 'lb:ssh' } },
      configPath: '/etc/haproxy/haproxy.cfg', runtimeSocket: '/run/haproxy/admin.sock',
    });
    expect(JSON.stringify(wizard().draft)).not.toContain('lb-secret-pw');
    fireEvent.click(screen.getByRole('radio', { name: 'Private key' }));
    expect(await screen.findByRole('button', { name: 'Browse…' })).toBeTruthy();
    await waitFor(() => expect(access().secrets).toEqual({}));
  });

  it('Next waits while the chosen access is unfinished, and goes on once it is complete or "No" is chosen', async () => {
    open('haproxy');
    // Fluent's disabledFocusable: the button stays focusable and says it is disabled.
    const next = () => ({ disabled: screen.getByRole('button', { name: 'Next' }).getAttribute('aria-disabled') === 'true' });
    expect(next().disabled).toBe(false);
    fireEvent.click(screen.getByRole('radio', { name: 'An SSH login on the balancer’s host' }));
    await waitFor(() => expect(next().disabled).toBe(true));
    expect(screen.getByText(/Finish how the wizard reaches the balancer/)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'No: I run the balancer steps myself' }));
    await waitFor(() => expect(next().disabled).toBe(false));
    fireEvent.click(screen.getByRole('radio', { name: 'HAProxy’s runtime API' }));
    await waitFor(() => expect(next().disabled).toBe(true));
    type(/^Runtime API address/, '10.0.0.5');
    type(/^Port/, '9999');
    await waitFor(() => expect(next().disabled).toBe(false));
  });

  it('Test access shows each server\'s state at the balancer in words, asked with the access and its secret', async () => {
    const engine = open('haproxy', () => DRIVEN);
    fireEvent.click(screen.getByRole('radio', { name: 'HAProxy’s runtime API' }));
    type(/^Runtime API address/, '10.0.0.5');
    type(/^Port/, '9999');
    await waitFor(() => expect(wizard().draft.balancerAccess.port).toBe('9999'));
    fireEvent.click(screen.getByRole('button', { name: 'Test access' }));
    const table = await screen.findByRole('table', { name: 'Servers at the balancer' });
    const rows = within(table).getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual(['ServerAt the balancerOpen sessions', 'node1In rotation2', 'node2Draining1']);
    const input = engine.calls.find((c) => c.name === 'balancer.members')!.input as CallInput<'balancer.members'>;
    expect(input.profile.loadBalancer.access).toEqual({ kind: 'haproxy-api', host: '10.0.0.5', port: 9999 });
  });

  it('Test access that fails says why, in words', async () => {
    const engine = open('haproxy');
    engine.failCall['balancer.members'] = { kind: 'failed', message: 'connect ECONNREFUSED 10.0.0.5:9999: nothing listens there' };
    fireEvent.click(screen.getByRole('radio', { name: 'HAProxy’s runtime API' }));
    type(/^Runtime API address/, '10.0.0.5');
    type(/^Port/, '9999');
    fireEvent.click(screen.getByRole('button', { name: 'Test access' }));
    expect(await screen.findByText(/could not reach the balancer: .*nothing listens there/)).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('an unknown SSH host key goes through the trust dialog; accepted, it is pinned and the test runs again', async () => {
    let calls = 0;
    open('nginx', (i) => {
      calls += 1;
      if (calls === 1) throw new Error(`The host key of lb1.corp:2222 is not known yet (ssh-ed25519 ${FP}). Compare it with the server's key before accepting it.`);
      expect(i.acceptedHostKeys).toEqual({ 'lb1.corp:2222': FP });
      return { ...DRIVEN, how: 'nginx over SSH' };
    });
    fireEvent.click(screen.getByRole('radio', { name: 'An SSH login on the balancer’s host' }));
    type(/^Balancer’s host name/, 'lb1.corp');
    type(/^SSH port/, '2222');
    type(/^User/, 'root');
    fireEvent.click(screen.getByRole('radio', { name: 'SSH agent' }));
    type(/^Configuration file on that host/, '/etc/nginx/conf.d/proget.conf');
    expect(screen.queryByLabelText(/^Admin socket path/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Test access' }));
    expect((await screen.findByTestId('host-key-fingerprint')).textContent).toBe(FP);
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    expect(await screen.findByRole('table', { name: 'Servers at the balancer' })).toBeTruthy();
    expect(calls).toBe(2);
    expect(wizard().draft.balancerAccess.hostKeyFingerprint).toBe(FP);
    expect(access().profile.loadBalancer.access).toMatchObject({ kind: 'ssh', hostKeyFingerprint: FP, auth: { kind: 'agent' } });
  });
});
