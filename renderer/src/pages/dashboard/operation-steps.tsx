/** The steps of an add or a remove as they happen: each server's step and how it went, in order. */
import { Body1, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { StatusBadge } from '../../components/status-badge';
import type { ApplyState, ApplyStepName } from '../../store/run-types';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  detail: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

export const STEP_WORDS: Record<ApplyStepName, string> = {
  backup: 'Back up its configuration', write: 'Write its configuration', drain: 'Take it out of the balancer’s rotation', 'wait-drained': 'Wait until it serves nothing',
  restart: 'Restart its service', stop: 'Stop its service', 'wait-healthy': 'Wait until it reports healthy', resume: 'Put it back in rotation',
  balancer: 'Change the balancer’s server list', settings: 'Database settings', rollback: 'Restore from the backup',
};

export function OperationSteps({ apply, label }: { apply: ApplyState; label: string }) {
  const s = useStyles();
  const rows = Object.entries(apply.steps).flatMap(([node, steps]) => Object.values(steps).map((p) => ({ node: node || 'Cluster', ...p! })));
  if (!rows.length) return apply.status === 'running' ? <Spinner size="tiny" label="Starting…" labelPosition="after" /> : null;
  return (
    <ol className={s.list} aria-label={label}>
      {rows.map((r) => (
        <li key={`${r.node}-${r.step}`} className={s.item} data-testid={`step-${r.node}-${r.step}`}>
          {r.status === 'started' ? <Spinner size="extra-tiny" aria-label="Running" /> : <StatusBadge status={r.status === 'done' ? 'pass' : 'fail'} label={r.status === 'done' ? 'Done' : 'Failed'} />}
          <Body1>{r.node}: {STEP_WORDS[r.step]}</Body1>
          {r.detail && <Body1 className={s.detail}>— {r.detail}</Body1>}
        </li>
      ))}
    </ol>
  );
}
