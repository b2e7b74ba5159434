/** The preflight's answer: each item with its status, the server it concerns and what to do; failures block going on. */
import { Body1, MessageBar, MessageBarBody, MessageBarTitle, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import type { UpgradePreflightItem } from '../../../../electron/shared/contract';
import { StatusBadge } from '../../components/status-badge';
import { useUpgrade } from '../../store/upgrade-flow';

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'grid', gridTemplateColumns: 'minmax(6rem, auto) 1fr', columnGap: tokens.spacingHorizontalM, alignItems: 'baseline' },
  text: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  detail: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

const ORDER = { fail: 0, warn: 1, pass: 2 } as const;

export function UpgradePreflight() {
  const s = useStyles();
  const plan = useUpgrade((st) => st.plan);
  if (plan.status === 'loading') return <Spinner size="small" label="Checking every server, the database and the installers… nothing is changed." labelPosition="after" />;
  if (plan.status === 'error') {
    return <MessageBar intent="error" layout="multiline" role="alert"><MessageBarBody><MessageBarTitle>The cluster could not be checked</MessageBarTitle>{plan.error}</MessageBarBody></MessageBar>;
  }
  const items = [...(plan.answer?.preflight ?? [])].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const failed = items.filter((i) => i.status === 'fail').length;
  return (
    <>
      {failed > 0
        ? (
          <MessageBar intent="error" layout="multiline" data-testid="preflight-blocked">
            <MessageBarBody>
              <MessageBarTitle>{failed === 1 ? 'One thing stops the upgrade' : `${failed} things stop the upgrade`}</MessageBarTitle>
              Nothing was changed. Put right what failed below, then check again.
            </MessageBarBody>
          </MessageBar>
        )
        : plan.answer && <MessageBar intent="success" data-testid="preflight-passed"><MessageBarBody>Every check passed: the plan is ready to review.</MessageBarBody></MessageBar>}
      <ul className={s.list} aria-label="Checks before the upgrade">
        {items.map((i) => <PreflightRow key={`${i.id}-${i.nodeId ?? ''}`} item={i} />)}
      </ul>
    </>
  );
}

function PreflightRow({ item }: { item: UpgradePreflightItem }) {
  const s = useStyles();
  return (
    <li className={s.item} data-testid={`preflight-${item.id}${item.nodeId ? `-${item.nodeId}` : ''}`}>
      <StatusBadge status={item.status} />
      <div className={s.text}>
        <Body1><strong>{item.nodeId ? `${item.nodeId}: ` : ''}{item.title}</strong></Body1>
        <Body1 className={s.detail}>{item.detail}</Body1>
      </div>
    </li>
  );
}
