/**
 * Issue 13: the dashboard's watch lives at app level. Leaving the page no longer stops it (the engine
 * keeps polling and keeping the history); coming back does not start a second one; the switch pauses it,
 * and a paused watch stays paused when the page is opened again.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import type { WizardApi } from '../../../../electron/shared/contract';
import type { ClusterProfileInput } from '../../../../electron/shared/profile';
import { PROFILE, SNAPSHOT, wizardApiOver } from '../../../../electron/core/engine/testing/service-fakes';
import { fromProfile } from '../../store/profile-mapping';
import { setWatchPaused } from '../../store/health-actions';
import { useWizard } from '../../store/wizard-store';
import DashboardPage from '../dashboard-page';

afterEach(async () => {
  cleanup();
  await setWatchPaused(false).catch(() => undefined);
  delete (window as { wizard?: WizardApi }).wizard;
});

it('goes on when the admin leaves the dashboard, is not doubled on return, and the switch pauses it for good', async () => {
  const watching = new Set<AbortSignal>();
  const { api, service } = wizardApiOver({
    healthWatcher: () => ({
      async watch(_ms, onSnapshot, signal) {
        watching.add(signal);
        while (!signal.aborted) {
          await onSnapshot({ ...SNAPSHOT, at: new Date().toISOString() });
          await new Promise((r) => setTimeout(r, 20));
        }
        watching.delete(signal);
      },
    }),
  });
  const calls: string[] = [];
  (window as { wizard?: WizardApi }).wizard = { ...api, call: ((name: string, input: unknown) => (calls.push(name), api.call(name as never, input as never))) as WizardApi['call'] };
  useWizard.getState().reset();
  const { draft, secrets } = fromProfile(PROFILE as ClusterProfileInput, { 'ssh:n1': 'pw', db: 'db' }, 'Test');
  useWizard.getState().loadProfile(draft, secrets);
  const page = () => render(<FluentProvider theme={webLightTheme}><DashboardPage /></FluentProvider>);

  page();
  await expect.poll(() => watching.size).toBe(1);
  cleanup();
  // Another page now: the engine still watches, and snapshots still reach the store.
  await new Promise((r) => setTimeout(r, 100));
  expect(watching.size).toBe(1);
  expect(calls.filter((c) => c === 'health.stop')).toEqual([]);
  expect(useWizard.getState().health.watching).toBe(true);
  page();
  await screen.findByRole('switch', { name: 'Live updates every 5 s' });
  expect(calls.filter((c) => c === 'health.watch')).toHaveLength(1);

  fireEvent.click(screen.getByRole('switch', { name: 'Live updates every 5 s' }));
  await expect.poll(() => watching.size).toBe(0);
  cleanup();
  page();
  await screen.findByRole('switch', { name: 'Live updates every 5 s' });
  await new Promise((r) => setTimeout(r, 50));
  expect(watching.size).toBe(0);
  expect(calls.filter((c) => c === 'health.watch')).toHaveLength(1);
  service.stopAll();
});
