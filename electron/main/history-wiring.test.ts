/** The desktop notification and the flush on quit, with `electron` mocked (its binary cannot run here). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, expect, it, vi } from 'vitest';

const shown: { title: string; body: string }[] = [];
const appHandlers = new Map<string, (e: { preventDefault: () => void }) => void>();
const quit = vi.fn();
vi.mock('electron', () => ({
  Notification: class {
    static isSupported = () => true;
    constructor(private readonly o: { title: string; body: string }) {}
    show() {
      shown.push(this.o);
    }
  },
  app: { on: (ev: string, fn: (e: { preventDefault: () => void }) => void) => appHandlers.set(ev, fn), quit: () => quit() },
}));

const { wireHistory } = await import('./history-wiring');
const { HistoryKeeper } = await import('../core/health/history/history-keeper');
const { AppSettingsFile } = await import('../core/settings/app-settings-file');

const KEY = 'proget-0123456789abcdef';
beforeEach(() => {
  shown.length = 0;
  appHandlers.clear();
  quit.mockClear();
});

it('notifies a server down, back and drifted only while the switch is on, nothing for other events', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'main-history-'));
  const settings = new AppSettingsFile(path.join(dir, 'settings.json'));
  const keeper = new HistoryKeeper({ dir: null });
  wireHistory(keeper, settings, () => undefined);
  await keeper.recordEvent(KEY, { kind: 'node-down', node: 'node2', text: 'node2 went down (service stopped): its service is stopped' });
  await new Promise((r) => setTimeout(r, 20));
  expect(shown).toEqual([]);
  await settings.set({ notifications: true });
  for (const kind of ['node-down', 'apply', 'node-back', 'watch-started', 'drift-found'] as const) await keeper.recordEvent(KEY, { kind, node: 'node2', text: `${kind} text` });
  await vi.waitFor(() => expect(shown).toHaveLength(3));
  expect(shown).toEqual([
    { title: 'HA Wizard: node2 is down', body: 'node-down text' },
    { title: 'HA Wizard: node2 is back', body: 'node-back text' },
    { title: 'HA Wizard: node2 has drifted', body: 'drift-found text' },
  ]);
  // The switch is kept in the app's data folder.
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toEqual({ notifications: true });
});

it('quitting waits for the history to reach its file, then quits once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'main-history-'));
  const keeper = new HistoryKeeper({ dir });
  const flush = vi.spyOn(keeper, 'flush');
  wireHistory(keeper, { get: async () => ({ notifications: false }) }, () => undefined);
  const prevent = vi.fn();
  appHandlers.get('will-quit')!({ preventDefault: prevent });
  expect(prevent).toHaveBeenCalledTimes(1);
  await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
  expect(flush).toHaveBeenCalledTimes(1);
  // The second will-quit (from app.quit) goes through.
  const again = vi.fn();
  appHandlers.get('will-quit')!({ preventDefault: again });
  expect(again).not.toHaveBeenCalled();
});

it('a settings file that is not valid gives the defaults with a warning', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'main-history-'));
  const file = path.join(dir, 'settings.json');
  fs.writeFileSync(file, '{"notifications": "yes"');
  const warnings: string[] = [];
  expect(await new AppSettingsFile(file, (m) => warnings.push(m)).get()).toEqual({ notifications: false });
  expect(warnings[0]).toMatch(/^The settings file .* is not valid \(.*\); the defaults apply\.$/);
  fs.writeFileSync(file, JSON.stringify({ notifications: true, unknownLater: 1 }));
  expect(await new AppSettingsFile(file).get()).toEqual({ notifications: true });
});
