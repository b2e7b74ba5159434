/**
 * Review: "Run all checks" or "Run only the ones I select" (by area), and Cancel while checks run. The
 * engine is the real service and dispatcher with its check run faked: the selection reaches it as
 * `only`, and Cancel aborts the run it started (the run then ends as cancelled).
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { idsOfArea } from '../../../electron/shared/check-catalog';
import type { CallName, WizardApi } from '../../../electron/shared/contract';
import type { ClusterProfileInput } from '../../../electron/shared/profile';
// The real engine service with its check run and plan faked (tests may cross the boundary; pages may not).
import { CheckRunCancelledError, type CheckRunInput, type CheckRunOutput } from '../../../electron/core/engine/check-run';
import { PROFILE, fakePlan, wizardApiOver } from '../../../electron/core/engine/testing/service-fakes';
import { fromProfile } from '../store/profile-mapping';
import { useWizard } from '../store/wizard-store';
import ReviewPage from './review-page';

afterEach(() => {
  cleanup();
  delete (window as { wizard?: WizardApi }).wizard;
});

const passed = (): CheckRunOutput => ({
  results: [{ id: 'server.login', title: 'SSH login', area: 'servers', target: 'n1', status: 'pass', detail: 'logged in', remedy: null, durationMs: 3 }],
  summary: { pass: 1, warn: 0, fail: 0, skip: 0 }, startedAt: new Date(), finishedAt: new Date(), handshakes: { n1: 1 }, inventory: [],
});

function open(runChecks: (i: CheckRunInput) => Promise<CheckRunOutput>) {
  const inputs: CheckRunInput[] = [];
  let plans = 0;
  const { api } = wizardApiOver({ runChecks: (i) => { inputs.push(i); return runChecks(i); }, createPlan: async () => { plans++; return fakePlan('p'); } });
  const calls: { name: CallName; input: unknown }[] = [];
  (window as { wizard?: WizardApi }).wizard = { ...api, call: (name, input) => (calls.push({ name, input }), api.call(name, input)) };
  useWizard.getState().reset();
  const { draft, secrets } = fromProfile(PROFILE as ClusterProfileInput, { 'ssh:n1': 'pw', db: 'pw' }, 'Test');
  useWizard.getState().loadProfile(draft, secrets);
  render(<FluentProvider theme={webLightTheme}><ReviewPage /></FluentProvider>);
  return { inputs, calls, plans: () => plans };
}

describe('Review: choose the checks', () => {
  it('runs all on arrival; "only the ones I select" sends just those areas, makes no plan, and says so', async () => {
    const r = open(async () => passed());
    await screen.findByRole('button', { name: 'Export plan (JSON)' });
    expect(r.inputs[0]!.only).toBeUndefined();
    expect(r.plans()).toBe(1);

    fireEvent.click(screen.getByRole('radio', { name: 'Run only the ones I select' }));
    const group = screen.getByRole('group', { name: 'Checks to run' });
    const boxes = Array.from(group.querySelectorAll<HTMLInputElement>('input[type="checkbox"]'));
    expect(boxes.length).toBeGreaterThan(3);
    expect(boxes.every((b) => b.checked)).toBe(true);
    for (const b of boxes) if (!b.labels?.[0]?.textContent?.startsWith('Database')) fireEvent.click(b);
    fireEvent.click(screen.getByRole('button', { name: 'Re-run validation' }));
    await waitFor(() => expect(r.inputs).toHaveLength(2));
    expect(r.inputs[1]!.only).toEqual(idsOfArea('database'));
    await screen.findByText('Only the checks you selected ran: run all checks to make the plan.');
    expect(r.plans()).toBe(1);
    expect(screen.getByRole('button', { name: 'Next: apply' }).getAttribute('aria-disabled')).toBe('true');

    // Nothing selected: nothing to run.
    fireEvent.click(Array.from(group.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')).find((b) => b.checked)!);
    expect((screen.getByRole('button', { name: 'Re-run validation' }) as HTMLButtonElement).disabled).toBe(true);

    // Back to all: a full run, and a plan again.
    fireEvent.click(screen.getByRole('radio', { name: 'Run all checks' }));
    fireEvent.click(screen.getByRole('button', { name: 'Re-run validation' }));
    await waitFor(() => expect(r.plans()).toBe(2));
    expect(r.inputs[2]!.only).toBeUndefined();
  });
});

describe('Review: cancel', () => {
  it('Cancel checks aborts the running run in the engine; the page says it was cancelled, not that it failed', async () => {
    let signal: AbortSignal | undefined;
    const r = open((i) => new Promise((_ok, fail) => {
      signal = i.signal;
      i.signal?.addEventListener('abort', () => fail(new CheckRunCancelledError()));
    }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel checks' }));
    await screen.findByText('Checks cancelled');
    expect(signal?.aborted).toBe(true);
    const runId = useWizard.getState().runs.review!.runId;
    expect(r.calls.filter((c) => c.name === 'checks.cancel').map((c) => c.input)).toEqual([{ runId }]);
    expect(screen.queryByText('The checks could not run')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel checks' })).toBeNull();
    expect(r.plans()).toBe(0);
  });
});
