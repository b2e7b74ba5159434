import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../../electron/shared/profile';
import { SECRET, emptyNode } from '../store/draft-types';
import { wizard } from '../store/wizard-store';
import { installFakeEngine, renderPage } from '../testing/fake-engine';
import WelcomePage from './welcome-page';

afterEach(cleanup);

const SAVED = ProfileSchema.parse({
  version: 1, product: 'proget', name: 'prod',
  nodes: [{ host: 'node1', user: 'admin', os: 'windows', auth: { kind: 'password', password: { prompt: 'ssh:node1' } } }],
  database: { kind: 'postgres', connectionString: 'Server=db;Database=proget;User Id=proget', password: { prompt: 'db' } },
  storage: { path: '\\\\nas\\proget' }, loadBalancer: { type: 'nginx' },
});

describe('Welcome page', () => {
  it('a new cluster starts on Servers; with servers already entered it continues, or starts over from nothing', async () => {
    installFakeEngine();
    renderPage(<WelcomePage />);
    fireEvent.click(screen.getByRole('button', { name: 'Start a new cluster' }));
    expect(wizard().step).toBe('servers');
    cleanup();
    renderPage(<WelcomePage />, () => wizard().setDraft({ nodes: [{ ...emptyNode(), host: 'node1' }] }));
    expect(screen.getByRole('button', { name: 'Continue' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Start over' }));
    expect(wizard().draft.nodes).toEqual([]);
    expect(wizard().step).toBe('servers');
  });

  it('choosing a product without PostgreSQL turns a PostgreSQL draft into the same database on SQL Server', () => {
    installFakeEngine();
    renderPage(<WelcomePage />, () => wizard().setDatabase({ kind: 'postgres', connectionString: 'Server=db01;Port=5433;Database=proget;User Id=pg' }));
    fireEvent.click(screen.getByRole('radio', { name: 'BuildMaster' }));
    expect(wizard().draft.product).toBe('buildmaster');
    expect(wizard().draft.database).toEqual({ kind: 'sqlserver', connectionString: 'Server=db01,5433;Database=proget;User ID=pg;Encrypt=True' });
    // Back to ProGet: SQL Server stays (ProGet takes both).
    fireEvent.click(screen.getByRole('radio', { name: 'ProGet' }));
    expect(wizard().draft.database.kind).toBe('sqlserver');
  });

  it('opens a saved profile: its fields and prompt secrets come back into the draft and the secrets', async () => {
    const engine = installFakeEngine({
      'profile.list': () => [{ id: 'p1', name: 'prod', savedAt: '2026-11-30T10:00:00Z' }],
      'profile.open': () => ({ name: 'prod', profile: SAVED, secrets: { 'ssh:node1': 'pw1', db: 'dbpw' } }),
    });
    renderPage(<WelcomePage />);
    await screen.findByText('prod');
    await act(async () => fireEvent.click(screen.getByLabelText('Open prod')));
    await waitFor(() => expect(wizard().step).toBe('servers'));
    expect(engine.calls.find((c) => c.name === 'profile.open')?.input).toEqual({ id: 'p1' });
    const d = wizard().draft;
    expect(d).toMatchObject({ name: 'prod', storagePath: '\\\\nas\\proget', database: { kind: 'postgres' }, loadBalancer: { type: 'nginx' } });
    expect(wizard().secrets[SECRET.ssh(d.nodes[0]!.key)]).toBe('pw1');
    expect(wizard().secrets[SECRET.db]).toBe('dbpw');
  });

  it('without the engine (the page opened outside its host) there is no saved-profiles list, and no crash', () => {
    delete (window as { wizard?: unknown }).wizard;
    renderPage(<WelcomePage />);
    expect(screen.getByRole('heading', { name: 'Make one cluster of several servers' })).toBeTruthy();
    expect(screen.queryByText('Open a saved profile')).toBeNull();
  });
});
