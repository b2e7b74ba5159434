/**
 * The desktop app's side of the history (issue 13): a desktop notification (Electron's Notification)
 * when a server goes down, comes back or drifts, while the admin's switch is on (off by default); and
 * the history's last rounds written before the app quits, so a restart finds them.
 */
import { Notification, app } from 'electron';
import type { AppSettings } from '../shared/app-settings';
import type { HistoryKeeper } from '../core/health/history/history-keeper';
import { notifyOnEvents } from '../core/health/history/notifications';
import { errorMessage } from '../shared/error-text';

/** How long quitting waits for the history's file (a local write takes milliseconds). */
export const QUIT_FLUSH_MS = 2000;

export function wireHistory(history: HistoryKeeper, settings: { get(): Promise<AppSettings> }, warn: (m: string) => void): () => void {
  const off = notifyOnEvents(history, settings, (note) => {
    if (!Notification.isSupported()) return;
    new Notification({ title: note.title, body: note.body }).show();
  }, warn);
  let flushed = false;
  app.on('will-quit', (e) => {
    if (flushed) return;
    e.preventDefault();
    const timeout = new Promise<void>((r) => setTimeout(r, QUIT_FLUSH_MS).unref());
    void Promise.race([history.flush(), timeout]).catch((err: unknown) => warn(`health history: ${errorMessage(err)}`)).finally(() => {
      flushed = true;
      app.quit();
    });
  });
  return off;
}
