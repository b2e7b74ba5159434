/** The dashboard's "Upgrade…" button and its dialog (kept mounted); while an upgrade runs the button shows it again. */
import { Button, makeStyles } from '@fluentui/react-components';
import { ArrowCircleUp20Regular } from '@fluentui/react-icons';
import { openUpgrade, useUpgrade } from '../../store/upgrade-flow';
import { UpgradeDialog } from './upgrade-dialog';

const useStyles = makeStyles({ nowrap: { whiteSpace: 'nowrap', flexShrink: 0 } });

export function UpgradeAction() {
  const s = useStyles();
  const running = useUpgrade((st) => st.run.status === 'running');
  return (
    <>
      <Button className={s.nowrap} icon={<ArrowCircleUp20Regular />} onClick={openUpgrade}>{running ? 'Show the upgrade' : 'Upgrade…'}</Button>
      <UpgradeDialog />
    </>
  );
}
