/**
 * The dashboard's history pictures (issue 13) against the fake engine: the bands drawn for given buckets
 * (the SVG segments' widths and states, not snapshots), the labels a screen reader says, the table view
 * holding the same data, live events, the minute's re-read and the quiet line when the engine refuses.
 */
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallInput, WizardApi } from '../../../../electron/shared/contract';
import type { ClusterEvent, HealthHistory, HistoryBucket } from '../../../../electron/shared/health-history';
import { installFakeEngine, renderPage } from '../../testing/fake-engine';
import DashboardPage from '../dashboard-page';
import { HealthHistoryPanel } from './health-history-panel';
import { MIN_PROBLEM } from './status-band';

// A time zone an hour off UTC, so "local time" is seen to be local: 14:32 UTC is 15:32 in Berlin in November.
beforeAll(() => {
  process.env.TZ = 'Europe/Berlin';
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  delete (window as { wizard?: WizardApi }).wizard;
});

const TO = Date.parse('2026-11-30T15:00:00Z');
const FROM = TO - 3_600_000;
const MIN = 60_000;
/** 15:32 local (14:32 UTC) in either clock the locale uses. */
const local = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new RegExp(`^(${hhmm}|0?${h > 12 ? h - 12 : h}:${String(m).padStart(2, '0')}\\s[AP]M)$`);
};

/** One bucket per minute of the hour; `at(i)` says each minute's state and time. */
function buckets(at: (i: number) => [HistoryBucket['state'], number | null] | null): HistoryBucket[] {
  const out: HistoryBucket[] = [];
  for (let i = 0; i < 60; i++) {
    const b = at(i);
    if (b) out.push({ at: new Date(FROM + i * MIN).toISOString(), state: b[0], elapsedMs: b[1] });
  }
  return out;
}

const EVENTS: ClusterEvent[] = [
  { at: new Date(FROM + 32 * MIN).toISOString(), kind: 'node-down', node: 'node2', text: 'node2 stopped answering /health (service stopped)' },
  { at: new Date(FROM + 33 * MIN).toISOString(), kind: 'node-back', node: 'node2', text: 'node2 answers /health again' },
];

/** node1 healthy all hour; node2 down (service stopped) for the minute at 14:32 UTC; node3 not watched the first 10 minutes. */
const HISTORY: HealthHistory = {
  cluster: 'c1', from: new Date(FROM).toISOString(), to: new Date(TO).toISOString(), bucketSeconds: 60,
  nodes: [
    { id: 'node1', buckets: buckets(() => ['healthy', 10]) },
    { id: 'node2', buckets: buckets((i) => (i === 32 ? ['service-stopped', null] : ['healthy', i < 32 ? 12 : 30])) },
    { id: 'node3', buckets: buckets((i) => (i < 10 ? null : ['healthy', 8])) },
    // Not watched for ten minutes in the middle (the app was closed).
    { id: 'node4', buckets: buckets((i) => (i >= 20 && i < 30 ? null : ['healthy', 9])) },
  ],
  events: EVENTS,
};

function showHistory(history: HealthHistory | ((i: CallInput<'health.history'>) => HealthHistory) = HISTORY) {
  const engine = installFakeEngine({ 'health.history': (i) => (typeof history === 'function' ? history(i) : history) });
  renderPage(<HealthHistoryPanel />);
  return engine;
}

const band = (node: string) => within(screen.getByTestId(`history-node-${node}`)).getAllByRole('img')[0]!;
/** The band's segments left to right (problems are drawn last, over their neighbours). */
const segments = (node: string) => Array.from(band(node).querySelectorAll('rect[data-band]'), (r) => ({ band: r.getAttribute('data-band'), x: Number(r.getAttribute('x')), width: Number(r.getAttribute('width')) }))
  .sort((a, b) => a.x - b.x).map(({ band: b, width }) => ({ band: b, width }));
const historyCalls = (engine: ReturnType<typeof installFakeEngine>) => engine.calls.filter((c) => c.name === 'health.history');

describe('the history pictures', () => {
  it('draws each server\'s band from its buckets: a minute down is a sixtieth of an hour\'s band, between two healthy stretches', async () => {
    showHistory();
    await screen.findByTestId('history-node-node2');
    expect(segments('node1')).toEqual([{ band: 'healthy', width: 1000 }]);
    const n2 = segments('node2');
    expect(n2.map((s) => s.band)).toEqual(['healthy', 'down', 'healthy']);
    expect(n2.map((s) => s.width)).toEqual([32, 1, 27].map((m) => expect.closeTo((m / 60) * 1000, 6)));
    // Minutes nobody watched are "unknown", not healthy.
    expect(segments('node3').map((s) => [s.band, Math.round(s.width)])).toEqual([['unknown', 167], ['healthy', 833]]);
  });

  it('draws a minute down in a 24-hour band wide enough to see, and its label says it was a minute', async () => {
    const day: HealthHistory = {
      ...HISTORY, from: new Date(TO - 24 * 60 * MIN).toISOString(),
      nodes: [{ id: 'node2', buckets: Array.from({ length: 1440 }, (_, i) => ({ at: new Date(TO - (1440 - i) * MIN).toISOString(), state: i === 1400 ? 'unreachable' as const : 'healthy' as const, elapsedMs: 10 })) }],
    };
    showHistory(day);
    await screen.findByTestId('history-node-node2');
    const down = segments('node2').find((s) => s.band === 'down')!;
    expect((1 / 1440) * 1000).toBeLessThan(1);
    expect(down.width).toBe(MIN_PROBLEM);
    expect(band('node2').getAttribute('aria-label')).toMatch(/^node2: healthy 23 h 59 min, down 1 min at /);
  });

  it('labels each picture with what it shows, in local time', async () => {
    showHistory();
    await screen.findByTestId('history-node-node2');
    const label = band('node2').getAttribute('aria-label')!;
    const m = /^node2: healthy 59 min, down 1 min at (.+)$/.exec(label);
    expect(m, label).not.toBeNull();
    expect(m![1]).toMatch(local('15:32'));
    expect(band('node3').getAttribute('aria-label')).toBe('node3: healthy 50 min, unknown 10 min');
    const spark = within(screen.getByTestId('history-node-node2')).getAllByRole('img')[1]!;
    expect(spark.getAttribute('aria-label')).toMatch(/^node2 response time: median 12 ms, slowest 30 ms at /);
    // The sparkline breaks where no answer came: two pieces of line, not one drawn through the outage.
    expect(spark.querySelector('path')!.getAttribute('d')!.match(/M/g)).toHaveLength(2);
    // ...and where nobody watched: no line drawn across the gap.
    const spark4 = within(screen.getByTestId('history-node-node4')).getAllByRole('img')[1]!;
    expect(spark4.querySelector('path')!.getAttribute('d')!.match(/M/g)).toHaveLength(2);
  });

  it('shows the same data as tables: per server from, to, state, median response time; and the events', async () => {
    showHistory();
    await screen.findByTestId('history-node-node2');
    fireEvent.click(screen.getByRole('switch', { name: 'Show as table' }));
    const rows = (id: string) => within(screen.getByTestId(id)).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    const n2 = rows('history-table-node2');
    expect(n2.map((r) => r.slice(2))).toEqual([['Healthy', '12 ms'], ['Down (service stopped)', 'no answer'], ['Healthy', '30 ms']]);
    expect(n2[0]![0]).toMatch(local('15:00'));
    expect(n2[1]![0]).toMatch(local('15:32'));
    expect(n2[1]![1]).toMatch(local('15:33'));
    expect(rows('history-table-node3').map((r) => r.slice(2))).toEqual([['Unknown', 'not watched'], ['Healthy', '8 ms']]);
    expect(rows('history-table-events').map((r) => r.slice(1))).toEqual([
      ['Server back', 'node2', 'node2 answers /health again'],
      ['Server down', 'node2', 'node2 stopped answering /health (service stopped)'],
    ]);
    // The pictures make way for the tables; the tables are real ones with captions.
    expect(screen.queryByRole('img', { name: /^node2:/ })).toBeNull();
    expect(screen.getByRole('table', { name: 'node2' })).toBeTruthy();
  });

  it('lists events newest first with icon and word, and shows a pushed health.event at once', async () => {
    const engine = showHistory();
    const list = await screen.findByTestId('history-events');
    expect(Array.from(list.querySelectorAll('li'), (li) => li.getAttribute('data-kind'))).toEqual(['node-back', 'node-down']);
    expect(within(list).getByText('Server down').closest('li')!.querySelector('svg')).not.toBeNull();
    const drift: ClusterEvent = { at: new Date(TO + 20_000).toISOString(), kind: 'drift-found', node: 'node3', text: 'node3: its connection string differs from the cluster\'s' };
    act(() => engine.emit('health.event', { cluster: 'c1', event: drift }));
    act(() => engine.emit('health.event', { cluster: 'another', event: { ...drift, text: 'not this cluster' } }));
    const items = Array.from(screen.getByTestId('history-events').querySelectorAll('li'));
    expect(items.map((li) => li.getAttribute('data-kind'))).toEqual(['drift-found', 'node-back', 'node-down']);
    expect(items[0]!.textContent).toMatch(/Drift found.*node3: its connection string differs/);
    expect(screen.queryByText('not this cluster')).toBeNull();
  });

  it('reads the history again every minute, and for the window the admin picks', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const engine = showHistory();
    await screen.findByTestId('history-node-node2');
    expect(historyCalls(engine).map((c) => (c.input as CallInput<'health.history'>).hours)).toEqual([24]);
    await act(async () => void vi.advanceTimersByTime(60_000));
    expect(historyCalls(engine)).toHaveLength(2);
    fireEvent.click(screen.getByRole('radio', { name: '1 hour' }));
    await act(async () => void vi.advanceTimersByTime(0));
    expect(historyCalls(engine).map((c) => (c.input as CallInput<'health.history'>).hours)).toEqual([24, 24, 1]);
  });

  it('says in one quiet line when the engine refuses the history, and draws no picture', async () => {
    const engine = installFakeEngine();
    engine.failCall['health.history'] = { kind: 'refused', message: 'health.history is not available in this build yet' };
    renderPage(<HealthHistoryPanel />);
    const line = await screen.findByTestId('history-unavailable');
    expect(line.textContent).toBe('The history cannot be shown now: health.history is not available in this build yet');
    expect(screen.queryAllByRole('img')).toHaveLength(0);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('is mounted on the dashboard, its controls reachable by Tab', async () => {
    installFakeEngine({
      'health.history': () => HISTORY,
      'health.watch': () => ({ started: true as const }),
      'health.stop': () => ({ stopped: true }),
    });
    renderPage(<DashboardPage />);
    const section = await screen.findByTestId('health-history');
    await within(section).findByTestId('history-node-node1');
    expect(within(section).getByRole('radio', { name: '24 hours' })).toHaveProperty('checked', true);
    expect(within(section).getByRole('switch', { name: 'Show as table' }).tabIndex).toBe(0);
    // The events box scrolls on its own: it takes focus so the keyboard can scroll it.
    expect(within(section).getByTestId('history-events').tabIndex).toBe(0);
  });
});
