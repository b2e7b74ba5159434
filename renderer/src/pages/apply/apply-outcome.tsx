/** How the apply ended, said plainly: applied, nothing to do, rolled back (which servers), rollback failed (what to do by hand), refused. */
import { Body1, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import type { ApplyReport } from '../../store/run-types';

const useStyles = makeStyles({ pre: { whiteSpace: 'pre-wrap', fontFamily: tokens.fontFamilyMonospace, margin: `${tokens.spacingVerticalXS} 0` } });
const list = (ids: string[]) => ids.join(', ') || 'none';
/** The engine's reason as a sentence (it may come without a full stop). */
const sentence = (t: string | null, fallback: string) => { const x = (t ?? fallback).trim(); return /[.!?]$/.test(x) ? x : `${x}.`; };

export function ApplyOutcome({ report, error }: { report: ApplyReport | null; error: string | null }) {
  const s = useStyles();
  if (!report) {
    return <MessageBar intent="error" layout="multiline" role="alert"><MessageBarBody><MessageBarTitle>Apply stopped</MessageBarTitle>{error ?? 'No report came back.'}</MessageBarBody></MessageBar>;
  }
  const ids = (r: ApplyReport['nodes'][number]['result']) => report.nodes.filter((n) => n.result === r).map((n) => n.id);
  switch (report.status) {
    case 'applied':
      return (
        <MessageBar intent="success" layout="multiline" role="status">
          <MessageBarBody><MessageBarTitle>Applied</MessageBarTitle>Configured {list(ids('changed'))}: each was backed up, written, restarted and reported healthy.</MessageBarBody>
        </MessageBar>
      );
    case 'nothing-to-do':
      return <MessageBar intent="success" role="status"><MessageBarBody><MessageBarTitle>Nothing to do</MessageBarTitle>Every server already had this configuration; nothing was changed.</MessageBarBody></MessageBar>;
    case 'refused':
      return <MessageBar intent="error" layout="multiline" role="alert"><MessageBarBody><MessageBarTitle>Apply refused: nothing was changed</MessageBarTitle>{sentence(report.reason, 'The engine refused the plan')}</MessageBarBody></MessageBar>;
    case 'rolled-back':
      return (
        <MessageBar intent="warning" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>Rolled back</MessageBarTitle>
            {sentence(report.reason, 'A step failed')} Every server that was touched was restored from its backup: restored {list(ids('restored'))}. The cluster is as it was before.
          </MessageBarBody>
        </MessageBar>
      );
    case 'rollback-failed':
      return (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>Rollback failed: finish it by hand</MessageBarTitle>
            <Body1>{report.reason}</Body1>
            {report.nodes.filter((n) => n.manual).map((n) => (
              <div key={n.id}><strong>{n.id}:</strong><pre className={s.pre}>{n.manual}</pre></div>
            ))}
            {report.settings.filter((x) => x.status === 'restore-failed').map((x) => <Body1 key={x.name} block>Setting {x.name}: {x.detail}</Body1>)}
          </MessageBarBody>
        </MessageBar>
      );
  }
}
