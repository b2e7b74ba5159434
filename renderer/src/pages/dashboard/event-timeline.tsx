/** The cluster's events, newest first: each with its time, its kind as icon AND word, and its sentence. */
import { Caption1, Text, makeStyles, tokens } from '@fluentui/react-components';
import {
  AddCircle20Regular, ArrowCircleDown20Regular, ArrowCircleUp20Regular, ArrowSync20Regular, CheckmarkCircle20Regular, Eye20Regular, EyeOff20Regular,
  PauseCircle20Regular, PlayCircle20Regular, ShieldCheckmark20Regular, SubtractCircle20Regular, Warning20Regular,
} from '@fluentui/react-icons';
import type { ClusterEvent } from '../../../../electron/shared/health-history';
import { clock } from './history-model';

type Kind = ClusterEvent['kind'];
type Tone = 'bad' | 'good' | 'warn' | 'neutral';

/** One place for each kind's word, icon and tone (the table view says the same words). */
export const EVENT_LOOK: Record<Kind, { word: string; icon: React.ReactElement; tone: Tone }> = {
  'node-down': { word: 'Server down', icon: <ArrowCircleDown20Regular />, tone: 'bad' },
  'node-back': { word: 'Server back', icon: <CheckmarkCircle20Regular />, tone: 'good' },
  'drift-found': { word: 'Drift found', icon: <Warning20Regular />, tone: 'warn' },
  'drift-cleared': { word: 'Drift cleared', icon: <ShieldCheckmark20Regular />, tone: 'good' },
  apply: { word: 'Changes applied', icon: <ArrowSync20Regular />, tone: 'neutral' },
  drain: { word: 'Drained', icon: <PauseCircle20Regular />, tone: 'neutral' },
  resume: { word: 'Back in rotation', icon: <PlayCircle20Regular />, tone: 'neutral' },
  'node-added': { word: 'Server added', icon: <AddCircle20Regular />, tone: 'neutral' },
  'node-removed': { word: 'Server removed', icon: <SubtractCircle20Regular />, tone: 'neutral' },
  'watch-started': { word: 'Watching started', icon: <Eye20Regular />, tone: 'neutral' },
  'watch-stopped': { word: 'Watching stopped', icon: <EyeOff20Regular />, tone: 'neutral' },
  upgrade: { word: 'Product upgrade', icon: <ArrowCircleUp20Regular />, tone: 'neutral' },
};

const useStyles = makeStyles({
  // A long day's events scroll inside their box; the box takes focus so the keyboard can scroll it.
  list: { listStyle: 'none', margin: 0, padding: 0, maxHeight: '18rem', overflowY: 'auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { display: 'grid', gridTemplateColumns: 'max-content 11.5rem 1fr', alignItems: 'baseline', gap: tokens.spacingHorizontalM, padding: `${tokens.spacingVerticalXXS} 0` },
  time: { color: tokens.colorNeutralForeground2, fontVariantNumeric: 'tabular-nums', minWidth: '5rem' },
  kind: { display: 'inline-flex', alignItems: 'center', whiteSpace: 'nowrap', gap: tokens.spacingHorizontalXS, fontWeight: tokens.fontWeightSemibold, alignSelf: 'center' },
  // The palette's red, not the status token: that one is below 4.5:1 on the dark theme's background.
  bad: { color: tokens.colorPaletteRedForeground1 },
  good: { color: tokens.colorStatusSuccessForeground1 },
  warn: { color: tokens.colorStatusWarningForeground1 },
  neutral: { color: tokens.colorNeutralForeground1 },
  text: { overflowWrap: 'anywhere' },
});

/** Newest first (the history keeps them oldest first). */
export const newestFirst = (events: ClusterEvent[]) => [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

export function EventTimeline({ events, now }: { events: ClusterEvent[]; now: number }) {
  const s = useStyles();
  if (!events.length) return <Caption1>No events in this window.</Caption1>;
  return (
    <ol className={s.list} aria-label="Cluster events, newest first" tabIndex={0} data-testid="history-events">
      {newestFirst(events).map((e, i) => {
        const look = EVENT_LOOK[e.kind];
        return (
          <li key={`${e.at}-${e.kind}-${e.node ?? ''}-${i}`} className={s.item} data-kind={e.kind}>
            <Caption1 className={s.time}><time dateTime={e.at}>{clock(Date.parse(e.at), now)}</time></Caption1>
            <span className={`${s.kind} ${s[look.tone]}`}>{look.icon}<Text weight="semibold" className={s[look.tone]}>{look.word}</Text></span>
            <Text className={s.text}>{e.text}</Text>
          </li>
        );
      })}
    </ol>
  );
}
