import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallInput } from '../../../electron/shared/contract';
import { emptyNode } from '../store/draft-types';
import { wizard } from '../store/wizard-store';
import { inputByLabel, installFakeEngine, renderPage, result } from '../testing/fake-engine';
import LoadBalancerPage from './load-balancer-page';

afterEach(cleanup);

const atBalancer = () => {
  wizard().setDraft({ nodes: ['node1', 'node2'].map((host) => ({ ...emptyNode('linux'), host, user: 'admin' })) });
  wizard().goTo('load-balancer');
};
function balancerEngine() {
  return installFakeEngine({
    'loadBalancer.config': (input: CallInput<'loadBalancer.config'>) => ({
      files: [{ name: 'haproxy.cfg', language: 'haproxy', content: `# ${input.profile.loadBalancer.type} sticky=${String(input.profile.loadBalancer.sticky)} ${input.profile.nodes.map((n) => n.host).join(',')}` }],
      notes: ['Install it on the balancer.'],
    }),
  });
}
const configCalls = (e: ReturnType<typeof installFakeEngine>) => e.calls.filter((c) => c.name === 'loadBalancer.config').map((c) => c.input as CallInput<'loadBalancer.config'>);

describe('Load balancer page', () => {
  it('shows the engine\'s configuration for the draft, and asks again when the form changes', async () => {
    const engine = balancerEngine();
    renderPage(<LoadBalancerPage />, atBalancer);
    expect(await screen.findByText(/# haproxy sticky=false node1,node2/)).toBeTruthy();
    expect(screen.getByText('Install it on the balancer.')).toBeTruthy();
    // The balancer's name comes from the one shared list.
    expect(screen.getByRole('combobox').textContent).toContain('HAProxy');
    fireEvent.click(screen.getByRole('switch', { name: 'Sticky sessions' }));
    expect(await screen.findByText(/# haproxy sticky=true/)).toBeTruthy();
    expect(wizard().draft.loadBalancer.sticky).toBe(true);
    expect(configCalls(engine).at(-1)!.profile.loadBalancer).toEqual({ type: 'haproxy', sticky: true });
  });

  it('a URL that is not http(s) is refused and not sent; a good one is trimmed, sent, and can be tested', async () => {
    const engine = balancerEngine();
    engine.results = [result('load-balancer.health', 'pass', { area: 'load-balancer' })];
    renderPage(<LoadBalancerPage />, atBalancer);
    await screen.findByText(/# haproxy/);
    const url = inputByLabel(/^Its address/);
    fireEvent.change(url, { target: { value: 'proget.corp' } });
    expect(await screen.findByText('A web address starting with http:// or https://')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Test the load balancer' })).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Next' })));
    expect(wizard().step).toBe('load-balancer');
    fireEvent.change(url, { target: { value: ' https://proget.corp ' } });
    await waitFor(() => expect(wizard().draft.loadBalancer.url).toBe('https://proget.corp'));
    await waitFor(() => expect(configCalls(engine).at(-1)!.profile.loadBalancer.url).toBe('https://proget.corp'));
    fireEvent.click(screen.getByRole('button', { name: 'Test the load balancer' }));
    await waitFor(() => expect(engine.checkRuns()).toHaveLength(1));
    expect(engine.checkRuns()[0]!.only).toEqual(['load-balancer.reachable', 'load-balancer.health']);
  });

  it('an engine error is shown in words', async () => {
    installFakeEngine({ 'loadBalancer.config': () => { throw new Error('no nodes to balance'); } });
    renderPage(<LoadBalancerPage />, atBalancer);
    expect(await screen.findByText('no nodes to balance')).toBeTruthy();
  });
});
