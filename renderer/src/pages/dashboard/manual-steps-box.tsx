/** Steps the admin runs by hand (the balancer the wizard cannot drive), with a button that copies them. */
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { Copy20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { BalancerAnswer } from '../../../../electron/shared/contract';
import { ManualSteps } from '../review/plan-view';
import { manualText } from './balancer-words';

const useStyles = makeStyles({ root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' } });

export function ManualStepsBox({ steps }: { steps: BalancerAnswer['manual'] }) {
  const s = useStyles();
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(manualText(steps));
      setCopied('Copied.');
    } catch {
      setCopied('Could not reach the clipboard: select the steps and copy them.');
    }
  };
  return (
    <div className={s.root}>
      <ManualSteps steps={steps} />
      <Button size="small" icon={<Copy20Regular />} onClick={() => void copy()}>Copy the steps</Button>
      {copied && <span role="status">{copied}</span>}
    </div>
  );
}
