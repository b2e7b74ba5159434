/**
 * After Apply: save its report (the engine kept it under the run's id and renders it, HTML or JSON,
 * with no secret), and the past reports: the apply's own is already in the reports folder.
 */
import { Button, MessageBar, MessageBarBody, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { DocumentArrowDown20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { call, errorText } from '../../api';
import { PastReports } from '../../components/past-reports';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export function ApplyReports({ runId }: { runId: string }) {
  const s = useStyles();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (format: 'html' | 'json') => {
    try {
      const r = await call('report.save', { of: 'apply', runId, format });
      setNote(r.saved ? { ok: true, text: `Saved ${r.path ?? 'the report'}.` } : null);
    } catch (e) {
      setNote({ ok: false, text: `Could not save the report: ${errorText(e)}` });
    }
  };
  return (
    <section className={s.section} aria-labelledby="apply-report">
      <Subtitle1 as="h2" id="apply-report">Report</Subtitle1>
      <div className={s.toolbar}>
        <Button icon={<DocumentArrowDown20Regular />} onClick={() => void save('html')}>Save report (HTML)</Button>
        <Button icon={<DocumentArrowDown20Regular />} onClick={() => void save('json')}>Save report (JSON)</Button>
      </div>
      {note && <MessageBar intent={note.ok ? 'success' : 'error'}><MessageBarBody>{note.text}</MessageBarBody></MessageBar>}
      <PastReports refreshKey={runId} />
    </section>
  );
}
