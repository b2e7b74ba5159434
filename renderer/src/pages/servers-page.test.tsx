import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET } from '../store/draft-types';
import { SERVER_CHECKS } from '../store/scope-input';
import { wizard } from '../store/wizard-store';
import { inputByLabel, installFakeEngine, renderPage, result } from '../testing/fake-engine';
import ServersPage from './servers-page';

afterEach(cleanup);

const atServers = () => wizard().goTo('servers');
const type = (label: RegExp, value: string) => fireEvent.change(inputByLabel(label), { target: { value } });
const next = () => act(async () => fireEvent.click(screen.getByRole('button', { name: 'Next' })));
const FP = `SHA256:${'A'.repeat(43)}`;

function fillFirstServer() {
  type(/^Host name or IP address/, ' node1.corp ');
  type(/^User/, 'CORP\\admin');
  type(/^Password/, 'hunter2;"x');
}

describe('Servers page and its node editor', () => {
  it('a new cluster starts with one empty server open; Next names what is missing and connects to nothing', async () => {
    const engine = installFakeEngine();
    renderPage(<ServersPage />, atServers);
    expect(wizard().draft.nodes).toHaveLength(1);
    await next();
    expect(await screen.findByText('Finish the details of the new server.')).toBeTruthy();
    expect(await screen.findByText('Enter the server’s host name or IP address')).toBeTruthy();
    expect(screen.getByText('Enter the password for this user')).toBeTruthy();
    expect(engine.checkRuns()).toHaveLength(0);
  });

  it('the editor writes the server into the draft and its password into the secrets only; Next connects and moves on', async () => {
    const engine = installFakeEngine();
    engine.results = (run) => run.profile.nodes.map((n) => result('server.login', 'pass', { target: n.host }));
    renderPage(<ServersPage />, atServers);
    fillFirstServer();
    const [n] = wizard().draft.nodes;
    expect(n).toMatchObject({ host: ' node1.corp ', user: 'CORP\\admin', os: 'windows', authKind: 'password' });
    await waitFor(() => expect(wizard().secrets[SECRET.ssh(n!.key)]).toBe('hunter2;"x'));
    expect(JSON.stringify(wizard().draft)).not.toContain('hunter2');
    await next();
    await waitFor(() => expect(wizard().step).toBe('database'));
    const run = engine.checkRuns()[0]!;
    expect(run.only).toEqual(SERVER_CHECKS);
    expect(run.profile.nodes[0]).toMatchObject({ host: 'node1.corp', user: 'CORP\\admin', auth: { kind: 'password', password: { prompt: 'ssh:node1.corp' } } });
    expect(run.secrets).toEqual({ 'ssh:node1.corp': 'hunter2;"x' });
  });

  it('a host with user@ or :port is refused at the field', async () => {
    installFakeEngine();
    renderPage(<ServersPage />, atServers);
    type(/^Host name or IP address/, 'admin@node1:22');
    expect(await screen.findByText(/A host name or IP address only/)).toBeTruthy();
  });

  it('a Linux server needs its environment file and service command', async () => {
    installFakeEngine();
    renderPage(<ServersPage />, atServers);
    fillFirstServer();
    fireEvent.click(screen.getByRole('radio', { name: 'Linux / Docker' }));
    await next();
    expect(await screen.findByText('Linux/Docker nodes need the path of the environment file the product reads')).toBeTruthy();
    expect(screen.getByText('Linux/Docker nodes need the command that takes start, stop, restart and status')).toBeTruthy();
    type(/^Environment file/, '/etc/proget/proget.env');
    type(/^Service command/, '/usr/local/bin/proget-service');
    expect(wizard().draft.nodes[0]).toMatchObject({ os: 'linux', configPath: '/etc/proget/proget.env', serviceCommand: '/usr/local/bin/proget-service' });
  });

  it('switching the OS reaches the draft at once and clears the other OS\'s paths (it used to wait for another edit)', async () => {
    installFakeEngine();
    renderPage(<ServersPage />, atServers);
    fillFirstServer();
    fireEvent.click(screen.getByRole('radio', { name: 'Linux / Docker' }));
    await waitFor(() => expect(wizard().draft.nodes[0]!.os).toBe('linux'));
    type(/^Environment file/, '/etc/proget/proget.env');
    type(/^Service command/, '/usr/local/bin/proget-service');
    // Back to Windows as the last edit: without the fix the draft stayed Linux, with the Linux paths.
    fireEvent.click(screen.getByRole('radio', { name: 'Windows' }));
    await waitFor(() => expect(wizard().draft.nodes[0]).toMatchObject({ os: 'windows', configPath: '', serviceCommand: '' }));
  });

  it('two servers with the same name are named, and the second one is opened', async () => {
    const engine = installFakeEngine();
    renderPage(<ServersPage />, atServers);
    fillFirstServer();
    act(() => {
      const key = wizard().addNode();
      wizard().updateNode(key, { host: 'node1.corp', user: 'admin', authKind: 'agent' });
    });
    await next();
    expect(await screen.findByText(/Two servers are both called node1\.corp/)).toBeTruthy();
    expect(wizard().editingNode).toBe(wizard().draft.nodes[1]!.key);
    expect(engine.checkRuns()).toHaveLength(0);
  });

  it('an unknown host key is shown for review; accepting it pins it in the profile and connects again', async () => {
    const engine = installFakeEngine();
    engine.results = (run) => (run.acceptedHostKeys?.['node1.corp:22'] === FP
      ? [result('server.login', 'pass', { target: 'node1.corp' })]
      : [result('server.host-key', 'fail', { target: 'node1.corp', data: { verdict: 'unknown', fingerprint: FP, host: 'node1.corp', port: 22 } })]);
    renderPage(<ServersPage />, atServers);
    fillFirstServer();
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText('Trust this server’s host key?')).toBeTruthy();
    expect(screen.getByTestId('host-key-fingerprint').textContent).toBe(FP);
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(engine.checkRuns()).toHaveLength(2));
    expect(wizard().draft.nodes[0]!.hostKeyFingerprint).toBe(FP);
    expect(engine.checkRuns()[1]!.profile.nodes[0]!.hostKeyFingerprint).toBe(FP);
    await waitFor(() => expect(screen.queryByText('Trust this server’s host key?')).toBeNull());
  });
});
