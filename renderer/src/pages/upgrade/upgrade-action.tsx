/**
 * The dashboard's "Upgrade…" button and its dialog (kept mounted); while an upgrade runs the button shows it
 * again. When the dashboard shows, an upgrade the engine still runs (the window was reloaded) is read back.
 */
import { Button, makeStyles } from '@fluentui/react-components';
import { ArrowCircleUp20Regular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import { engine } from '../../api';
import { openUpgrade, useUpgrade } from '../../store/upgrade-flow';
import { reattachUpgrade } from '../../store/upgrade-reattach';
import { UpgradeDialog } from './upgrade-dialog';

const useStyles = makeStyles({ nowrap: { whiteSpace: 'nowrap', flexShrink: 0 } });

export function UpgradeAction() {
  const s = useStyles();
  const running = useUpgrade((st) => st.run.status === 'running');
  useEffect(() => {
    if (engine()) void reattachUpgrade();
  }, []);
  return (
    <>
      <Button className={s.nowrap} icon={<ArrowCircleUp20Regular />} onClick={openUpgrade}>{running ? 'Show the upgrade' : 'Upgrade…'}</Button>
      <UpgradeDialog />
    </>
  );
}
