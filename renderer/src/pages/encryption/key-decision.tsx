/** The engine's decision on the cluster's encryption key (`encryption.cluster-key` data), in words. */
import { MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { keyDecisionOf } from '../../../../electron/shared/encryption-key';
import type { CheckResult } from '../../store/run-types';
import { RERUN_BUTTON } from '../../components/rerun-buttons';
import { remedyText } from '../../../../electron/shared/remedy';

const useStyles = makeStyles({ mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' } });
const names = (ids: string[]) => (ids.length ? ids.join(', ') : 'none');

export function KeyDecisionView({ result }: { result: CheckResult }) {
  const s = useStyles();
  const d = keyDecisionOf(result.data);
  if (!d) {
    return (
      <MessageBar intent={result.status === 'fail' ? 'error' : 'info'} layout="multiline">
        <MessageBarBody>{result.detail}{result.remedy ? ` ${remedyText(result.remedy, { surface: 'ui', rerunButton: RERUN_BUTTON.encryption })}` : ''}</MessageBarBody>
      </MessageBar>
    );
  }
  if (d.kind === 'generate') {
    return (
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>A new key will be generated</MessageBarTitle>
          {d.reason}: the wizard generates one when it applies the configuration and writes it to {names(d.nodesToChange)}.
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (d.kind === 'conflict') {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>The servers disagree: choose the key to keep</MessageBarTitle>
          {d.reason}.{' '}
          {Object.entries(d.fingerprints).map(([fp, ids]) => (
            <span key={fp}><Text className={s.mono}>{fp}</Text> on {names(ids)}. </span>
          ))}
          Keep the key of the server whose data you keep (below).
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent={d.discards.length ? 'warning' : 'success'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>The cluster keeps <span className={s.mono}>{d.fingerprint}</span></MessageBarTitle>
        Why: {d.reason}{d.fromNodes.length ? ` (from ${names(d.fromNodes)})` : ''}.{' '}
        {d.nodesToChange.length ? `It will be written to ${names(d.nodesToChange)}.` : 'Every server already has it.'}
        {d.discards.length > 0 && <> Replaced: <span className={s.mono}>{d.discards.join(', ')}</span>: secrets those keys protected on those servers’ own databases become unreadable.</>}
      </MessageBarBody>
    </MessageBar>
  );
}
