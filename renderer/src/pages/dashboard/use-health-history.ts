/**
 * The history the dashboard draws: `health.history` read when the page opens or the window changes and
 * again every minute, plus each `health.event` the engine pushes in between (shown at once).
 */
import { useEffect, useMemo, useState } from 'react';
import type { ClusterEvent, HealthHistory } from '../../../../electron/shared/health-history';
import { call, engine, errorText, on } from '../../api';
import { toProfile } from '../../store/profile-mapping';
import { wizard } from '../../store/wizard-store';

export const REREAD_MS = 60_000;

const sameEvent = (a: ClusterEvent, b: ClusterEvent) => a.at === b.at && a.kind === b.kind && a.node === b.node && a.text === b.text;

export interface HistoryState {
  history: HealthHistory | null;
  /** Why the last read failed (the engine refused or could not answer); null after a good read. */
  error: string | null;
  /** The history's events and every pushed one since, oldest first, without repeats. */
  events: ClusterEvent[];
}

export function useHealthHistory(hours: number): HistoryState {
  const [history, setHistory] = useState<HealthHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pushed, setPushed] = useState<ClusterEvent[]>([]);

  useEffect(() => {
    if (!engine()) return;
    let alive = true;
    const read = async () => {
      try {
        const s = wizard();
        const { profile } = toProfile(s.draft, s.secrets);
        const h = await call('health.history', { profile, hours });
        if (!alive) return;
        setHistory(h);
        setError(null);
        // What the history now holds need not be kept twice.
        setPushed((p) => p.filter((e) => !h.events.some((k) => sameEvent(k, e))));
      } catch (e) {
        if (alive) setError(errorText(e));
      }
    };
    void read();
    const timer = setInterval(() => void read(), REREAD_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [hours]);

  const cluster = history?.cluster ?? null;
  useEffect(() => on('health.event', (p) => {
    // Another cluster's watch (a profile open elsewhere) is not this dashboard's.
    if (cluster !== null && p.cluster !== cluster) return;
    setPushed((list) => (list.some((e) => sameEvent(e, p.event)) ? list : [...list, p.event]));
  }), [cluster]);

  const events = useMemo(() => {
    const kept = history?.events ?? [];
    return [...kept, ...pushed.filter((e) => !kept.some((k) => sameEvent(k, e)))].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }, [history, pushed]);
  return { history, error, events };
}
