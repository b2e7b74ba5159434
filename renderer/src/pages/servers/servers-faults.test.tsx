/**
 * Issue 11, items 1 and 19: a failed Connect says why and what to do at once, inside the open editor,
 * next to the field at fault; a new server card shows no errors before the admin types, and offers the
 * previous server's sign-in instead of copying it (a password only by its own button).
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET } from '../../store/draft-types';
import { wizard } from '../../store/wizard-store';
import { inputByLabel, installFakeEngine, renderPage, result } from '../../testing/fake-engine';
import ServersPage from '../servers-page';

afterEach(cleanup);

const atServers = () => wizard().goTo('servers');
const type = (label: RegExp, value: string) => fireEvent.change(inputByLabel(label), { target: { value } });
/** The message a field's own Field shows under it (its input's aria-describedby). */
const messageAt = (label: RegExp) => {
  const ids = (inputByLabel(label).getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
};

function fill(host = 'node1.corp') {
  type(/^Host name or IP address/, host);
  type(/^User/, 'CORP\\admin');
  type(/^Password/, 'hunter2');
}

async function connectWith(results: ReturnType<typeof result>[]) {
  const engine = installFakeEngine();
  engine.results = () => results;
  renderPage(<ServersPage />, atServers);
  fill();
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
  await waitFor(() => expect(screen.getByRole('button', { name: 'Connect again' })).toBeTruthy());
  return engine;
}

describe('a failed Connect is explained inside the editor, at the field at fault', () => {
  it('a rejected password: reason and remedy under the Password field, editor still open', async () => {
    await connectWith([
      result('server.reachable', 'pass', { target: 'node1.corp' }),
      result('server.login', 'fail', { target: 'node1.corp', detail: 'CORP\\admin could not log in: the server rejected the credentials', remedy: 'Check the user name and the password given for this server.', data: { field: 'password' } }),
    ]);
    expect(screen.getByRole('button', { name: 'Done' })).toBeTruthy();
    const at = messageAt(/^Password/);
    expect(at).toContain('CORP\\admin could not log in: the server rejected the credentials.');
    expect(at).toContain('What to do: Check the user name and the password given for this server.');
    expect(messageAt(/^Host name or IP address/)).not.toContain('could not log in');
  });

  it('an address that does not answer: under the host; a refused port: under the port', async () => {
    await connectWith([result('server.reachable', 'fail', { target: 'node1.corp', detail: 'no answer from node1.corp:22 within 10 s', remedy: 'Check that the server is on.', data: { field: 'host' } })]);
    expect(messageAt(/^Host name or IP address/)).toContain('No answer from node1.corp:22 within 10 s. What to do: Check that the server is on.');
    cleanup();
    await connectWith([result('server.reachable', 'fail', { target: 'node1.corp', detail: 'nothing listens on port 22', remedy: 'Start sshd.', data: { field: 'port' } })]);
    expect(messageAt(/^SSH port/)).toContain('Nothing listens on port 22. What to do: Start sshd.');
    expect(messageAt(/^Host name or IP address/)).toBe('');
  });

  it('a problem with no field on screen is listed in the editor, with its remedy', async () => {
    await connectWith([
      result('server.login', 'pass', { target: 'node1.corp' }),
      result('server.product-installed', 'fail', { target: 'node1.corp', title: 'Product is installed', detail: 'no ProGet service on node1', remedy: 'Install ProGet on this server first.' }),
      // The key file's field is not shown while the server signs in with a password.
      result('server.login', 'fail', { target: 'node1.corp', title: 'Logged in', detail: 'the key could not be read', remedy: 'Choose another key.', data: { field: 'keyPath' } }),
    ]);
    expect(screen.getByRole('button', { name: 'Done' })).toBeTruthy();
    const bar = (title: string) => screen.getByText(title).closest('.fui-MessageBar')?.textContent ?? '';
    expect(bar('Product is installed')).toBe('Product is installedno ProGet service on node1What to do: Install ProGet on this server first.');
    expect(bar('Logged in')).toContain('the key could not be read');
  });

  it('a remedy with references is said in the app\'s words, at the field and in the list (never a profile field)', async () => {
    await connectWith([
      result('server.login', 'fail', { target: 'node1.corp', detail: 'rejected', remedy: ['Check ', { ref: 'node.service-command' }, ', then ', { ref: 'rerun' }, '.'], data: { field: 'password' } }),
      result('server.product-installed', 'fail', { target: 'node1.corp', title: 'Product is installed', detail: 'no service', remedy: ['Fix ', { ref: 'node.config-path' }, '.'] }),
    ]);
    expect(messageAt(/^Password/)).toContain('What to do: Check the Service command field of this server on the Servers page, then press “Connect again”.');
    const bar = screen.getByText('Product is installed').closest('.fui-MessageBar')?.textContent ?? '';
    expect(bar).toContain('What to do: Fix the Environment file field of this server on the Servers page.');
    expect(document.body.textContent).not.toMatch(/\[object Object\]|serviceCommand|configPath/);
  });

  it('typing into the form after the failure clears it until the next Connect', async () => {
    await connectWith([result('server.login', 'fail', { target: 'node1.corp', detail: 'rejected', remedy: 'Retype it.', data: { field: 'password' } })]);
    expect(messageAt(/^Password/)).toContain('Rejected.');
    type(/^Password/, 'hunter3');
    await waitFor(() => expect(messageAt(/^Password/)).toBe(''));
  });
});

describe('a new server card', () => {
  it('shows no errors before the admin types, even after Next found another one incomplete', async () => {
    installFakeEngine();
    renderPage(<ServersPage />, atServers);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Next' })));
    expect(await screen.findByText('Enter the server’s host name or IP address')).toBeTruthy();
    fill();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add server' })));
    expect(wizard().editingNode).toBe(wizard().draft.nodes[1]!.key);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByText('Enter the server’s host name or IP address')).toBeNull();
    expect(screen.queryByText('Enter the user to log in as')).toBeNull();
    expect(screen.queryByText('Enter the password for this user')).toBeNull();
  });

  it('offers the previous server\'s sign-in; nothing is copied until the admin clicks, the password only by its own button', async () => {
    installFakeEngine();
    renderPage(<ServersPage />, atServers);
    fill();
    fireEvent.click(screen.getByRole('radio', { name: 'Private key' }));
    type(/^Private key file/, '/home/me/.ssh/id_ed25519');
    fireEvent.click(screen.getByRole('radio', { name: 'Password' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add server' })));
    const second = () => wizard().draft.nodes[1]!;
    expect(second()).toMatchObject({ user: '', authKind: 'password', keyPath: '' });
    expect(screen.getByTestId('reuse-login').textContent).toContain('Sign in as on node1.corp? User CORP\\admin with a password.');
    fireEvent.click(screen.getByRole('button', { name: 'Use the same sign-in' }));
    await waitFor(() => expect(second()).toMatchObject({ user: 'CORP\\admin', authKind: 'password' }));
    expect(wizard().secrets[SECRET.ssh(second().key)]).toBeUndefined();
    expect(screen.queryByTestId('reuse-login')).toBeNull();

    // A third server: this time with the password, by the button that says so.
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Done' })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add server' })));
    const third = () => wizard().draft.nodes[2]!;
    expect(screen.queryByRole('button', { name: 'Use the same sign-in and password' })).toBeNull();
    wizard().setSecret(SECRET.ssh(second().key), 'hunter2');
    fireEvent.click(await screen.findByRole('button', { name: 'Use the same sign-in and password' }));
    await waitFor(() => expect(wizard().secrets[SECRET.ssh(third().key)]).toBe('hunter2'));
    expect(third()).toMatchObject({ user: 'CORP\\admin', authKind: 'password' });
  });
});
