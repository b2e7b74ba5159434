/** A page's last check run: live progress, errors, whether it is out of date, a summary, the rows. */
import { Body1, Button, Field, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import { DismissCircle20Regular } from '@fluentui/react-icons';
import { cancelChecks } from '../store/check-actions';
import { useRun } from '../store/hooks';
import type { CheckResult, RunScope } from '../store/run-types';
import { CheckList } from './check-list';
import { RERUN_BUTTON } from './rerun-buttons';
import { StatusBadge } from './status-badge';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  summary: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  running: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  grow: { flexGrow: 1, minWidth: '16rem' },
});

export function Summary({ results }: { results: CheckResult[] }) {
  const s = useStyles();
  const count = (st: CheckResult['status']) => results.filter((r) => r.status === st).length;
  return (
    <div className={s.summary} role="status">
      <StatusBadge status="pass" label={`${count('pass')} passed`} />
      <StatusBadge status="warn" label={`${count('warn')} ${count('warn') === 1 ? 'warning' : 'warnings'}`} />
      <StatusBadge status="fail" label={`${count('fail')} failed`} />
      <StatusBadge status="skip" label={`${count('skip')} skipped`} />
    </div>
  );
}

export function RunProgress({ done, expected, label = 'Checking' }: { done: number; expected: number; label?: string }) {
  const total = Math.max(expected, done, 1);
  return (
    <Field label={`${label}… ${done} of ${total} checks done`} validationState="none">
      <ProgressBar value={done / total} max={1} thickness="large" aria-label={`${label}: ${done} of ${total} checks done`} />
    </Field>
  );
}

interface Props {
  scope: RunScope;
  /** Shown before the first run. */
  idle?: string;
  byArea?: boolean;
  /** Leave out rows another part of the page shows already. */
  filter?: (r: CheckResult) => boolean;
}

export function CheckRunPanel({ scope, idle, byArea, filter }: Props) {
  const s = useStyles();
  const { run, running, stale, results } = useRun(scope);
  if (!run) return idle ? <Body1>{idle}</Body1> : null;
  const shown = filter ? results.filter(filter) : results;
  return (
    <div className={s.root}>
      {running && (
        <div className={s.running}>
          <div className={s.grow}><RunProgress done={results.length} expected={run.expected} /></div>
          <Button icon={<DismissCircle20Regular />} onClick={() => void cancelChecks(scope).catch(() => undefined)}>Cancel checks</Button>
        </div>
      )}
      {run.status === 'error' && (
        <MessageBar intent={run.cancelled ? 'warning' : 'error'} layout="multiline">
          <MessageBarBody><MessageBarTitle>{run.cancelled ? 'Checks cancelled' : 'The checks could not run'}</MessageBarTitle>{run.error}</MessageBarBody>
        </MessageBar>
      )}
      {stale && !running && (
        <MessageBar intent="info">
          <MessageBarBody>You changed something since this test: these results may be out of date. Test again to be sure.</MessageBarBody>
        </MessageBar>
      )}
      {run.status === 'done' && <Summary results={results} />}
      {shown.length > 0 && <CheckList results={shown} byArea={byArea ?? false} rerunButton={RERUN_BUTTON[scope]} />}
    </div>
  );
}
