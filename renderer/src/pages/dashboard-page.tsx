/**
 * Dashboard: the cluster's health every 5 s (`health.watch`; the switch pauses it with `health.stop`):
 * a summary, a tile per server, and the balancer, storage, database, versions and keys.
 */
import {
  Body1, Button, Caption1, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner, Subtitle1, Switch, makeStyles, tokens,
} from '@fluentui/react-components';
import { DocumentArrowDown20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { healthHeadline } from '../../../electron/shared/health-headline';
import { PRODUCTS } from '../../../electron/shared/products';
import { call, engine, errorText } from '../api';
import { PageFrame } from '../components/page-frame';
import { ensureWatch, setWatchPaused } from '../store/health-actions';
import { NotifySwitch } from './dashboard/notify-switch';
import { useWizard } from '../store/wizard-store';
import { ClusterTiles, NodeTile, useTileStyles } from './dashboard/health-tiles';
import { HealthHistoryPanel } from './dashboard/health-history-panel';
import { RecoverBar } from './recover/recover-bar';
import { DriftPanel } from './dashboard/drift-panel';
import { DashboardActions } from './dashboard/dashboard-actions';
import { useUpgradeRunning } from '../store/upgrade-flow';
import { UPGRADE_BUSY_REASON } from './upgrade/upgrade-busy-note';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  problems: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalXL },
  // A button's label never wraps inside it (at 1024 px "Snapshot (JSON)" broke in two): the bar wraps instead.
  nowrap: { whiteSpace: 'nowrap', flexShrink: 0 },
  // The export buttons stay together, at the right; on a narrow window they move below as one group.
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, marginLeft: 'auto', flexWrap: 'wrap' },
  notes: { margin: `${tokens.spacingVerticalXS} 0 0`, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/** The apply run whose "high availability is switched on" the admin confirmed (kept across a reload). */
const HA_CONFIRMED_KEY = 'ha-wizard.ha-confirmed-after';
const confirmedAfter = () => {
  try {
    return sessionStorage.getItem(HA_CONFIRMED_KEY);
  } catch {
    return null;
  }
};

export default function DashboardPage() {
  const s = useStyles();
  const tiles = useTileStyles();
  const health = useWizard((st) => st.health);
  const goTo = useWizard((st) => st.goTo);
  // Review leads to Apply, which restarts servers: not while an upgrade runs on them.
  const upgrading = useUpgradeRunning();
  const [note, setNote] = useState<string | null>(null);
  const product = useWizard((st) => PRODUCTS[st.draft.product]);
  // After an apply, high availability is still to be switched on in the product, which does not report it.
  const applied = useWizard((st) => (st.apply.report?.status === 'applied' ? st.apply.runId : null));
  const [confirmed, setConfirmed] = useState(confirmedAfter);
  const awaitingHa = applied !== null && confirmed !== applied;
  const confirmHa = () => {
    try {
      sessionStorage.setItem(HA_CONFIRMED_KEY, applied ?? '');
    } catch {
      // Not kept across a reload then; this page still knows.
    }
    setConfirmed(applied);
  };

  // Issue 13: the watch goes on when the admin leaves the page (health-actions.ts: ensureWatch); the switch pauses it.
  useEffect(() => {
    if (engine()) ensureWatch(5);
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
  const headline = snap ? healthHeadline(snap, { afterApply: awaitingHa ? { productName: product.name } : null }) : null;
  return (
    <PageFrame title="Dashboard" intro="The cluster as it is now: each server’s /health, its key, the shared storage, the database and the load balancer."
      onSubmit={() => goTo('review')} primaryLabel="Review again" primaryDisabled={upgrading} blockedReason={upgrading ? UPGRADE_BUSY_REASON : undefined}>
      <RecoverBar />
      <div className={s.bar}>
        <Switch label="Live updates every 5 s" checked={health.watching} onChange={(_, d) => void setWatchPaused(!d.checked)} />
        <NotifySwitch />
        {snap && <Caption1 role="status">Updated {new Date(snap.at).toLocaleTimeString()} (took {snap.durationMs} ms)</Caption1>}
        <div className={s.actions}>
          <Button className={s.nowrap} icon={<DocumentArrowDown20Regular />} disabled={!snap} onClick={() => void exportSnapshot('html')}>Export report (HTML)</Button>
          {appInfo?.host === 'electron' && <Button className={s.nowrap} icon={<DocumentArrowDown20Regular />} disabled={!snap} onClick={() => void exportSnapshot('pdf')}>Export report (PDF)</Button>}
          <Button className={s.nowrap} appearance="subtle" disabled={!snap} onClick={() => void exportSnapshot('json')}>Snapshot (JSON)</Button>
        </div>
      </div>
      <DashboardActions />
      {note && <MessageBar><MessageBarBody>{note}</MessageBarBody></MessageBar>}
      {health.error && <MessageBar intent="error" layout="multiline"><MessageBarBody><MessageBarTitle>Cannot watch the cluster</MessageBarTitle>{health.error}</MessageBarBody></MessageBar>}
      {!snap && health.watching && <Spinner size="small" label="Asking every server…" labelPosition="after" />}
      {!snap && !health.watching && !health.error && <Body1>Paused. Switch live updates on to see the cluster.</Body1>}
      {snap && headline && (
        <>
          <MessageBar intent={headline.tone} layout="multiline" data-testid="health-summary" data-verdict={headline.verdict} data-served={headline.served}>
            <MessageBarBody>
              <MessageBarTitle>{headline.title}</MessageBarTitle>
              {headline.notes.length > 0 && <div className={s.notes}>{headline.notes.map((n) => <Body1 key={n}>{n}</Body1>)}</div>}
              {snap.problems.length > 0 && <ul className={s.problems}>{snap.problems.map((p) => <li key={p}>{p}</li>)}</ul>}
            </MessageBarBody>
            {awaitingHa && (
              <MessageBarActions>
                <Button className={s.nowrap} onClick={confirmHa}>High availability is on</Button>
              </MessageBarActions>
            )}
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
      {engine() && <HealthHistoryPanel />}
      <DriftPanel />
    </PageFrame>
  );
}
