/**
 * The plan to review: what happens, in order, on each server and how each step is undone; the backups
 * and where they go; the outage (all together) or the time two versions serve side by side (one at a time);
 * the warnings; and the admin's confirmation that they read the outage sentence.
 */
import { Body1, Caption1, Checkbox, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { UpgradePlan } from '../../../../electron/shared/upgrade-schema';
import { setConfirmed, useUpgrade } from '../../store/upgrade-flow';
import { groupSteps } from './upgrade-groups';
import { MODE_WORDS } from './upgrade-words';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  step: { display: 'grid', gridTemplateColumns: '3.5rem 1fr', columnGap: tokens.spacingHorizontalS },
  n: { color: tokens.colorNeutralForeground3, fontVariantNumeric: 'tabular-nums' },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, overflowWrap: 'anywhere' },
  undo: { color: tokens.colorNeutralForeground2 },
  path: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

const WHAT = { database: 'The database', config: 'Configuration file', extensions: 'Extensions folder' } as const;

export function UpgradeReview({ plan, productName }: { plan: UpgradePlan; productName: string }) {
  const s = useStyles();
  const confirmed = useUpgrade((st) => st.confirmed);
  const outage = plan.mode === 'coordinated';
  return (
    <>
      <Body1>
        {productName} {plan.from} to {plan.to}, {MODE_WORDS[plan.mode].label.toLowerCase().replace(' (recommended)', '')}: {plan.steps.length} steps on {plan.nodes.length} {plan.nodes.length === 1 ? 'server' : 'servers'}. {plan.path.allowed ? plan.path.note : ''}
      </Body1>
      <MessageBar intent={outage ? 'warning' : 'info'} layout="multiline" data-testid="upgrade-expected">
        <MessageBarBody><MessageBarTitle>{outage ? 'Users will see an outage.' : 'Two versions will serve side by side for a while.'}</MessageBarTitle>{plan.expected}</MessageBarBody>
      </MessageBar>
      {plan.warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline" data-testid="upgrade-warnings">
          <MessageBarBody>
            <MessageBarTitle>{plan.warnings.length === 1 ? 'Warning' : 'Warnings'}</MessageBarTitle>
            <ul className={s.list}>{plan.warnings.map((w) => <li key={w}><Body1>{w}</Body1></li>)}</ul>
          </MessageBarBody>
        </MessageBar>
      )}
      <section className={s.section} aria-labelledby="upgrade-backups">
        <Subtitle2 as="h4" id="upgrade-backups">Backups, made and checked before anything stops</Subtitle2>
        <ul className={s.list}>
          {plan.backups.map((b) => (
            <li key={`${b.what}-${b.nodeId ?? ''}`}>
              <Body1>{WHAT[b.what]}{b.nodeId ? ` of ${b.nodeId}` : ''}: <span className={s.path}>{b.path}</span></Body1>
            </li>
          ))}
        </ul>
      </section>
      {groupSteps(plan).map((g) => (
        <section key={g.nodeId ?? 'cluster'} className={s.section} aria-label={`Steps on ${g.title}`} data-testid={`plan-group-${g.nodeId ?? 'cluster'}`}>
          <Subtitle2 as="h4">{g.title}</Subtitle2>
          <ol className={s.list}>
            {g.steps.map(({ n, step }) => (
              <li key={step.id} className={s.step} data-testid={`plan-step-${step.id}`}>
                <Caption1 className={s.n}>Step {n}</Caption1>
                <div className={s.text}>
                  <Body1>{step.text}</Body1>
                  <Caption1 className={s.undo}>{step.undo ? `If the run fails after this: ${step.undo}` : 'Nothing to undo.'}</Caption1>
                </div>
              </li>
            ))}
          </ol>
        </section>
      ))}
      <Checkbox checked={confirmed} onChange={(_, d) => setConfirmed(!!d.checked)}
        label={outage ? 'I have read when users will see an outage, and I am ready to start.' : 'I have read how long two versions serve side by side, and I am ready to start.'} />
    </>
  );
}
