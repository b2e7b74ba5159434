/**
 * A server's status over the window as one band, and its /health times as a sparkline (issue 13). SVG
 * (visx) so the shapes can carry a role, a label and system colours: each band has its own pattern as
 * well as its colour, so it reads in forced colours (Windows high contrast) and to the colour-blind.
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import { Group } from '@visx/group';
import { Bar, LinePath } from '@visx/shape';
import { useId } from 'react';
import type { HistoryBucket } from '../../../../electron/shared/health-history';
import { BAND_WORD, clock, duration, type Band, type Run } from './history-model';

/** The drawing's own units: the SVG stretches to its box, so widths here are fractions of 1000. */
export const BAND_WIDTH = 1000;
const BAND_HEIGHT = 20;
const SPARK_HEIGHT = 28;

const FORCED = '@media (forced-colors: active)';
const useStyles = makeStyles({
  // Each picture takes focus (Tab reaches it, a screen reader reads its label); the ring shows where.
  svg: {
    display: 'block', width: '100%', forcedColorAdjust: 'none',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px', '@media (forced-colors: active)': { outlineColor: 'Highlight' } },
  },
  band: { height: '20px' },
  spark: { height: '28px' },
  frame: { fill: 'none', stroke: tokens.colorNeutralStroke1, strokeWidth: '1px', [FORCED]: { stroke: 'CanvasText' } },
  // Background and marks of each band's pattern: Fluent's status palette, system colours when forced.
  healthyBg: { fill: tokens.colorStatusSuccessBackground3, [FORCED]: { fill: 'Canvas' } },
  degradedBg: { fill: tokens.colorStatusWarningBackground3, [FORCED]: { fill: 'Canvas' } },
  downBg: { fill: tokens.colorStatusDangerBackground3, [FORCED]: { fill: 'CanvasText' } },
  unknownBg: { fill: tokens.colorNeutralBackground5, [FORCED]: { fill: 'Canvas' } },
  mark: { stroke: tokens.colorNeutralForegroundInverted, strokeWidth: '1.5px', fill: 'none', [FORCED]: { stroke: 'CanvasText' } },
  downMark: { stroke: tokens.colorNeutralForegroundInverted, strokeWidth: '1.5px', fill: 'none', [FORCED]: { stroke: 'Canvas' } },
  dot: { fill: tokens.colorNeutralForeground3, [FORCED]: { fill: 'GrayText' } },
  line: { fill: 'none', stroke: tokens.colorBrandForeground1, strokeWidth: '1.5px', [FORCED]: { stroke: 'CanvasText' } },
  axis: { stroke: tokens.colorNeutralStroke2, strokeWidth: '1px', [FORCED]: { stroke: 'GrayText' } },
});

/** Each band's pattern: healthy plain, degraded slanted lines, down crossed lines, unknown dots. */
export function BandPattern({ id, band }: { id: string; band: Band }) {
  const s = useStyles();
  const bg = { healthy: s.healthyBg, degraded: s.degradedBg, down: s.downBg, unknown: s.unknownBg }[band];
  return (
    <pattern id={id} width={8} height={8} patternUnits="userSpaceOnUse">
      <rect width={8} height={8} className={bg} />
      {band === 'degraded' && <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" className={s.mark} vectorEffect="non-scaling-stroke" />}
      {band === 'down' && <path d="M0,0 l8,8 M8,0 l-8,8" className={s.downMark} vectorEffect="non-scaling-stroke" />}
      {band === 'unknown' && <circle cx={4} cy={4} r={1.3} className={s.dot} />}
    </pattern>
  );
}

/**
 * Time to x: a straight line from [from, to] onto [0, width]. Written out rather than @visx/scale's
 * scaleLinear, which brings d3's interpolators and number formats along: 34 kB minified for this one line.
 */
export const linear = (from: number, to: number, width: number) => (t: number) => (to > from ? ((t - from) / (to - from)) * width : 0);

const BANDS: Band[] = ['healthy', 'degraded', 'down', 'unknown'];

/**
 * A minute down in a 24-hour band is 0.07 % of it, under one pixel: a problem is drawn at least this wide
 * (in the drawing's units: 5 px on the 620 px band of a 1024 px window) so it can be seen; its label and
 * the table say how long it really was.
 */
export const MIN_PROBLEM = 8;
const isProblem = (r: Run) => r.band === 'down' || r.band === 'degraded';

/** The band: one rectangle per run, as wide as its share of the window. */
export function StatusBand({ runs, from, to, label }: { runs: Run[]; from: number; to: number; label: string }) {
  const s = useStyles();
  const uid = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const x = linear(from, to, BAND_WIDTH);
  return (
    <svg role="img" aria-label={label} tabIndex={0} className={`${s.svg} ${s.band}`} viewBox={`0 0 ${BAND_WIDTH} ${BAND_HEIGHT}`} preserveAspectRatio="none">
      <defs>{BANDS.map((b) => <BandPattern key={b} id={`${uid}-${b}`} band={b} />)}</defs>
      <Group>
        {/* Problems drawn last, over their neighbours, and never thinner than MIN_PROBLEM. */}
        {[...runs].sort((a, b) => Number(isProblem(a)) - Number(isProblem(b))).map((r) => {
          const exact = x(r.to) - x(r.from);
          const width = isProblem(r) ? Math.max(exact, MIN_PROBLEM) : Math.max(exact, 0);
          const left = Math.min(Math.max(x(r.from) - (width - exact) / 2, 0), BAND_WIDTH - width);
          return (
            <Bar key={r.from} x={left} y={0} width={width} height={BAND_HEIGHT} fill={`url(#${uid}-${r.band})`} data-band={r.band} data-from={r.from} data-to={r.to}>
              <title>{`${BAND_WORD[r.band]} from ${clock(r.from, to)} to ${clock(r.to, to)} (${duration(r.to - r.from)})`}</title>
            </Bar>
          );
        })}
        <rect x={0} y={0} width={BAND_WIDTH} height={BAND_HEIGHT} className={s.frame} vectorEffect="non-scaling-stroke" />
      </Group>
    </svg>
  );
}

/** The /health times, bucket by bucket; a gap where no answer came. */
export function Sparkline({ buckets, bucketSeconds, from, to, label }: { buckets: HistoryBucket[]; bucketSeconds: number; from: number; to: number; label: string }) {
  const s = useStyles();
  const step = bucketSeconds * 1000;
  const answered = buckets.map((b) => ({ at: Date.parse(b.at) + step / 2, ms: b.elapsedMs })).filter((p) => p.at >= from && p.at <= to).sort((a, b) => a.at - b.at);
  // Where buckets are missing (nobody watched) the line breaks too, rather than bridging the gap.
  const points = answered.flatMap((p, i) => (i > 0 && p.at - answered[i - 1]!.at > step * 1.5 ? [{ at: p.at - step, ms: null }, p] : [p]));
  const max = Math.max(1, ...points.map((p) => p.ms ?? 0));
  const x = linear(from, to, BAND_WIDTH);
  // Upwards: 0 ms at the bottom (2 units of margin), the slowest at the top.
  const y = (ms: number) => SPARK_HEIGHT - 2 - linear(0, max, SPARK_HEIGHT - 4)(ms);
  return (
    <svg role="img" aria-label={label} tabIndex={0} className={`${s.svg} ${s.spark}`} viewBox={`0 0 ${BAND_WIDTH} ${SPARK_HEIGHT}`} preserveAspectRatio="none">
      <line x1={0} x2={BAND_WIDTH} y1={SPARK_HEIGHT - 1} y2={SPARK_HEIGHT - 1} className={s.axis} vectorEffect="non-scaling-stroke" />
      <LinePath data={points} x={(p) => x(p.at)} y={(p) => y(p.ms ?? 0)} defined={(p) => p.ms !== null}
        className={s.line} vectorEffect="non-scaling-stroke" data-testid="sparkline-path" />
    </svg>
  );
}
