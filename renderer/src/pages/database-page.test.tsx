import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET, emptyNode } from '../store/draft-types';
import { wizard } from '../store/wizard-store';
import { inputByLabel, installFakeEngine, renderPage, result } from '../testing/fake-engine';
import DatabasePage from './database-page';

afterEach(cleanup);

const atDatabase = (patch: Parameters<ReturnType<typeof wizard>['setDraft']>[0] = {}) => () => {
  wizard().setDraft({ nodes: [{ ...emptyNode('windows'), host: 'node1', user: 'admin' }], ...patch });
  wizard().goTo('database');
};
const raw = () => screen.getByLabelText(/^Connection string/) as HTMLTextAreaElement;
const field = inputByLabel;
const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });
const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }));

describe('Database page: the builder and the raw string, both ways', () => {
  it('fields typed in the builder are written into the string (and the draft) in the product\'s spelling', async () => {
    installFakeEngine();
    renderPage(<DatabasePage />, atDatabase());
    type(field(/^Server/), 'sql01');
    type(field(/^Port/), '1450');
    type(field(/^Database\s*\*?$/), 'ProGet');
    type(field(/^Login/), 'pg');
    await waitFor(() => expect(raw().value).toBe('Server=sql01,1450;Database=ProGet;User ID=pg'));
    expect(wizard().draft.database).toEqual({ kind: 'sqlserver', connectionString: 'Server=sql01,1450;Database=ProGet;User ID=pg' });
  });

  it('a pasted string fills the builder, as the engine reads it (the last of a doubled key)', async () => {
    installFakeEngine();
    renderPage(<DatabasePage />, atDatabase());
    type(raw(), 'Data Source=tcp:old;Initial Catalog=ProGet;Data Source=tcp:sql02\\PROD,1444;UID=pg');
    await waitFor(() => expect(field(/^Server/).value).toBe('sql02'));
    expect(field(/^Instance/).value).toBe('PROD');
    expect(field(/^Port/).value).toBe('1444');
    expect(field(/^Database\s*\*?$/).value).toBe('ProGet');
    expect(field(/^Login/).value).toBe('pg');
  });

  it('a password pasted into the string moves to the Password field and never reaches the draft', async () => {
    installFakeEngine();
    renderPage(<DatabasePage />, atDatabase());
    type(raw(), 'Server=sql01;Database=ProGet;User ID=pg;Password="p;w"');
    expect(await screen.findByText(/The password you pasted was moved to the Password field/)).toBeTruthy();
    await waitFor(() => expect(raw().value).toBe('Server=sql01;Database=ProGet;User ID=pg'));
    expect((screen.getByLabelText(/^Password/) as HTMLInputElement).value).toBe('p;w');
    expect(wizard().secrets[SECRET.db]).toBe('p;w');
    expect(JSON.stringify(wizard().draft)).not.toContain('p;w');
  });

  it('Next with nothing filled in says what is missing and asks the engine nothing', async () => {
    const engine = installFakeEngine();
    renderPage(<DatabasePage />, atDatabase());
    next();
    expect(await screen.findByText('Enter the server and database, or paste a connection string.')).toBeTruthy();
    expect(screen.getByText('Enter the database login’s password')).toBeTruthy();
    type(raw(), 'Server=sql01');
    expect(await screen.findByText(/It names no database \(Database= or Initial Catalog=\)\./)).toBeTruthy();
    expect(engine.checkRuns()).toHaveLength(0);
  });

  it('Windows integrated security needs no login or password; Next runs the database checks and moves on', async () => {
    const engine = installFakeEngine();
    engine.results = [result('database.login', 'pass', { area: 'database' })];
    renderPage(<DatabasePage />, atDatabase());
    type(raw(), 'Server=sql01;Database=ProGet;Integrated Security=SSPI');
    await waitFor(() => expect(screen.queryByLabelText(/^Login/)).toBeNull());
    next();
    await waitFor(() => expect(wizard().step).toBe('storage'));
    const run = engine.checkRuns()[0]!;
    expect(run.only?.every((id) => id.startsWith('database.'))).toBe(true);
    expect(run.profile.database).toEqual({ kind: 'sqlserver', connectionString: 'Server=sql01;Database=ProGet;Integrated Security=SSPI' });
  });

  it('switching to PostgreSQL keeps server, database and login in Npgsql\'s spelling, and the TLS switches go', async () => {
    installFakeEngine();
    renderPage(<DatabasePage />, atDatabase({ database: { kind: 'sqlserver', connectionString: 'Server=sql01,1433;Database=ProGet;User ID=pg;Encrypt=True' } }));
    fireEvent.click(screen.getByRole('radio', { name: 'PostgreSQL / InedoDB' }));
    await waitFor(() => expect(raw().value).toBe('Server=sql01;Database=ProGet;User Id=pg'));
    expect(wizard().draft.database.kind).toBe('postgres');
    expect(screen.queryByRole('switch', { name: /Encrypt the connection/ })).toBeNull();
    expect(field(/^User name/).value).toBe('pg');
  });
});
