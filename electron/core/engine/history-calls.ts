/**
 * The engine's side of the dashboard's history (issue 13, helper "history"): `health.history` from the
 * keeper, the app's settings (the notification switch), and what feeds the keeper: every round of a
 * `health.watch`, the watch starting and stopping, and an apply's outcome.
 * Other parts record theirs through `service.history.recordEvent(clusterKey(profile), { kind, node, text })`.
 */
import path from 'node:path';
import { DEFAULT_APP_SETTINGS, type AppSettings } from '../../shared/app-settings';
import type { ApplyReport } from '../../shared/apply-schema';
import type { ClusterHealthSnapshot } from '../../shared/health-snapshot';
import type { ClusterProfile } from '../../shared/profile';
import { resolveNodes } from '../run/cluster-context';
import { clusterKey } from '../health/history/cluster-key';
import type { HistoryKeeper } from '../health/history/history-keeper';
import type { Handlers } from './dispatcher';
import { errorMessage } from '../../shared/error-text';

/** The history's folder in an app's data folder (the app, the harness and the CLI use the same). */
export function historyDirOf(dataDir: string): string {
  return path.join(dataDir, 'history');
}

/** Where a host keeps the app's settings; without one they live in memory for the session. */
export interface SettingsStore {
  get(): Promise<AppSettings>;
  set(change: Partial<AppSettings>): Promise<AppSettings>;
}

export function memorySettings(): SettingsStore {
  let current = DEFAULT_APP_SETTINGS;
  return { get: async () => current, set: async (c) => (current = { ...current, ...c }) };
}

export function historyCalls(keeper: HistoryKeeper, settings: SettingsStore): Pick<Handlers, 'health.history' | 'settings.get' | 'settings.set'> {
  return {
    'health.history': (i) => keeper.history(clusterKey(i.profile), resolveNodes(i.profile).map((n) => n.id), i.hours),
    'settings.get': () => settings.get(),
    'settings.set': (i) => settings.set(i),
  };
}

/** What a watch tells the history: it started, each round, it stopped. Never throws into the watch. */
export function watchRecorder(keeper: HistoryKeeper, profile: ClusterProfile, warn: (m: string) => void) {
  const key = clusterKey(profile);
  const safe = (p: Promise<unknown>) => void p.catch((e: unknown) => warn(`health history: ${errorMessage(e)}`));
  let stopped = false;
  return {
    started: () => safe(keeper.recordEvent(key, { kind: 'watch-started', node: null, text: 'Watching started.' })),
    round: (s: ClusterHealthSnapshot) => safe(keeper.recordRound(key, s)),
    /** Once, whichever comes first: the stop asked for (recorded at once, so a host that closes next keeps it), or the watch ending. */
    stopped: () => {
      if (stopped) return;
      stopped = true;
      safe(keeper.recordEvent(key, { kind: 'watch-stopped', node: null, text: 'Watching stopped.' }));
    },
  };
}

const APPLY_WORDS: Record<ApplyReport['status'], (changed: number) => string> = {
  'nothing-to-do': () => 'An apply found nothing to change',
  refused: () => 'An apply was refused; nothing was changed',
  applied: (n) => `A change was applied to ${n} server${n === 1 ? '' : 's'}`,
  'rolled-back': () => 'An apply was rolled back',
  'rollback-failed': () => 'An apply failed and so did its rollback',
};

/** An apply's outcome as a cluster event (its reason is already masked by apply). */
export function recordApply(keeper: HistoryKeeper, profile: ClusterProfile, report: ApplyReport, warn: (m: string) => void): void {
  const text = `${APPLY_WORDS[report.status](report.nodes.filter((n) => n.result === 'changed').length)}${report.reason ? `: ${report.reason}` : ''}.`;
  void keeper.recordEvent(clusterKey(profile), { kind: 'apply', node: null, text }).catch((e: unknown) => warn(`health history: ${errorMessage(e)}`));
}
