/**
 * The dashboard's history (issue 13): per server a status band and a response-time sparkline over the
 * last 1, 6 or 24 hours, the cluster's events newest first, and a "Show as table" view of the same data.
 */
import { Caption1, Radio, RadioGroup, Subtitle1, Subtitle2, Switch, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useId, useMemo, useState } from 'react';
import { EventTimeline } from './event-timeline';
import { EventsTable, ServerTable } from './history-tables';
import { BANDS, BAND_WORD, bandSummary, clock, responseSummary, runsOf, windowOf } from './history-model';
import { BandPattern, Sparkline, StatusBand } from './status-band';
import { useHealthHistory } from './use-health-history';

const WINDOWS = [{ hours: 1, label: '1 hour' }, { hours: 6, label: '6 hours' }, { hours: 24, label: '24 hours' }] as const;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  legend: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', margin: 0, padding: 0, listStyle: 'none' },
  key: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  swatch: { width: '24px', height: '14px', display: 'block', forcedColorAdjust: 'none' },
  swatchFrame: { fill: 'none', stroke: tokens.colorNeutralStroke1, '@media (forced-colors: active)': { stroke: 'CanvasText' } },
  rows: { display: 'grid', gridTemplateColumns: 'minmax(5rem, max-content) 1fr', gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`, alignItems: 'start' },
  name: { paddingTop: '1px', overflowWrap: 'anywhere' },
  pictures: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  ticks: { display: 'flex', justifyContent: 'space-between', color: tokens.colorNeutralForeground3 },
  quiet: { color: tokens.colorNeutralForeground2 },
});

function Legend() {
  const s = useStyles();
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  return (
    <ul className={s.legend} aria-label="What the bands show">
      {BANDS.map((b) => (
        <li key={b} className={s.key}>
          <svg className={s.swatch} viewBox="0 0 24 14" aria-hidden="true">
            <defs><BandPattern id={`${id}-${b}`} band={b} /></defs>
            <rect width={24} height={14} fill={`url(#${id}-${b})`} />
            <rect x={0.5} y={0.5} width={23} height={13} className={s.swatchFrame} />
          </svg>
          <Caption1>{BAND_WORD[b]}</Caption1>
        </li>
      ))}
    </ul>
  );
}

/** The window's start, middle and end times under the bands (the labels say them too, for screen readers). */
function Ticks({ from, to }: { from: number; to: number }) {
  const s = useStyles();
  return (
    <div className={s.ticks} aria-hidden="true">
      {[from, (from + to) / 2, to].map((t) => <Caption1 key={t}>{clock(t, to)}</Caption1>)}
    </div>
  );
}

export function HealthHistoryPanel() {
  const s = useStyles();
  const [hours, setHours] = useState(24);
  const [asTable, setAsTable] = useState(false);
  const { history, error, events } = useHealthHistory(hours);

  const view = useMemo(() => {
    if (!history) return null;
    const { from, to } = windowOf(history, hours);
    const nodes = history.nodes.map((n) => ({ id: n.id, buckets: n.buckets, runs: runsOf(n.buckets, history.bucketSeconds, from, to) }));
    return { from, to, nodes, bucketSeconds: history.bucketSeconds };
  }, [history, hours]);
  const shown = view ? events.filter((e) => Date.parse(e.at) >= view.from) : events;
  const now = view?.to ?? Date.now();

  return (
    <section className={s.section} aria-labelledby="history-h" data-testid="health-history">
      <Subtitle1 as="h2" id="history-h">History</Subtitle1>
      <div className={s.bar}>
        <RadioGroup layout="horizontal" value={String(hours)} onChange={(_, d) => setHours(Number(d.value))} aria-label="Show the last">
          {WINDOWS.map((w) => <Radio key={w.hours} value={String(w.hours)} label={w.label} />)}
        </RadioGroup>
        <Switch label="Show as table" checked={asTable} onChange={(_, d) => setAsTable(d.checked)} />
      </div>
      {error && <Caption1 className={s.quiet} data-testid="history-unavailable">The history cannot be shown now: {error}</Caption1>}
      {!view && !error && <Caption1 className={s.quiet}>Reading the history…</Caption1>}
      {view && !asTable && (
        <>
          <Legend />
          <div className={s.rows}>
            {view.nodes.map((n) => (
              <div key={n.id} style={{ display: 'contents' }} data-testid={`history-node-${n.id}`}>
                <Text weight="semibold" className={s.name}>{n.id}</Text>
                <div className={s.pictures}>
                  <StatusBand runs={n.runs} from={view.from} to={view.to} label={bandSummary(n.id, n.runs, now)} />
                  <Sparkline buckets={n.buckets} bucketSeconds={view.bucketSeconds} from={view.from} to={view.to} label={responseSummary(n.id, n.buckets, now)} />
                  <Ticks from={view.from} to={view.to} />
                </div>
              </div>
            ))}
          </div>
        </>
      )}
      {view && asTable && view.nodes.map((n) => <ServerTable key={n.id} node={n.id} runs={n.runs} now={now} />)}
      {(view || shown.length > 0) && (asTable ? <EventsTable events={shown} now={now} /> : (
        <>
          <Subtitle2 as="h3">Events</Subtitle2>
          <EventTimeline events={shown} now={now} />
        </>
      ))}
    </section>
  );
}
