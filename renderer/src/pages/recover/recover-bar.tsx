/** The question put off ("Not now"): Dashboard and Apply keep it in sight, with the same two choices. */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { reopen, useRecover } from '../../store/recover-store';
import { useUpgradeRunning } from '../../store/upgrade-flow';

export function RecoverBar() {
  const status = useRecover((r) => r.status);
  const open = useRecover((r) => r.open);
  // Finishing or rolling back an apply restarts servers: not while an upgrade runs on them.
  const upgrading = useUpgradeRunning();
  if (!status || open) return null;
  return (
    <MessageBar intent="warning" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{status.headline}</MessageBarTitle>
        No other apply to this cluster can start until it is finished or rolled back.{upgrading ? ' Both wait until the upgrade that is running ends.' : ''}
      </MessageBarBody>
      <MessageBarActions>
        <Button disabled={upgrading} onClick={() => reopen('rollback')}>Roll back</Button>
        <Button appearance="primary" disabled={upgrading} onClick={() => reopen('finish')}>Finish the apply</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
