/** Watching the cluster's health (`health.watch` / `health.stop`, `health.snapshot` events). */
import { call, errorText, newRunId, on } from '../api';
import { toProfile } from './profile-mapping';
import { useWizard, wizard } from './wizard-store';

let offSnapshot: (() => void) | null = null;

export async function startWatch(intervalSeconds = 5): Promise<void> {
  await stopWatch();
  const runId = newRunId('health');
  useWizard.setState((s) => ({ health: { ...s.health, runId, watching: true, error: null } }));
  offSnapshot = on('health.snapshot', (p) => {
    if (p.runId !== runId) return;
    // A failed watch sends no more snapshots: say why, and keep the last one shown for what it was.
    const next = p.ok ? { snapshot: p.snapshot, snapshotRunId: runId, error: null } : { watching: false, error: p.error };
    useWizard.setState((s) => (s.health.runId === runId ? { health: { ...s.health, ...next } } : {}));
  });
  const s = wizard();
  const { profile, secrets } = toProfile(s.draft, s.secrets);
  try {
    await call('health.watch', { runId, profile, secrets, allowLocalSecrets: s.allowedLocal, intervalSeconds });
  } catch (e) {
    offSnapshot?.();
    offSnapshot = null;
    useWizard.setState((st) => ({ health: { ...st.health, watching: false, error: errorText(e) } }));
  }
}

export async function stopWatch(): Promise<void> {
  const { runId, watching } = wizard().health;
  offSnapshot?.();
  offSnapshot = null;
  useWizard.setState((s) => ({ health: { ...s.health, watching: false } }));
  if (runId && watching) await call('health.stop', { runId }).catch(() => undefined);
}

/**
 * Issue 13: the watch lives at app level. Started once (the dashboard's first visit), it goes on while
 * the admin is on other pages or the window is minimised (the engine polls and keeps the history); only
 * the dashboard's switch pauses it, and that choice is kept until the switch is turned on again.
 */
let pausedByAdmin = false;

export function ensureWatch(intervalSeconds = 5): void {
  if (pausedByAdmin || wizard().health.watching) return;
  void startWatch(intervalSeconds);
}

export function setWatchPaused(paused: boolean, intervalSeconds = 5): Promise<void> {
  pausedByAdmin = paused;
  return paused ? stopWatch() : startWatch(intervalSeconds);
}
