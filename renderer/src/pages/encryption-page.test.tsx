import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET, emptyNode } from '../store/draft-types';
import { wizard } from '../store/wizard-store';
import { inputByLabel, installFakeEngine, renderPage, result } from '../testing/fake-engine';
import EncryptionPage from './encryption-page';
import type { JsonValue } from '../../../electron/shared/check-run-schema';

afterEach(cleanup);

const atEncryption = () => {
  wizard().setDraft({ nodes: ['node1', 'node2'].map((host) => ({ ...emptyNode('linux'), host, user: 'admin' })) });
  wizard().goTo('encryption');
};
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
});
