/**
 * The dashboard when watching fails (issue 12's bug): the page must say why in words, not show a
 * snapshot made of the error ("Updated Invalid Date"). The engine side is the real WizardService and
 * its dispatcher; only the health reader is a fake that fails as an unreachable cluster does, and the
 * transport is a direct call (IPC and the harness's WebSocket carry the same CallResult).
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { WizardApi } from '../../../electron/shared/contract';
import type { ClusterProfileInput } from '../../../electron/shared/profile';
// The real engine service, its health reader faked (tests may cross the boundary; pages may not).
import { PROFILE, SNAPSHOT, wizardApiOver, type HealthWatcherFake } from '../../../electron/core/engine/testing/service-fakes';
import { fromProfile } from '../store/profile-mapping';
import { useWizard } from '../store/wizard-store';
import DashboardPage from './dashboard-page';

/** window.wizard over a real service whose health reader is `watcher`. */
function installEngine(watcher: HealthWatcherFake) {
  const { api, service } = wizardApiOver({ healthWatcher: watcher });
  (window as { wizard?: WizardApi }).wizard = api;
  return service;
}

function renderDashboard() {
  useWizard.getState().reset();
  const { draft, secrets } = fromProfile(PROFILE as ClusterProfileInput, { 'ssh:n1': 'pa55-word-x', db: 'db-pass' }, 'Test');
  useWizard.getState().loadProfile(draft, secrets);
  return render(<FluentProvider theme={webLightTheme}><DashboardPage /></FluentProvider>);
}

afterEach(() => {
  cleanup();
  delete (window as { wizard?: WizardApi }).wizard;
});

describe('the dashboard', () => {
  it('says in words why watching failed, and shows no made-up snapshot', async () => {
    const service = installEngine(({ secrets }) => ({
      async watch() {
        const pw = await secrets.resolve({ prompt: 'ssh:n1' }, 'SSH password');
        throw new Error(`n1: SSH login failed for admin (password ${pw})`);
      },
    }));
    renderDashboard();
    const alert = await screen.findByText(/Cannot watch the cluster/);
    expect(alert.closest('[role]')?.textContent ?? alert.parentElement?.textContent).toMatch(/n1: SSH login failed for admin \(password \*{8}\)/);
    expect(document.body.textContent).not.toMatch(/Invalid Date/);
    expect(document.body.textContent).not.toMatch(/pa55-word-x/);
    expect(screen.queryByText(/Updated/)).toBeNull();
    expect(useWizard.getState().health.watching).toBe(false);
    service.stopAll();
  });

  it('shows a snapshot when one comes', async () => {
    const service = installEngine(() => ({ watch: async (_ms, onSnapshot) => void (await onSnapshot(SNAPSHOT)) }));
    renderDashboard();
    expect(await screen.findByText('The cluster is healthy')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/^Updated .*\(took 96 ms\)$/);
    expect(screen.queryByText(/Cannot watch the cluster/)).toBeNull();
    await act(async () => service.stopAll());
  });
});
