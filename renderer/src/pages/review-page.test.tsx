/**
 * Review asks the engine for its reports and plan by id (`report.save`); it no longer builds a report
 * itself. The engine is the real service and dispatcher, its check run and plan faked; the saved file
 * is what the host's save dialog received.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, WizardApi } from '../../../electron/shared/contract';
import type { ClusterProfileInput } from '../../../electron/shared/profile';
// The real engine service with its check run and plan faked (tests may cross the boundary; pages may not).
import { PROFILE, fakePlan, wizardApiOver } from '../../../electron/core/engine/testing/service-fakes';
import { fromProfile } from '../store/profile-mapping';
import { useWizard } from '../store/wizard-store';
import ReviewPage from './review-page';

afterEach(() => {
  cleanup();
  delete (window as { wizard?: WizardApi }).wizard;
});

describe('the review page', () => {
  it('saves the report and the plan the engine kept, by id', async () => {
    const { api, saved } = wizardApiOver({
      runChecks: async () => ({
        results: [{ id: 'servers.ssh', title: 'SSH login', area: 'servers', target: 'n1', status: 'pass', detail: 'logged in', remedy: null, durationMs: 3 }],
        summary: { pass: 1, warn: 0, fail: 0, skip: 0 }, startedAt: new Date(), finishedAt: new Date(), handshakes: { n1: 1 }, inventory: [],
      }),
      createPlan: async () => fakePlan('reviewed'),
    });
    const calls: { name: CallName; input: unknown }[] = [];
    (window as { wizard?: WizardApi }).wizard = { ...api, call: (name, input) => (calls.push({ name, input }), api.call(name, input)) };
    useWizard.getState().reset();
    const { draft, secrets } = fromProfile(PROFILE as ClusterProfileInput, { 'ssh:n1': 'pw', db: 'pw' }, 'Test');
    useWizard.getState().loadProfile(draft, secrets);
    render(<FluentProvider theme={webLightTheme}><ReviewPage /></FluentProvider>);

    const exportPlan = await screen.findByRole('button', { name: 'Export plan (JSON)' });
    fireEvent.click(screen.getByRole('button', { name: 'Export report (HTML)' }));
    await screen.findByText('Saved /downloads/ha-wizard-report.html.');
    fireEvent.click(exportPlan);
    await screen.findByText('Saved /downloads/ha-wizard-plan.json.');

    const runId = useWizard.getState().runs.review!.runId;
    const planId = useWizard.getState().plan.planId;
    expect(calls.filter((c) => c.name === 'report.save').map((c) => c.input)).toEqual([{ of: 'checks', runId, format: 'html' }, { of: 'plan', planId }]);
    expect(calls.some((c) => c.name === 'file.save')).toBe(false);
    expect(saved.map((f) => f.suggestedName)).toEqual(['ha-wizard-report.html', 'ha-wizard-plan.json']);
    expect(saved[0]!.content).toMatch(/SSH login/);
    expect(JSON.parse(saved[1]!.content)).toMatchObject({ profileHash: 'reviewed' });
  });
});
