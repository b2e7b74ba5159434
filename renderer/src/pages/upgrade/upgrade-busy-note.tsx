/**
 * While an upgrade runs, the dashboard's other actions are off (add, remove, take out of or put back into
 * rotation, apply, finish or roll back a cut-short apply): each would stop, change or re-route servers the
 * upgrade is working on. This says so, once, where the actions are ("Show the upgrade" is beside it).
 */
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useUpgrade, useUpgradeRunning } from '../../store/upgrade-flow';

export const UPGRADE_BUSY_REASON = 'An upgrade is running: wait until it ends.';

export function UpgradeBusyNote() {
  const running = useUpgradeRunning();
  const to = useUpgrade((f) => f.plan.answer?.plan?.to ?? f.to);
  if (!running) return null;
  return (
    <MessageBar intent="info" layout="multiline" data-testid="upgrade-busy">
      <MessageBarBody>
        <MessageBarTitle>The cluster is being upgraded{to ? ` to ${to}` : ''}</MessageBarTitle>
        Until the upgrade ends, the wizard does not add or remove servers, take them out of rotation or put them back, or apply changes: the upgrade stops, drains and starts these servers itself, and any of these would get in its way.
      </MessageBarBody>
    </MessageBar>
  );
}
