/**
 * Dashboard: the cluster's health every 5 s (`health.watch`; the switch pauses it with `health.stop`):
 * a summary, a tile per server, and the balancer, storage, database, versions and keys.
 */
import {
  Body1, Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Subtitle1, Switch, makeStyles, tokens,
} from '@fluentui/react-components';
import { DocumentArrowDown20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { call, engine, errorText } from '../api';
import { PageFrame } from '../components/page-frame';
import { startWatch, stopWatch } from '../store/health-actions';
import { useWizard } from '../store/wizard-store';
import { ClusterTiles, NodeTile, useTileStyles } from './dashboard/health-tiles';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  problems: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalXL },
});

const SUMMARY = {
  healthy: { intent: 'success', title: 'The cluster is healthy' },
  degraded: { intent: 'warning', title: 'The cluster is degraded' },
  down: { intent: 'error', title: 'The cluster is down' },
} as const;

export default function DashboardPage() {
  const s = useStyles();
  const tiles = useTileStyles();
  const health = useWizard((st) => st.health);
  const goTo = useWizard((st) => st.goTo);
  const [note, setNote] = useState<string | null>(null);

  // Watch while the page is open; stop when the admin leaves it.
  useEffect(() => {
    if (engine()) void startWatch(5);
    return () => void stopWatch();
  }, []);

  const snap = health.snapshot;
  const appInfo = useWizard((st) => st.appInfo);
  // The engine kept the snapshot it sent under the watch's id: it renders the report and saves it.
  const exportSnapshot = async (format: 'html' | 'pdf' | 'json') => {
    if (!health.snapshotRunId) return;
    try {
      const r = await call('report.save', { of: 'health', runId: health.snapshotRunId, format });
      setNote(r.saved ? `Saved ${r.path ?? 'the report'}.` : null);
    } catch (e) {
      setNote(`Could not save: ${errorText(e)}`);
    }
  };
  const summary = snap ? SUMMARY[snap.summary] : null;
  return (
    <PageFrame title="Dashboard" intro="The cluster as it is now: each server’s /health, its key, the shared storage, the database and the load balancer."
      onSubmit={() => goTo('review')} primaryLabel="Review again">
      <div className={s.bar}>
        <Switch label="Live updates every 5 s" checked={health.watching} onChange={(_, d) => void (d.checked ? startWatch(5) : stopWatch())} />
        {snap && <Caption1 role="status">Updated {new Date(snap.at).toLocaleTimeString()} (took {snap.durationMs} ms)</Caption1>}
        <Button icon={<DocumentArrowDown20Regular />} disabled={!snap} onClick={() => void exportSnapshot('html')}>Export report (HTML)</Button>
        {appInfo?.host === 'electron' && <Button icon={<DocumentArrowDown20Regular />} disabled={!snap} onClick={() => void exportSnapshot('pdf')}>Export report (PDF)</Button>}
        <Button appearance="subtle" disabled={!snap} onClick={() => void exportSnapshot('json')}>Snapshot (JSON)</Button>
      </div>
      {note && <MessageBar><MessageBarBody>{note}</MessageBarBody></MessageBar>}
      {health.error && <MessageBar intent="error" layout="multiline"><MessageBarBody><MessageBarTitle>Cannot watch the cluster</MessageBarTitle>{health.error}</MessageBarBody></MessageBar>}
      {!snap && health.watching && <Spinner size="small" label="Asking every server…" labelPosition="after" />}
      {!snap && !health.watching && !health.error && <Body1>Paused. Switch live updates on to see the cluster.</Body1>}
      {snap && summary && (
        <>
          <MessageBar intent={summary.intent} layout="multiline" data-testid="health-summary">
            <MessageBarBody>
              <MessageBarTitle>{summary.title}</MessageBarTitle>
              {snap.problems.length > 0 && <ul className={s.problems}>{snap.problems.map((p) => <li key={p}>{p}</li>)}</ul>}
            </MessageBarBody>
          </MessageBar>
          <section className={s.section} aria-labelledby="servers-h">
            <Subtitle1 as="h2" id="servers-h">Servers</Subtitle1>
            <div className={tiles.grid}>{snap.nodes.map((n) => <NodeTile key={n.id} n={n} />)}</div>
          </section>
          <section className={s.section} aria-labelledby="cluster-h">
            <Subtitle1 as="h2" id="cluster-h">Cluster</Subtitle1>
            <ClusterTiles snap={snap} />
          </section>
        </>
      )}
    </PageFrame>
  );
}
