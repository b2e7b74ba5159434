import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { startApply } from '../store/apply-actions';
import { SECRET, emptyNode } from '../store/draft-types';
import { IDLE_PLAN } from '../store/run-types';
import { useWizard, wizard } from '../store/wizard-store';
import { inputByLabel, installFakeEngine, renderPage, result } from '../testing/fake-engine';
import EncryptionPage from './encryption-page';
import type { JsonValue, NodeInventory } from '../../../electron/shared/check-run-schema';

afterEach(cleanup);

const atEncryption = () => {
  wizard().setDraft({ nodes: ['node1', 'node2'].map((host) => ({ ...emptyNode('linux'), host, user: 'admin' })) });
  wizard().goTo('encryption');
};
const withKey = (nodeId: string, fingerprint: string | null): NodeInventory => ({
  nodeId, reachable: true, error: null, hostname: nodeId, os: 'linux', productInstalled: true, version: '2025.1', serviceState: 'running',
  config: { format: 'env', databaseKind: 'postgres', connectionStringMasked: null, encryptionKeyFingerprint: fingerprint, encryptionKeyWellFormed: fingerprint ? true : null, urls: [] },
  configError: null, freeBytes: null, clockOffsetMs: null, hostKeyFingerprint: null,
});
const clusterKey = (status: 'pass' | 'warn' | 'fail', decision: JsonValue) => result('encryption.cluster-key', status, { area: 'encryption', title: 'One key for the cluster', data: { decision } });

describe('Encryption page: the engine\'s decision and the admin\'s choice', () => {
  it('reads the keys on arrival and shows a conflict in words, blocking Next', async () => {
    const engine = installFakeEngine();
    engine.results = [clusterKey('fail', { kind: 'conflict', reason: 'nodes have different keys and none is on the cluster\'s database yet', fingerprints: { 'key:aaaaaaaaaaaa': ['node1'], 'key:bbbbbbbbbbbb': ['node2'] } })];
    renderPage(<EncryptionPage />, atEncryption);
    expect(await screen.findByText('The servers disagree: choose the key to keep')).toBeTruthy();
    expect(screen.getByText('key:aaaaaaaaaaaa')).toBeTruthy();
    expect(screen.getByText('key:bbbbbbbbbbbb')).toBeTruthy();
    expect(engine.checkRuns()).toHaveLength(1);
    expect(engine.checkRuns()[0]!.only?.every((id) => id.startsWith('encryption.'))).toBe(true);
    expect(screen.getByRole('button', { name: 'Next' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('shows the kept key, where it goes and what it replaces', async () => {
    const engine = installFakeEngine();
    engine.results = [clusterKey('warn', { kind: 'keep', fingerprint: 'key:cccccccccccc', fromNodes: ['node1'], reason: 'the key already used with the cluster\'s database', nodesToChange: ['node2'], discards: ['key:dddddddddddd'] })];
    renderPage(<EncryptionPage />, atEncryption);
    expect(await screen.findByText('key:cccccccccccc')).toBeTruthy();
    expect(screen.getByText(/It will be written to node2\./)).toBeTruthy();
    expect(screen.getByText('key:dddddddddddd')).toBeTruthy();
  });

  it('data of another shape is shown as the check\'s words, never read as a decision', async () => {
    const engine = installFakeEngine();
    engine.results = [clusterKey('fail', { kind: 'keep' })];
    renderPage(<EncryptionPage />, atEncryption);
    expect(await screen.findByText('encryption.cluster-key fail fix it')).toBeTruthy();
    expect(screen.queryByText(/The cluster keeps/)).toBeNull();
  });

  it('a provided key must be 32 hex characters; it is kept lower case in the secrets, never in the draft', async () => {
    const engine = installFakeEngine();
    engine.results = [clusterKey('pass', { kind: 'generate', reason: 'no node has a key yet', nodesToChange: ['node1', 'node2'] })];
    renderPage(<EncryptionPage />, atEncryption);
    await screen.findByText('A new key will be generated');
    fireEvent.click(screen.getByRole('radio', { name: 'Use a key I provide' }));
    await screen.findByRole('button', { name: 'Generate a key' });
    const key = inputByLabel(/^Encryption key/);
    expect(key.type).toBe('password');
    fireEvent.change(key, { target: { value: 'abc' } });
    expect(await screen.findByText('An encryption key is 32 hexadecimal characters')).toBeTruthy();
    fireEvent.change(key, { target: { value: '0123456789ABCDEF0123456789ABCDEF' } });
    await waitFor(() => expect(screen.queryByText('An encryption key is 32 hexadecimal characters')).toBeNull());
    expect(wizard().secrets[SECRET.encryptionKey]).toBe('0123456789abcdef0123456789abcdef');
    expect(wizard().draft.encryption.mode).toBe('provided');
    expect(JSON.stringify(wizard().draft)).not.toMatch(/0123456789/i);
  });

  it('Generate a key fills the field with a new well-formed key each time', async () => {
    installFakeEngine();
    renderPage(<EncryptionPage />, atEncryption);
    fireEvent.click(screen.getByRole('radio', { name: 'Use a key I provide' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Generate a key' }));
    const first = wizard().secrets[SECRET.encryptionKey];
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    fireEvent.click(screen.getByRole('button', { name: 'Generate a key' }));
    await waitFor(() => expect(wizard().secrets[SECRET.encryptionKey]).not.toBe(first));
    expect(wizard().secrets[SECRET.encryptionKey]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeping one server\'s key needs the server chosen before Next', async () => {
    const engine = installFakeEngine();
    engine.results = [clusterKey('pass', { kind: 'generate', reason: 'no node has a key yet', nodesToChange: ['node1', 'node2'] })];
    renderPage(<EncryptionPage />, atEncryption);
    await screen.findByText('A new key will be generated');
    fireEvent.click(screen.getByRole('radio', { name: 'Keep one server’s key' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Next' })));
    expect(await screen.findByText('Choose the server whose key the cluster keeps')).toBeTruthy();
    expect(wizard().step).toBe('encryption');
  });

  it('keeping one server\'s key offers only the servers that have one', async () => {
    const engine = installFakeEngine();
    engine.results = [clusterKey('warn', { kind: 'conflict', reason: 'nodes have different keys', fingerprints: { 'key:aaaaaaaaaaaa': ['node1'], 'key:cccccccccccc': ['node3'] } })];
    engine.inventory = [withKey('node1', 'key:aaaaaaaaaaaa'), withKey('node2', null), withKey('node3', 'key:cccccccccccc')];
    renderPage(<EncryptionPage />, () => {
      wizard().setDraft({ nodes: ['node1', 'node2', 'node3'].map((host) => ({ ...emptyNode('linux'), host, user: 'admin' })) });
      wizard().goTo('encryption');
    });
    await screen.findByText('The servers disagree: choose the key to keep');
    fireEvent.click(screen.getByRole('radio', { name: 'Keep one server’s key' }));
    fireEvent.click(await screen.findByRole('combobox', { name: /Server whose key to keep/ }));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(options).toEqual(['node1 (key:aaaaaaaaaaaa)', 'node3 (key:cccccccccccc)']);
  });

  it('with no server holding a key there is none to keep: the choice is off and says why', async () => {
    const engine = installFakeEngine();
    engine.results = [clusterKey('pass', { kind: 'generate', reason: 'no node has a key yet', nodesToChange: ['node1', 'node2'] })];
    engine.inventory = [withKey('node1', null), withKey('node2', null)];
    renderPage(<EncryptionPage />, atEncryption);
    await screen.findByText('A new key will be generated');
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Keep one server’s key' }).hasAttribute('disabled')).toBe(true));
    expect(screen.getByText('No server has a key yet, so there is none to keep.')).toBeTruthy();
  });

  it('after an apply it reads the keys again and never shows the decision from before the apply', async () => {
    const engine = installFakeEngine({ 'apply.start': () => ({ started: true }) });
    engine.results = [clusterKey('warn', { kind: 'keep', fingerprint: 'key:cccccccccccc', fromNodes: ['node1'], reason: 'the key already used with the cluster\'s database', nodesToChange: ['node2'], discards: [] })];
    engine.inventory = [withKey('node1', 'key:cccccccccccc'), withKey('node2', null)];
    const before = renderPage(<EncryptionPage />, atEncryption);
    expect(await screen.findByText(/It will be written to node2\./)).toBeTruthy();
    expect(screen.getByText('no key')).toBeTruthy();
    before.unmount();

    // The admin reviews and applies; the engine writes the key to node2 and says so.
    useWizard.setState({ plan: { ...IDLE_PLAN, status: 'ready', planId: 'plan-1' } });
    startApply();
    const runId = wizard().apply.runId!;
    engine.results = [clusterKey('pass', { kind: 'keep', fingerprint: 'key:cccccccccccc', fromNodes: ['node1', 'node2'], reason: 'the key already used with the cluster\'s database', nodesToChange: [], discards: [] })];
    engine.inventory = [withKey('node1', 'key:cccccccccccc'), withKey('node2', 'key:cccccccccccc')];
    const at = new Date().toISOString();
    await act(async () => engine.emit('apply.done', { runId, ok: true, report: { status: 'applied', reason: null, nodes: [], settings: [], manualSteps: [], startedAt: at, finishedAt: at } }));

    // Back to the Encryption page (the store kept; a page mounts again).
    render(<FluentProvider theme={webLightTheme}><EncryptionPage /></FluentProvider>);
    expect(screen.queryByText(/It will be written to node2/)).toBeNull();
    expect(screen.queryByText('no key')).toBeNull();
    expect(screen.getByText('The configuration was applied: reading each server’s key again…')).toBeTruthy();
    expect(await screen.findByText(/Every server already has it\./)).toBeTruthy();
    expect(screen.getAllByText('key:cccccccccccc').length).toBeGreaterThanOrEqual(2);
    expect(screen.queryByText(/It will be written to node2/)).toBeNull();
    expect(screen.queryByText(/reading each server’s key again/)).toBeNull();
    expect(engine.checkRuns()).toHaveLength(2);
  });
});
