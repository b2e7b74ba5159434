/**
 * The dashboard's drift panel (issue 13): "Check for drift" asks the engine to compare every server
 * and the balancer with the state the last apply left, and lists each difference in plain words:
 * which server, what, what it should be, what it is, since when. It only reads; nothing is changed.
 */
import {
  Body1, Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Subtitle1, Table, TableBody, TableCell,
  TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { driftBasisText, type DriftReport } from '../../../../electron/shared/drift';
import { call, errorText } from '../../api';
import { toProfile } from '../../store/profile-mapping';
import { wizard } from '../../store/wizard-store';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  nowrap: { whiteSpace: 'nowrap', flexShrink: 0 },
  // Fingerprints and connection parts break anywhere rather than widen the page.
  value: { overflowWrap: 'anywhere' },
  notes: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

const when = (iso: string) => new Date(iso).toLocaleString();

export function DriftPanel() {
  const s = useStyles();
  const [report, setReport] = useState<DriftReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const runCheck = async () => {
    setBusy(true);
    setError(null);
    try {
      const st = wizard();
      const { profile, secrets } = toProfile(st.draft, st.secrets);
      setReport(await call('drift.check', { profile, secrets, allowLocalSecrets: st.allowedLocal, acceptedHostKeys: st.acceptedHostKeys }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const n = report?.differences.length ?? 0;
  return (
    <section className={s.section} aria-labelledby="drift-h">
      <Subtitle1 as="h2" id="drift-h">Drift</Subtitle1>
      <div className={s.bar}>
        <Button className={s.nowrap} onClick={() => void runCheck()} disabled={busy}>Check for drift</Button>
        {busy && <Spinner size="tiny" label="Reading every server…" labelPosition="after" />}
        {report && !busy && <Caption1 role="status">Checked {when(report.checkedAt)}: {driftBasisText({ basis: report.basis, appliedAt: report.appliedAt && when(report.appliedAt) })}.</Caption1>}
      </div>
      {!report && !busy && !error && <Body1>Compares every server’s settings, key, version and extensions, and the load balancer’s servers, with what the wizard last applied. Nothing is changed or restarted.</Body1>}
      {error && <MessageBar intent="error" layout="multiline"><MessageBarBody><MessageBarTitle>Could not check for drift</MessageBarTitle>{error}</MessageBarBody></MessageBar>}
      {report && (
        <MessageBar intent={n ? 'warning' : report.unreadable.length ? 'info' : 'success'} layout="multiline" data-testid="drift-summary">
          <MessageBarBody>
            <MessageBarTitle>
              {n ? `${n} difference${n > 1 ? 's' : ''} from what was applied` : report.unreadable.length ? 'Not every server could be checked' : report.noDriftSince ? `No drift since ${when(report.noDriftSince)}` : 'No drift'}
            </MessageBarTitle>
            {report.unreadable.map((u) => <Body1 key={u.node} as="p">{u.node} was not checked: {u.reason}</Body1>)}
          </MessageBarBody>
        </MessageBar>
      )}
      {report && n > 0 && (
        <Table aria-label="Differences from what was applied" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Server</TableHeaderCell>
              <TableHeaderCell>What</TableHeaderCell>
              <TableHeaderCell>Expected</TableHeaderCell>
              <TableHeaderCell>Found</TableHeaderCell>
              <TableHeaderCell>Since</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.differences.map((d) => (
              <TableRow key={`${d.node ?? '*'}|${d.kind}|${d.what}`}>
                <TableCell>{d.node ?? 'Whole cluster'}</TableCell>
                <TableCell>{d.what}</TableCell>
                <TableCell className={s.value}>{d.expected}</TableCell>
                <TableCell className={s.value}>{d.found}</TableCell>
                <TableCell>{when(d.since)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {report && report.notes.length > 0 && <ul className={s.notes}>{report.notes.map((t) => <li key={t}><Caption1>{t}</Caption1></li>)}</ul>}
    </section>
  );
}
