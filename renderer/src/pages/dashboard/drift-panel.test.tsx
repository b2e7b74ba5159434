/**
 * The drift panel: "Check for drift" sends the profile with the admin's secrets to `drift.check` and
 * lists what comes back in words (server, what, expected, found, since); a clean cluster says since
 * when; a failure says why. The engine side is a fake window.wizard whose answers pass the contract's
 * own schema (the real check needs SSH: e2e/lab/drift.lab.test.ts runs it against the lab).
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CALLS, type CallResult, type WizardApi } from '../../../../electron/shared/contract';
import type { DriftReport } from '../../../../electron/shared/drift';
import type { ClusterProfileInput } from '../../../../electron/shared/profile';
import { PROFILE } from '../../../../electron/core/engine/testing/service-fakes';
import { fromProfile } from '../../store/profile-mapping';
import { useWizard } from '../../store/wizard-store';
import { DriftPanel } from './drift-panel';

const DRIFT: DriftReport = {
  checkedAt: '2026-11-30T21:00:00.000Z', basis: 'applied', appliedAt: '2026-11-29T10:00:00.000Z',
  differences: [
    { node: 'n1', kind: 'encryption-key', what: 'encryption key (fingerprint)', expected: 'key:0123456789ab', found: 'key:ba9876543210', since: '2026-11-30T20:00:00.000Z' },
    { node: 'n1', kind: 'extensions', what: 'extensions (only here: OnlyHere)', expected: 'Amazon, Azure', found: 'Amazon, Azure, OnlyHere', since: '2026-11-30T20:30:00.000Z' },
  ],
  notes: ['The load balancer\'s members were not compared: the profile gives the wizard no access to the balancer.'],
  unreadable: [], noDriftSince: null,
};

function installEngine(answer: (input: unknown) => CallResult<'drift.check'>): unknown[] {
  const inputs: unknown[] = [];
  const api: WizardApi = {
    call: (async (name: string, input: unknown) => {
      if (name !== 'drift.check') return { ok: false, error: { kind: 'unknown-call', message: name } };
      inputs.push(CALLS['drift.check'].input.parse(input));
      const r = answer(input);
      return r.ok ? { ok: true, value: CALLS['drift.check'].output.parse(r.value) } : r;
    }) as WizardApi['call'],
    on: () => () => undefined,
  };
  (window as { wizard?: WizardApi }).wizard = api;
  return inputs;
}

function renderPanel() {
  useWizard.getState().reset();
  const { draft, secrets } = fromProfile(PROFILE as ClusterProfileInput, { 'ssh:n1': 'pa55-word-x', db: 'db-pass' }, 'Test');
  useWizard.getState().loadProfile(draft, secrets);
  return render(<FluentProvider theme={webLightTheme}><DriftPanel /></FluentProvider>);
}

afterEach(() => {
  cleanup();
  delete (window as { wizard?: WizardApi }).wizard;
});

describe('the drift panel', () => {
  it('lists every difference by server, what, expected and found, with the basis and the notes', async () => {
    const inputs = installEngine(() => ({ ok: true, value: DRIFT }));
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Check for drift' }));
    const table = await screen.findByRole('table', { name: 'Differences from what was applied' });
    const rows = within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').slice(0, 4).map((c) => c.textContent));
    expect(rows).toEqual([
      ['n1', 'encryption key (fingerprint)', 'key:0123456789ab', 'key:ba9876543210'],
      ['n1', 'extensions (only here: OnlyHere)', 'Amazon, Azure', 'Amazon, Azure, OnlyHere'],
    ]);
    expect(screen.getByTestId('drift-summary').textContent).toContain('2 differences from what was applied');
    expect(screen.getByRole('status').textContent).toMatch(/compared with the state saved by the apply of/);
    expect(screen.getByText(/members were not compared/)).toBeTruthy();
    // The admin's typed secrets travel with the call (the engine needs them to log in) ...
    expect(inputs).toHaveLength(1);
    expect((inputs[0] as { secrets: Record<string, string> }).secrets['ssh:n1']).toBe('pa55-word-x');
    // ... and never appear on the page.
    expect(document.body.textContent).not.toContain('pa55-word-x');
  });

  it('says "No drift since" for a clean cluster, and that it compared with the profile when nothing was applied', async () => {
    installEngine(() => ({ ok: true, value: { ...DRIFT, basis: 'profile', appliedAt: null, differences: [], notes: [], noDriftSince: '2026-11-30T18:00:00.000Z' } }));
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Check for drift' }));
    const summary = await screen.findByTestId('drift-summary');
    expect(summary.textContent).toContain(`No drift since ${new Date('2026-11-30T18:00:00.000Z').toLocaleString()}`);
    expect(screen.getByRole('status').textContent).toContain('no applied state: compared with the profile');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says why when the check could not run', async () => {
    installEngine(() => ({ ok: false, error: { kind: 'failed', message: 'n1: SSH login failed for admin (password ********)' } }));
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Check for drift' }));
    expect((await screen.findByText('Could not check for drift')).parentElement?.textContent).toContain('n1: SSH login failed');
  });
});
