/** The left-hand step list: a navigation landmark; pages up to the furthest reached can be revisited. */
import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, Circle20Regular, RecordStop20Regular, Warning20Filled } from '@fluentui/react-icons';
import { pageReady } from '../lib/page-ready';
import { STEPS, stepIndex, type StepId } from '../store/steps';
import { useWizard } from '../store/wizard-store';

const useStyles = makeStyles({
  nav: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingVerticalL },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  step: { width: '100%', justifyContent: 'flex-start', fontWeight: tokens.fontWeightRegular },
  current: { fontWeight: tokens.fontWeightSemibold, backgroundColor: tokens.colorSubtleBackgroundSelected },
  done: { color: tokens.colorPaletteGreenForeground1 },
  attention: { color: tokens.colorPaletteDarkOrangeForeground1 },
  heading: { padding: `0 ${tokens.spacingHorizontalS}`, color: tokens.colorNeutralForeground3 },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

type Look = 'current' | 'done' | 'attention' | 'todo';

export function StepNav() {
  const s = useStyles();
  const state = useWizard();
  const current = stepIndex(state.step);
  const lookOf = (id: StepId, i: number): Look => {
    if (i === current) return 'current';
    if (i > state.furthest) return 'todo';
    return pageReady(id, state) ? 'done' : 'attention';
  };
  const enabled = (id: StepId, i: number) => {
    if (i > state.furthest) return false;
    // Apply only runs a reviewed cluster; the dashboard is for a cluster that has a profile.
    if (id === 'apply') return pageReady('review', state);
    return true;
  };
  const ICON: Record<Look, React.ReactElement> = {
    current: <RecordStop20Regular />, done: <CheckmarkCircle20Filled className={s.done} />,
    attention: <Warning20Filled className={s.attention} />, todo: <Circle20Regular />,
  };
  const WORD: Record<Look, string> = { current: 'current step', done: 'completed', attention: 'needs attention', todo: 'not reached yet' };
  return (
    <nav className={s.nav} aria-label="Wizard steps">
      <Caption1 className={s.heading}>Steps</Caption1>
      <ol className={s.list}>
        {STEPS.map((step, i) => {
          const look = lookOf(step.id, i);
          return (
            <li key={step.id}>
              <Button
                appearance="subtle"
                className={`${s.step} ${look === 'current' ? s.current : ''}`}
                icon={ICON[look]}
                aria-current={look === 'current' ? 'step' : undefined}
                disabled={!enabled(step.id, i) && look !== 'current'}
                onClick={() => state.goTo(step.id)}
              >
                {i + 1}. {step.title}
                <span className={s.hidden}> ({WORD[look]})</span>
              </Button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
