/**
 * Opening a saved profile over unsaved work asks first ("Discard your changes and open …?"): Keep my
 * changes leaves the draft as it is and reads nothing; Discard opens the profile. Nothing to lose, or
 * work just saved, opens at once.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../../electron/shared/profile';
import { DiscardDialog } from '../components/discard-dialog';
import { emptyNode } from '../store/draft-types';
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

const engineWithProd = () => installFakeEngine({
  'profile.list': () => [{ id: 'p1', name: 'prod', savedAt: '2026-11-30T10:00:00Z' }],
  'profile.open': () => ({ name: 'prod', profile: SAVED, secrets: { 'ssh:node1': 'pw1' } }),
});
const page = <><WelcomePage /><DiscardDialog /></>;
const typedWork = () => wizard().setDraft({ nodes: [{ ...emptyNode('linux'), host: 'my-new-server', user: 'root' }] });

describe('opening a saved profile over unsaved work', () => {
  it('asks first; Keep my changes keeps them and reads nothing', async () => {
    const engine = engineWithProd();
    renderPage(page, typedWork);
    const open = await screen.findByLabelText('Open prod', {}, { timeout: 5000 });
    await act(async () => fireEvent.click(open));
    const dialog = await screen.findByRole('alertdialog', { name: /Discard your changes and open “prod”\?/ });
    expect(dialog.textContent).toMatch(/will be lost/);
    await act(async () => fireEvent.click(within(dialog).getByText('Keep my changes')));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(engine.calls.some((c) => c.name === 'profile.open')).toBe(false);
    expect(wizard().draft.nodes.map((n) => n.host)).toEqual(['my-new-server']);
  });

  it('Discard and open opens the profile', async () => {
    const engine = engineWithProd();
    renderPage(page, typedWork);
    const open = await screen.findByLabelText('Open prod', {}, { timeout: 5000 });
    await act(async () => fireEvent.click(open));
    const discard = await screen.findByRole('button', { name: 'Discard and open' });
    await act(async () => fireEvent.click(discard));
    await waitFor(() => expect(wizard().draft.nodes.map((n) => n.host)).toEqual(['node1']));
    expect(engine.calls.filter((c) => c.name === 'profile.open')).toHaveLength(1);
  });

  it('with nothing to lose (a fresh start, or work just saved) it opens at once', async () => {
    engineWithProd();
    renderPage(page, () => {
      typedWork();
      wizard().markSaved();
    });
    const open = await screen.findByLabelText('Open prod', {}, { timeout: 5000 });
    await act(async () => fireEvent.click(open));
    await waitFor(() => expect(wizard().draft.nodes.map((n) => n.host)).toEqual(['node1']));
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});
