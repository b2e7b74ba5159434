import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET, emptyNode, type NodeDraft } from '../store/draft-types';
import { wizard } from '../store/wizard-store';
import { installFakeEngine, renderPage, result } from '../testing/fake-engine';
import StoragePage from './storage-page';

afterEach(cleanup);

const node = (host: string, os: NodeDraft['os']): NodeDraft => ({ ...emptyNode(os), host, user: 'admin' });
function atStorage(...oses: NodeDraft['os'][]) {
  return () => {
    wizard().setDraft({ nodes: oses.map((os, i) => node(`node${i + 1}`, os)) });
    wizard().goTo('storage');
  };
}
const pathField = () => screen.getByLabelText(/Shared storage path/) as HTMLInputElement;
const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });
const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }));

describe('Storage page: the path rule per operating system', () => {
  it('Windows servers: a drive letter is refused with the reason, a UNC path is accepted, and the engine is asked only then', async () => {
    const engine = installFakeEngine();
    engine.results = [result('storage.path-form', 'pass', { area: 'storage' })];
    renderPage(<StoragePage />, atStorage('windows', 'windows'));
    type(pathField(), 'P:\\packages');
    expect(await screen.findByText(/A drive letter is not shared/)).toBeTruthy();
    expect(wizard().draft.storagePath).toBe('P:\\packages');
    next();
    await waitFor(() => expect(screen.getByText(/A drive letter is not shared/)).toBeTruthy());
    expect(engine.checkRuns()).toHaveLength(0);

    type(pathField(), '\\\\nas\\proget\\packages');
    await waitFor(() => expect(screen.queryByText(/A drive letter/)).toBeNull());
    next();
    await waitFor(() => expect(wizard().step).toBe('encryption'));
    expect(engine.checkRuns()[0]!.profile.storage.path).toBe('\\\\nas\\proget\\packages');
  });

  it('Linux servers: a relative path and ".." are refused; Windows advice is not shown', async () => {
    installFakeEngine();
    renderPage(<StoragePage />, atStorage('linux'));
    expect(screen.queryByText(/a UNC path/)).toBeNull();
    type(pathField(), 'var/proget');
    expect(await screen.findByText('Use an absolute path, such as /var/proget/packages')).toBeTruthy();
    type(pathField(), '/srv/../etc');
    expect(await screen.findByText('Write the path without “..”')).toBeTruthy();
    type(pathField(), '/var/proget/packages');
    await waitFor(() => expect(screen.queryByText(/Write the path/)).toBeNull());
  });

  it('a cluster mixing Windows and Linux cannot have one path, whatever it is', async () => {
    const engine = installFakeEngine();
    renderPage(<StoragePage />, atStorage('windows', 'linux'));
    type(pathField(), '\\\\nas\\share');
    expect(await screen.findByText(/mixes Windows and Linux/)).toBeTruthy();
    next();
    await screen.findByText(/mixes Windows and Linux/);
    expect(engine.checkRuns()).toHaveLength(0);
  });

  it('an empty path asks for one on Next', async () => {
    installFakeEngine();
    renderPage(<StoragePage />, atStorage('linux'));
    next();
    expect(await screen.findByText('Enter the shared storage path')).toBeTruthy();
  });

  it('the API key goes to the secrets, never the draft, and needs the admin\'s yes to travel over http', async () => {
    const engine = installFakeEngine();
    engine.results = [result('storage.path-form', 'pass', { area: 'storage' })];
    renderPage(<StoragePage />, atStorage('linux'));
    type(pathField(), '/var/proget/packages');
    fireEvent.click(screen.getByRole('switch', { name: /Let the wizard set/ }));
    type(await screen.findByLabelText(/^API key/), 'sekrit-key');
    expect(wizard().secrets[SECRET.apiKey]).toBe('sekrit-key');
    expect(JSON.stringify(wizard().draft)).not.toContain('sekrit-key');
    next();
    expect(await screen.findByText(/Accept that the key travels unencrypted/)).toBeTruthy();
    expect(engine.checkRuns()).toHaveLength(0);
  });

  it('a failed check blocks Next with the reason', async () => {
    const engine = installFakeEngine();
    engine.results = [result('storage.writable', 'fail', { area: 'storage', target: 'node1', detail: '/var/proget/packages is not writable' })];
    renderPage(<StoragePage />, atStorage('linux'));
    type(pathField(), '/var/proget/packages');
    next();
    expect(await screen.findByText('A storage check failed: fix it, then test again.')).toBeTruthy();
    expect(wizard().step).toBe('storage');
    expect(screen.getByRole('button', { name: 'Next' }).getAttribute('aria-disabled')).toBe('true');
  });
});
