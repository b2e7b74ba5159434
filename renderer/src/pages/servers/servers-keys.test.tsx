/**
 * Issue 11, items 3 and 17 on the Servers page: a changed host key explains itself and can be trusted
 * only by typing the end of the NEW fingerprint (then the engine replaces it and the wizard connects
 * again); "Prepare a Windows server" shows each version's script with this computer's key, or says
 * there is a placeholder, and saves it as a .ps1.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PUBLIC_KEY_PLACEHOLDER, windowsPrepScript } from '../../../../electron/shared/windows-prep';
import { wizard } from '../../store/wizard-store';
import { inputByLabel, installFakeEngine, renderPage, result } from '../../testing/fake-engine';
import ServersPage from '../servers-page';

afterEach(cleanup);

const OLD = `SHA256:${'o'.repeat(43)}`;
const NEW = `SHA256:${'n'.repeat(37)}Xy12Z9`;
const type = (label: RegExp, value: string) => fireEvent.change(inputByLabel(label), { target: { value } });

function fill() {
  type(/^Host name or IP address/, 'node2.corp');
  type(/^User/, 'admin');
  type(/^Password/, 'pw');
}

describe('a changed host key', () => {
  it('a report whose fingerprint is not text (a damaged or older engine\'s) still shows the warning, with the key as unknown', async () => {
    const engine = installFakeEngine();
    engine.results = [result('server.host-key', 'fail', { target: 'node2.corp', data: { verdict: 'changed', fingerprint: { sha256: 'x' }, expected: 7, host: 'node2.corp' } })];
    renderPage(<ServersPage />, () => wizard().goTo('servers'));
    fill();
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    const title = await screen.findByText('The server’s host key changed');
    expect(title.parentElement?.textContent).toMatch(/Expected \(unknown\), but the server presented \(unknown\)\./);
  });

  it('says what it can mean and how to compare; trusting the new key needs its last 6 characters, then connects again with it pinned', async () => {
    const replaced: unknown[] = [];
    const engine = installFakeEngine({
      'hostKey.replace': (i) => {
        replaced.push(i);
        return { replaced: true, fingerprint: i.presented };
      },
    });
    engine.results = (run) => (run.profile.nodes[0]!.hostKeyFingerprint === NEW
      ? [result('server.login', 'pass', { target: 'node2.corp' })]
      : [result('server.host-key', 'fail', { target: 'node2.corp', data: { verdict: 'changed', fingerprint: NEW, expected: OLD, host: 'node2.corp', port: 22 } })]);
    renderPage(<ServersPage />, () => wizard().goTo('servers'));
    fill();
    act(() => wizard().updateNode(wizard().draft.nodes[0]!.key, { hostKeyFingerprint: OLD }));
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Compare and decide…' }));
    const dialog = screen.getByRole('dialog', { name: 'The host key of node2.corp changed' });
    const text = dialog.textContent ?? '';
    expect(text).toContain('the server was reinstalled, or its SSH host keys were regenerated');
    expect(text).toContain('someone between this computer and the server is answering in its place');
    expect(text).toContain('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    expect(text).toContain('Get-ChildItem $env:ProgramData\\ssh\\ssh_host_*_key.pub');
    expect(within(dialog).getByTestId('changed-key-expected').textContent).toBe(OLD);
    expect(within(dialog).getByTestId('changed-key-fingerprint').textContent).toBe(NEW);

    const trust = within(dialog).getByRole('button', { name: 'Trust the new key' });
    const confirm = within(dialog).getByRole('textbox');
    expect(trust.hasAttribute('disabled')).toBe(true);
    fireEvent.change(confirm, { target: { value: OLD.slice(-6) } });
    expect(trust.hasAttribute('disabled')).toBe(true);
    expect(dialog.textContent).toContain('These are not the last characters of the key presented now.');
    fireEvent.change(confirm, { target: { value: 'Xy12Z9' } });
    expect(trust.hasAttribute('disabled')).toBe(false);
    await act(async () => fireEvent.click(trust));
    expect(replaced).toEqual([{ host: 'node2.corp', port: 22, expected: OLD, presented: NEW, confirm: 'Xy12Z9' }]);
    await waitFor(() => expect(engine.checkRuns()).toHaveLength(2));
    expect(engine.checkRuns()[1]!.profile.nodes[0]!.hostKeyFingerprint).toBe(NEW);
    expect(wizard().draft.nodes[0]!.hostKeyFingerprint).toBe(NEW);
    await waitFor(() => expect(screen.queryByText('The server’s host key changed')).toBeNull());
  });

  it('an engine refusal is shown in the dialog, and nothing is pinned', async () => {
    const engine = installFakeEngine();
    engine.failCall['hostKey.replace'] = { kind: 'refused', message: 'The known hosts hold another key for node2.corp:22. Nothing was changed.' };
    engine.results = [result('server.host-key', 'fail', { target: 'node2.corp', data: { verdict: 'changed', fingerprint: NEW, expected: OLD, host: 'node2.corp', port: 22 } })];
    renderPage(<ServersPage />, () => wizard().goTo('servers'));
    fill();
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Compare and decide…' }));
    fireEvent.change(screen.getByRole('dialog').querySelector('input')!, { target: { value: 'Xy12Z9' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Trust the new key' })));
    expect(await screen.findByText(/another key for node2\.corp:22/)).toBeTruthy();
    expect(wizard().draft.nodes[0]!.hostKeyFingerprint).toBe('');
  });
});

describe('Prepare a Windows server', () => {
  const PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey admin@pc';

  it('shows the chosen version\'s script with the public key beside the key file, and saves it as a .ps1', async () => {
    const saved: unknown[] = [];
    installFakeEngine({
      'ssh.publicKey': (i) => ({ publicKey: PUB, path: `${i.keyPath}.pub`, reason: null }),
      'file.save': (i) => {
        saved.push(i);
        return { saved: true, path: `/downloads/${i.suggestedName}` };
      },
    });
    renderPage(<ServersPage />, () => wizard().goTo('servers'));
    act(() => wizard().updateNode(wizard().draft.nodes[0]!.key, { authKind: 'key', keyPath: 'C:\\Users\\me\\.ssh\\id_ed25519' }));
    fireEvent.click(screen.getByRole('button', { name: 'Prepare a Windows server…' }));
    await waitFor(() => expect(screen.getByTestId('prepare-key-note').textContent).toBe('The key is this computer’s public key from C:\\Users\\me\\.ssh\\id_ed25519.pub.'));
    expect(screen.getByTestId('prepare-windows-script').textContent).toBe(windowsPrepScript({ version: '2022', publicKey: PUB }));
    fireEvent.click(screen.getByRole('radio', { name: 'Windows Server 2025' }));
    const script = screen.getByTestId('prepare-windows-script').textContent ?? '';
    expect(script).toBe(windowsPrepScript({ version: '2025', publicKey: PUB }));
    expect(script).not.toContain('Add-WindowsCapability');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save as .ps1…' })));
    expect(saved).toEqual([{ suggestedName: 'prepare-windows-server-2025-for-ha-wizard.ps1', content: script, kind: 'text' }]);
    expect(await screen.findByText(/Saved as \/downloads\/prepare-windows-server-2025/)).toBeTruthy();
  });

  it('without a key file: the placeholder, and the panel says to replace it', async () => {
    installFakeEngine();
    renderPage(<ServersPage />, () => wizard().goTo('servers'));
    fireEvent.click(screen.getByRole('button', { name: 'Prepare a Windows server…' }));
    expect(screen.getByTestId('prepare-key-note').textContent).toMatch(/No server signs in with a private key yet\. The script has a placeholder line instead: replace it/);
    expect(screen.getByTestId('prepare-windows-script').textContent).toContain(`$publicKey = '${PUBLIC_KEY_PLACEHOLDER}'`);
  });
});
