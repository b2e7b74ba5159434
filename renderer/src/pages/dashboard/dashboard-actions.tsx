/**
 * The dashboard's actions (issue 13): "Add a server…", how the wizard reaches the load balancer, what a drain
 * or resume answered (shown in the server's tile; the steps to run by hand when the wizard cannot drive the
 * balancer), and the add and remove dialogs, kept mounted and opened by their `open` prop.
 */
import { Button, Caption1, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, Dismiss20Regular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import { engine } from '../../api';
import { dismissRotation, loadMembers, openAdd, useNodeActions, type RotationResult } from '../../store/node-actions';
import { AddServerDialog } from './add-server-dialog';
import { ManualStepsBox } from './manual-steps-box';
import { RemoveServerDialog } from './remove-server-dialog';
import { UpgradeAction } from '../upgrade/upgrade-action';
import { UpgradeBusyNote } from '../upgrade/upgrade-busy-note';
import { useUpgradeRunning } from '../../store/upgrade-flow';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  nowrap: { whiteSpace: 'nowrap', flexShrink: 0 },
});

/** What a drain or resume answered, shown in that server's tile, where the admin clicked. */
export function RotationNote({ r }: { r: RotationResult }) {
  const what = r.action === 'drain' ? `take ${r.node} out of rotation` : `put ${r.node} back in rotation`;
  const close = <MessageBarActions containerAction={<Button appearance="transparent" aria-label="Dismiss" icon={<Dismiss20Regular />} onClick={dismissRotation} />} />;
  if (r.status === 'running') return null;
  if (r.status === 'error') {
    return <MessageBar intent="error" layout="multiline" data-testid="rotation-note"><MessageBarBody><MessageBarTitle>Could not {what}</MessageBarTitle>{r.error}</MessageBarBody>{close}</MessageBar>;
  }
  if (!r.answer?.driven) {
    return (
      <MessageBar intent="warning" layout="multiline" data-testid="rotation-note">
        <MessageBarBody>
          <MessageBarTitle>Nothing was changed</MessageBarTitle>
          The wizard cannot reach this load balancer itself{r.answer?.how ? ` (${r.answer.how})` : ''}. To {what}, do this on the balancer:
          <ManualStepsBox steps={r.answer?.manual ?? []} />
        </MessageBarBody>
        {close}
      </MessageBar>
    );
  }
  const done = r.action === 'drain' ? `${r.node} is out of rotation: the load balancer sends it no new requests.` : `${r.node} is back in rotation.`;
  return <MessageBar intent="success" data-testid="rotation-note"><MessageBarBody>{done}</MessageBarBody>{close}</MessageBar>;
}

export function DashboardActions() {
  const s = useStyles();
  const balancer = useNodeActions((st) => st.balancer);
  // A server added while the upgrade runs would join on the old version or the new one, mid-way.
  const upgrading = useUpgradeRunning();
  useEffect(() => {
    if (engine()) void loadMembers();
  }, []);
  const said = balancer.status === 'error' ? `The load balancer’s view of the servers is not available: ${balancer.error}`
    : balancer.answer && !balancer.answer.driven ? 'The wizard has no access to the load balancer: taking a server out of rotation gives you the steps to run there.'
      : balancer.answer ? `The wizard drives the load balancer: ${balancer.answer.how}.` : null;
  return (
    <>
      <div className={s.bar}>
        <Button className={s.nowrap} icon={<Add20Regular />} disabled={upgrading} onClick={openAdd}>Add a server…</Button>
        <UpgradeAction />
        {said && <Caption1 data-testid="balancer-said">{said}</Caption1>}
      </div>
      <UpgradeBusyNote />
      <AddServerDialog />
      <RemoveServerDialog />
    </>
  );
}
