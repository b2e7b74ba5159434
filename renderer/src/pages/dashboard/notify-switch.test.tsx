/** The notification switch: off by default, kept by the engine, and it says so when it could not be changed. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import type { WizardApi } from '../../../../electron/shared/contract';
import { wizardApiOver } from '../../../../electron/core/engine/testing/service-fakes';
import { NOTIFY_LABEL, NotifySwitch } from './notify-switch';

afterEach(() => {
  cleanup();
  delete (window as { wizard?: WizardApi }).wizard;
});

it('starts off, turns on through settings.set, and a new page reads it back on', async () => {
  const { api, service } = wizardApiOver({});
  (window as { wizard?: WizardApi }).wizard = api;
  render(<FluentProvider theme={webLightTheme}><NotifySwitch /></FluentProvider>);
  const box = await screen.findByRole('switch', { name: NOTIFY_LABEL });
  await expect.poll(() => (box as HTMLInputElement).disabled).toBe(false);
  expect((box as HTMLInputElement).checked).toBe(false);
  fireEvent.click(box);
  await expect.poll(() => (box as HTMLInputElement).checked).toBe(true);
  expect(await service.call('settings.get', {})).toEqual({ ok: true, value: { notifications: true } });
  cleanup();
  render(<FluentProvider theme={webLightTheme}><NotifySwitch /></FluentProvider>);
  const again = await screen.findByRole('switch', { name: NOTIFY_LABEL });
  await expect.poll(() => (again as HTMLInputElement).checked).toBe(true);
});

it('says so when the setting could not be changed, and stays as it was', async () => {
  const { api } = wizardApiOver({});
  (window as { wizard?: WizardApi }).wizard = {
    ...api,
    call: (async (name: string, input: unknown) => (name === 'settings.set' ? { ok: false, error: { kind: 'failed', message: 'the data folder is read-only' } } : api.call(name as never, input as never))) as WizardApi['call'],
  };
  render(<FluentProvider theme={webLightTheme}><NotifySwitch /></FluentProvider>);
  const box = await screen.findByRole('switch', { name: NOTIFY_LABEL });
  await expect.poll(() => (box as HTMLInputElement).disabled).toBe(false);
  fireEvent.click(box);
  expect((await screen.findByRole('alert')).textContent).toMatch(/^The setting was not changed: .*the data folder is read-only/);
  expect((box as HTMLInputElement).checked).toBe(false);
});
