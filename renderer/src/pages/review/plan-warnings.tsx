/**
 * The plan's big changes, first on Review: each node moved from a database of its own to the shared
 * one, each node whose own encryption key is replaced (both databases, both fingerprints, by name).
 */
import { Body1, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { planWarningText, planWarningTitle } from '../../../../electron/shared/plan-warning-text';
import type { Plan } from '../../store/run-types';

const useStyles = makeStyles({ list: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS } });

export function PlanWarnings({ warnings }: { warnings: Plan['warnings'] }) {
  const s = useStyles();
  if (!warnings.length) return null;
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="plan-warnings">
      <MessageBarBody>
        <MessageBarTitle>Read this before applying: what some servers stop seeing</MessageBarTitle>
        <ul className={s.list}>
          {warnings.map((w) => (
            <li key={`${w.kind}:${w.nodeId}`}><Body1><strong>{planWarningTitle(w)}.</strong> {planWarningText(w)}</Body1></li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
