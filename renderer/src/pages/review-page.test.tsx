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
import type { CheckResult } from '../../../electron/shared/check-run-schema';
import type { Plan, PlanNode } from '../../../electron/shared/plan-schema';
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

const planNode = (id: string, changed: boolean, diff = ''): PlanNode => ({
  id, host: `${id}.lab`, os: 'linux', configPath: '/etc/proget.env', before: { exists: true, sha256: 'a'.repeat(64), bytes: 10 }, changed, diff, secretChangesOnly: false,
  steps: changed ? [{ kind: 'backup', description: 'copy the file' }] : [],
});
const result = (id: string, target: string, status: CheckResult['status'], title: string): CheckResult => ({
  id, title, area: 'servers', target, status, detail: `${title} detail`, remedy: status === 'pass' ? null : 'do this', durationMs: 1,
});

/** Review over the real service, its check run and plan faked: these results, this plan. */
async function reviewWith(results: CheckResult[], plan: Plan) {
  const { api } = wizardApiOver({
    runChecks: async () => ({
      results, summary: { pass: 0, warn: 0, fail: 0, skip: 0 }, startedAt: new Date(), finishedAt: new Date(), handshakes: {}, inventory: [],
    }),
    createPlan: async () => plan,
  });
  (window as { wizard?: WizardApi }).wizard = api;
  useWizard.getState().reset();
  const { draft, secrets } = fromProfile(PROFILE as ClusterProfileInput, { 'ssh:n1': 'pw', db: 'pw' }, 'Test');
  useWizard.getState().loadProfile(draft, secrets);
  const view = render(<FluentProvider theme={webLightTheme}><ReviewPage /></FluentProvider>);
  await screen.findByRole('button', { name: 'Export plan (JSON)' });
  return view;
}

describe('Review says the big change first (issue 11, items 10, 15, 18)', () => {
  const WARNED: Plan = {
    ...fakePlan('warned'),
    encryptionKey: { decision: 'keep', fingerprint: 'key:111111111111', reason: 'the only key any node has' },
    nodes: [planNode('node1', false), planNode('node2', true, `-A=1\n+PROGET_DB=Host=db;Database=proget;Username=proget;${'Option=x;'.repeat(30)}`), planNode('node3', true)],
    warnings: [
      { kind: 'database-moved', nodeId: 'node2', host: 'node2.lab', currentDatabase: { server: 'db:5432', name: 'proget_node2' }, sharedDatabase: { server: 'db:5432', name: 'proget' } },
      { kind: 'database-moved', nodeId: 'node3', host: 'node3.lab', currentDatabase: { server: 'db:5432', name: 'proget_node3' }, sharedDatabase: { server: 'db:5432', name: 'proget' } },
      { kind: 'key-replaced', nodeId: 'node3', host: 'node3.lab', currentFingerprint: 'key:333333333333', clusterFingerprint: 'key:111111111111' },
    ],
  };

  it('names each node moved to the shared database and each key replaced, above everything else; changed servers first', async () => {
    const { container } = await reviewWith([result('servers.ssh', 'node1', 'pass', 'SSH login')], WARNED);
    const box = screen.getByTestId('plan-warnings');
    expect(box.textContent).toContain('node2 (node2.lab) uses its own database today, proget_node2 on db:5432. After Apply it uses the shared database proget on db:5432');
    expect(box.textContent).toContain('node3 (node3.lab) uses its own database today, proget_node3 on db:5432');
    expect(box.textContent).toContain('node3 (node3.lab) has its own encryption key today, key:333333333333. After Apply it uses the cluster\'s key key:111111111111');
    // At the top: before the Validation heading in the page's order.
    const validation = screen.getByRole('heading', { name: 'Validation' });
    expect(box.compareDocumentPosition(validation) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // (Fluent renders a tab's label twice, once hidden to reserve its bold width: read the first word.)
    expect(screen.getAllByRole('tab').map((t) => /^(\S+) \((changes|no change)\)/.exec(t.textContent ?? '')?.slice(1))).toEqual([['node2', 'changes'], ['node3', 'changes'], ['node1', 'no change']]);
    expect(screen.getByTestId('plan-node-node2')).toBeTruthy();
    // Long diff lines wrap: no line is kept on one row wider than the page.
    const line = [...container.querySelectorAll('pre[role="region"] span')].find((x) => x.textContent?.includes('Option=x;'))!;
    expect(getComputedStyle(line).whiteSpace).toBe('pre-wrap');
  });

  it('no warning box when nothing is lost', async () => {
    await reviewWith([result('servers.ssh', 'node1', 'pass', 'SSH login')], { ...WARNED, warnings: [] });
    expect(screen.queryByTestId('plan-warnings')).toBeNull();
  });

  it('"Problems only" shows failures and warnings alone; "All results" every row', async () => {
    await reviewWith([result('servers.ssh', 'node1', 'pass', 'SSH login'), result('servers.clock', 'node2', 'warn', 'Clock in step')], WARNED);
    expect(screen.getByText('SSH login')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Problems only' }));
    expect(screen.queryByText('SSH login')).toBeNull();
    expect(screen.getByText('Clock in step')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'All results' }));
    expect(screen.getByText('SSH login')).toBeTruthy();
  });

  it('"Problems only" with none says so instead of an empty list', async () => {
    await reviewWith([result('servers.ssh', 'node1', 'pass', 'SSH login')], WARNED);
    fireEvent.click(screen.getByRole('radio', { name: 'Problems only' }));
    expect(screen.queryByText('SSH login')).toBeNull();
    expect(screen.getByText('No problems: no check failed or warned.')).toBeTruthy();
  });

  it('headings never skip a level (axe heading-order: an h4 sat under an h2)', async () => {
    const { container } = await reviewWith([result('servers.ssh', 'node1', 'pass', 'SSH login')], WARNED);
    const levels = [...container.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
    expect(levels.length).toBeGreaterThan(3);
    levels.forEach((l, i) => { if (i > 0) expect(l, `heading ${i}: h${l} after h${levels[i - 1]}`).toBeLessThanOrEqual(levels[i - 1]! + 1); });
  });
});
