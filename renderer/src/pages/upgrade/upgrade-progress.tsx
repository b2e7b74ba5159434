/** The run as it happens: every step of the plan in order with how it went, then the rollback's own steps, marked as undoing. */
import { Body1, Caption1, Spinner, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { UpgradePlan } from '../../../../electron/shared/upgrade-schema';
import { StatusBadge } from '../../components/status-badge';
import type { StepStatus, UpgradeRun } from '../../store/upgrade-flow';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'grid', gridTemplateColumns: '6.5rem 1fr', columnGap: tokens.spacingHorizontalS, alignItems: 'baseline' },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, overflowWrap: 'anywhere' },
  detail: { color: tokens.colorNeutralForeground2 },
  waiting: { color: tokens.colorNeutralForeground3 },
});

function Status({ status }: { status: StepStatus | undefined }) {
  const s = useStyles();
  if (!status) return <Caption1 className={s.waiting}>Not yet</Caption1>;
  if (status === 'started') return <Spinner size="extra-tiny" label="Running" labelPosition="after" />;
  if (status === 'skipped') return <StatusBadge status="skip" label="Skipped" />;
  return <StatusBadge status={status === 'done' ? 'pass' : 'fail'} label={status === 'done' ? 'Done' : 'Failed'} />;
}

export function UpgradeProgress({ plan, run }: { plan: UpgradePlan; run: UpgradeRun }) {
  const s = useStyles();
  const text = (id: string) => {
    const step = plan.steps.find((x) => x.id === id);
    return step ? `${step.nodeId ? `${step.nodeId}: ` : ''}${step.text}` : id;
  };
  const done = plan.steps.filter((x) => run.steps[x.id]?.status === 'done').length;
  return (
    <>
      <Body1 role="status" aria-live="polite">{done} of {plan.steps.length} steps done{run.undo.length ? `; undoing ${run.undo.length} ${run.undo.length === 1 ? 'step' : 'steps'}` : ''}.</Body1>
      <ol className={s.list} aria-label="Upgrade steps">
        {plan.steps.map((x) => {
          const p = run.steps[x.id];
          return (
            <li key={x.id} className={s.row} data-testid={`run-step-${x.id}`} data-status={p?.status ?? 'waiting'}>
              <Status status={p?.status} />
              <div className={s.text}>
                <Body1>{text(x.id)}</Body1>
                {p?.detail && <Caption1 className={s.detail}>{p.detail}</Caption1>}
              </div>
            </li>
          );
        })}
      </ol>
      {run.undo.length > 0 && (
        <>
          <Subtitle2 as="h4">Putting things back</Subtitle2>
          <ol className={s.list} aria-label="Undo steps">
            {run.undo.map((u) => (
              <li key={u.stepId} className={s.row} data-testid={`undo-step-${u.stepId}`} data-status={u.status}>
                <Status status={u.status} />
                <div className={s.text}>
                  <Body1>Undo: {text(u.stepId)}</Body1>
                  {u.detail && <Caption1 className={s.detail}>{u.detail}</Caption1>}
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
      {run.log.length > 0 && (
        <ul className={s.list} aria-label="Warnings during the upgrade">
          {run.log.map((l, i) => <li key={i}><StatusBadge status={l.level === 'error' ? 'fail' : 'warn'} label={l.level === 'error' ? 'Error' : 'Warning'} /> <Body1>{l.message}</Body1></li>)}
        </ul>
      )}
    </>
  );
}
