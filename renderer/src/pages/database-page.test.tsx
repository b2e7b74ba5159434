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
const paste = (el: HTMLElement, value: string) => {
  fireEvent.paste(el);
  type(el, value);
};
/** Typing at the end of the box, one character at a time, as a keyboard does. */
const typeKeys = (el: HTMLTextAreaElement, text: string, seen: (box: string) => void = () => {}) => {
  for (const ch of text) {
    type(el, el.value + ch);
    seen(el.value);
  }
};
const errorOf = (label: RegExp) => field(label).closest('.fui-Field')?.querySelector('[role="alert"], .fui-Field__validationMessage')?.textContent ?? null;
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
    paste(raw(), 'Server=sql01;Database=ProGet;User ID=pg;Password="p;w"');
    expect(await screen.findByText(/The password you wrote in the connection string was moved to the Password field/)).toBeTruthy();
    await waitFor(() => expect(raw().value).toBe('Server=sql01;Database=ProGet;User ID=pg'));
    expect((screen.getByLabelText(/^Password/) as HTMLInputElement).value).toBe('p;w');
    expect(wizard().secrets[SECRET.db]).toBe('p;w');
    expect(JSON.stringify(wizard().draft)).not.toContain('p;w');
  });

  it('Next with nothing filled in flags each empty field at that field, not the connection string box, and asks the engine nothing', async () => {
    const engine = installFakeEngine();
    renderPage(<DatabasePage />, atDatabase());
    // Nothing is flagged before the admin asks to go on.
    expect(screen.queryByText('Enter the SQL Server’s name or address')).toBeNull();
    next();
    await waitFor(() => expect(errorOf(/^Server/)).toBe('Enter the SQL Server’s name or address'));
    expect(errorOf(/^Database\s*\*?$/)).toBe('Enter the name of the database');
    expect(errorOf(/^Login/)).toBe('Enter the SQL Server login');
    expect(errorOf(/^Password/)).toBe('Enter the database login’s password');
    expect(errorOf(/^Connection string/)).toBeNull();
    expect(field(/^Server/).getAttribute('aria-invalid')).toBe('true');
    // Each clears as it is filled; the others stay.
    type(field(/^Server/), 'sql01');
    await waitFor(() => expect(errorOf(/^Server/)).toBeNull());
    expect(errorOf(/^Database\s*\*?$/)).toBe('Enter the name of the database');
    // What is wrong with the string itself is still said at the box.
    type(raw(), 'Server="sql01');
    expect(await screen.findByText('It cannot be read: a quoted value is not closed.')).toBeTruthy();
    expect(engine.checkRuns()).toHaveLength(0);
  });

  it('a password typed into the string key by key moves out once a `;` follows it, and no other key is touched', async () => {
    installFakeEngine();
    renderPage(<DatabasePage />, () => {
      atDatabase({ product: 'proget', database: { kind: 'postgres', connectionString: 'Server=db;Database=proget;Username=proget' } })();
    });
    const drafts: string[] = [];
    typeKeys(raw(), ';Password=typed-secret', () => drafts.push(wizard().draft.database.connectionString));
    // Not complete yet: it stays in the box as typed, and the draft (saved for a reload) never holds it.
    expect(raw().value).toBe('Server=db;Database=proget;Username=proget;Password=typed-secret');
    expect(drafts.some((d) => /Password=|typed/.test(d))).toBe(false);
    typeKeys(raw(), ';Timeout=30');
    await waitFor(() => expect(raw().value).toBe('Server=db;Database=proget;Username=proget;Timeout=30'));
    expect(field(/^User name/).value).toBe('proget');
    expect((screen.getByLabelText(/^Password/) as HTMLInputElement).value).toBe('typed-secret');
    expect(wizard().secrets[SECRET.db]).toBe('typed-secret');
    expect(wizard().draft.database.connectionString).toBe('Server=db;Database=proget;Username=proget;Timeout=30');
  });

  it('a password typed last moves out when the box loses focus', async () => {
    installFakeEngine();
    renderPage(<DatabasePage />, atDatabase({ database: { kind: 'sqlserver', connectionString: 'Server=sql01;Database=ProGet;User ID=pg' } }));
    typeKeys(raw(), ';Pwd="a;b"');
    expect(raw().value).toBe('Server=sql01;Database=ProGet;User ID=pg;Pwd="a;b"');
    fireEvent.blur(raw());
    await waitFor(() => expect(raw().value).toBe('Server=sql01;Database=ProGet;User ID=pg'));
    expect(wizard().secrets[SECRET.db]).toBe('a;b');
    expect(field(/^Login/).value).toBe('pg');
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
