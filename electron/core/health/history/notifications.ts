/**
 * Which history events become a desktop notification (issue 13): a server gone down, come back, or drift
 * found; only while the admin's switch is on (off by default). The host shows it (Electron's
 * Notification in the app; the harness records it): this decides what and whether, once.
 */
import type { ClusterEvent } from '../../../shared/health-history';
import type { AppSettings } from '../../../shared/app-settings';
import type { HistoryKeeper } from './history-keeper';
import { errorMessage } from '../../../shared/error-text';

export interface DesktopNote { title: string; body: string }

const TITLES: Partial<Record<ClusterEvent['kind'], (node: string | null) => string>> = {
  'node-down': (n) => `${n ?? 'A server'} is down`,
  'node-back': (n) => `${n ?? 'A server'} is back`,
  'drift-found': (n) => (n ? `${n} has drifted` : 'The cluster has drifted'),
};

export function noteFor(event: ClusterEvent): DesktopNote | null {
  const title = TITLES[event.kind];
  return title ? { title: `HA Wizard: ${title(event.node)}`, body: event.text } : null;
}

/** Shows a note for each new event worth one, when the switch is on. Returns the unsubscribe. */
export function notifyOnEvents(keeper: HistoryKeeper, settings: { get(): Promise<AppSettings> }, show: (note: DesktopNote) => void, warn: (m: string) => void = () => undefined): () => void {
  return keeper.onEvent((_cluster, event) => {
    const note = noteFor(event);
    if (!note) return;
    void settings.get().then((s) => {
      if (s.notifications) show(note);
    }).catch((e: unknown) => warn(`A notification could not be shown: ${errorMessage(e)}`));
  });
}
