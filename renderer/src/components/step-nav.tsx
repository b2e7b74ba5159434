/**
 * The left-hand step list: a navigation landmark; pages up to the furthest reached can be revisited.
 * Each step's mark says whether it was checked and how that went (lib/step-status.ts), with its own
 * icon shape and its own words (seen and read out), never by colour alone.
 */
import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import {
  ArrowSyncCircle20Regular, CheckmarkCircle20Filled, Circle20Regular, CircleHint20Regular, DismissCircle20Filled, HourglassHalf20Regular, Info20Regular, Warning20Filled,
} from '@fluentui/react-icons';
import { pageReady } from '../lib/page-ready';
import { statusWords, stepStatus, type StepStatus } from '../lib/step-status';
import { STEPS, stepIndex, type StepId } from '../store/steps';
import { useWizard } from '../store/wizard-store';

const useStyles = makeStyles({
  nav: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingVerticalL },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  step: { width: '100%', justifyContent: 'flex-start', fontWeight: tokens.fontWeightRegular, textAlign: 'start', paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
  current: { fontWeight: tokens.fontWeightSemibold, backgroundColor: tokens.colorSubtleBackgroundSelected },
  label: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start' },
  state: { color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular },
  passed: { color: tokens.colorPaletteGreenForeground1 },
  warnings: { color: tokens.colorPaletteDarkOrangeForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  heading: { padding: `0 ${tokens.spacingHorizontalS}`, color: tokens.colorNeutralForeground3 },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

type Mark = StepStatus | 'unreached';

export function StepNav() {
  const s = useStyles();
  const state = useWizard();
  const current = stepIndex(state.step);
  const enabled = (id: StepId, i: number) => {
    if (i > state.furthest) return false;
    // Apply only runs a reviewed cluster; the dashboard is for a cluster that has a profile.
    if (id === 'apply') return pageReady('review', state);
    return true;
  };
  const ICON: Record<Mark, React.ReactElement> = {
    none: <Info20Regular />,
    untested: <Circle20Regular />,
    running: <HourglassHalf20Regular />,
    passed: <CheckmarkCircle20Filled className={s.passed} />,
    warnings: <Warning20Filled className={s.warnings} />,
    failed: <DismissCircle20Filled className={s.failed} />,
    stale: <ArrowSyncCircle20Regular className={s.warnings} />,
    unreached: <CircleHint20Regular />,
  };
  return (
    <nav className={s.nav} aria-label="Wizard steps">
      <Caption1 className={s.heading}>Steps</Caption1>
      <ol className={s.list}>
        {STEPS.map((step, i) => {
          const isCurrent = i === current;
          const mark: Mark = i > state.furthest && !isCurrent ? 'unreached' : stepStatus(step.id, state);
          const words = mark === 'unreached' ? 'not reached yet' : statusWords(step.id, mark);
          return (
            <li key={step.id}>
              <Button
                appearance="subtle"
                className={`${s.step} ${isCurrent ? s.current : ''}`}
                icon={ICON[mark]}
                aria-current={isCurrent ? 'step' : undefined}
                disabled={!enabled(step.id, i) && !isCurrent}
                data-status={mark}
                onClick={() => state.goTo(step.id)}
              >
                <span className={s.label}>
                  <span>{i + 1}. {step.title}</span>
                  {/* Read out as "2. Servers, checked and passed". */}
                  {mark !== 'none' && <><span className={s.hidden}>, </span><Caption1 className={s.state}>{words}</Caption1></>}
                </span>
              </Button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
