/**
 * How the upgrade ended, said plainly: upgraded; refused (nothing changed); rolled back (what was undone);
 * rollback failed (what is left to do by hand, in full, first). Then where the report is, and a way to open it.
 */
import { Body1, Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { FolderOpen20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { UpgradeReport } from '../../../../electron/shared/upgrade-schema';
import { call, errorText } from '../../api';
import type { UpgradeRun } from '../../store/upgrade-flow';

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalXS} 0`, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  report: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  path: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

const sentence = (t: string | null, fallback: string) => { const x = (t ?? fallback).trim(); return /[.!?]$/.test(x) ? x : `${x}.`; };
const ids = (r: UpgradeReport, result: UpgradeReport['nodes'][number]['result']) => r.nodes.filter((n) => n.result === result).map((n) => n.id);
const minutes = (ms: number) => (ms < 60_000 ? `${Math.max(1, Math.round(ms / 1000))} seconds` : `${Math.round(ms / 6000) / 10} minutes`);

function Outcome({ report }: { report: UpgradeReport }) {
  const s = useStyles();
  switch (report.status) {
    case 'upgraded':
      return (
        <MessageBar intent="success" layout="multiline" role="status" data-testid="upgrade-outcome" data-outcome="upgraded">
          <MessageBarBody>
            <MessageBarTitle>Every server runs {report.to}.</MessageBarTitle>
            {ids(report, 'upgraded').join(', ')} {ids(report, 'upgraded').length === 1 ? 'was' : 'were'} upgraded and {ids(report, 'upgraded').length === 1 ? 'reports' : 'report'} healthy.
            {report.outageMs !== null ? ` Users could not reach the cluster for ${minutes(report.outageMs)}.` : ''}
          </MessageBarBody>
        </MessageBar>
      );
    case 'refused':
      return (
        <MessageBar intent="error" layout="multiline" role="alert" data-testid="upgrade-outcome" data-outcome="refused">
          <MessageBarBody><MessageBarTitle>The upgrade was refused: nothing was changed.</MessageBarTitle>{sentence(report.reason, 'The engine refused the plan')}</MessageBarBody>
        </MessageBar>
      );
    case 'rolled-back': {
      const restored = ids(report, 'restored');
      return (
        <MessageBar intent="warning" layout="multiline" role="alert" data-testid="upgrade-outcome" data-outcome="rolled-back">
          <MessageBarBody>
            <MessageBarTitle>The upgrade failed and was undone: the cluster runs {report.from} again.</MessageBarTitle>
            <Body1 block>Why: {sentence(report.reason, 'a step failed')}</Body1>
            <ul className={s.list}>
              {restored.length > 0 && <li><Body1>Put back on {report.from}, with their configuration restored byte for byte: {restored.join(', ')}.</Body1></li>}
              {ids(report, 'untouched').length > 0 && <li><Body1>Not changed: {ids(report, 'untouched').join(', ')}.</Body1></li>}
              <li><Body1>{report.database.restored ? `The database was restored from its backup (${report.database.backup ?? 'the backup'}).` : 'The database did not need restoring.'}</Body1></li>
            </ul>
          </MessageBarBody>
        </MessageBar>
      );
    }
    case 'rollback-failed': {
      // What is left comes first, in full: the admin finishes the rollback by hand from here.
      const left = report.nodes.filter((n) => n.manual);
      return (
        <MessageBar intent="error" layout="multiline" role="alert" data-testid="upgrade-outcome" data-outcome="rollback-failed">
          <MessageBarBody>
            <MessageBarTitle>The upgrade failed and could not be fully undone. Finish it by hand:</MessageBarTitle>
            {/* One numbered list: each server's steps, then the cluster's (the balancer, the database). */}
            <ol className={s.list}>
              {left.map((n) => <li key={n.id}><Body1><strong>{n.id}:</strong> {n.manual}</Body1></li>)}
              {report.manualSteps.map((m) => <li key={m.title}><Body1><strong>{m.title}.</strong> {m.detail}{m.url ? ` (${m.url})` : ''}</Body1></li>)}
            </ol>
            <Body1 block>Why the upgrade stopped: {sentence(report.reason, 'a step failed')}</Body1>
            {ids(report, 'restored').length > 0 && <Body1 block>Already back on {report.from}: {ids(report, 'restored').join(', ')}.</Body1>}
            {report.database.backup && <Body1 block>The database backup is at <span className={s.path}>{report.database.backup}</span>{report.database.restored ? '; the database was restored from it.' : '.'}</Body1>}
          </MessageBarBody>
        </MessageBar>
      );
    }
  }
}

export function UpgradeOutcome({ run }: { run: UpgradeRun }) {
  const s = useStyles();
  const [error, setError] = useState<string | null>(null);
  if (run.status === 'error' || !run.report) {
    return (
      <MessageBar intent="error" layout="multiline" role="alert" data-testid="upgrade-outcome" data-outcome="error">
        <MessageBarBody><MessageBarTitle>The upgrade did not run</MessageBarTitle>{run.error ?? 'No report came back.'}</MessageBarBody>
      </MessageBar>
    );
  }
  const openFolder = () => call('reports.openFolder', {}).then(() => setError(null), (e: unknown) => setError(errorText(e)));
  return (
    <>
      <Outcome report={run.report} />
      <div className={s.report}>
        <Caption1 data-testid="upgrade-report-path">{run.reportPath ? <>The report of this run (HTML and JSON) is in <span className={s.path}>{run.reportPath}</span></> : 'The report of this run could not be written to the reports folder.'}</Caption1>
        <Button icon={<FolderOpen20Regular />} onClick={() => void openFolder()}>Open reports folder</Button>
      </div>
      {error && <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
    </>
  );
}
