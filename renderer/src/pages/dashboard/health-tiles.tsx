/** Dashboard tiles: one per server, and the cluster's load balancer, storage, database, versions and keys. */
import { Badge, Body1, Caption1, Card, CardHeader, Text, makeStyles, tokens } from '@fluentui/react-components';
import { FactBadge, StatusBadge } from '../../components/status-badge';
import type { ClusterHealthSnapshot } from '../../store/run-types';

type NodeHealth = ClusterHealthSnapshot['nodes'][number];

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(17rem, 1fr))', gap: tokens.spacingHorizontalL },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`, margin: 0, alignItems: 'center' },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  dd: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  detail: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

const statusOk = (v: string | null) => (v === null ? null : v === 'OK');

function nodeBadge(n: NodeHealth) {
  if (n.hung) return <StatusBadge status="warn" label="Not answering" />;
  if (!n.reachable) return <StatusBadge status="fail" label="Unreachable" />;
  return <StatusBadge status={n.healthy ? 'pass' : 'fail'} label={n.healthy ? 'Healthy' : 'Unhealthy'} />;
}

export function NodeTile({ n }: { n: NodeHealth }) {
  const s = useStyles();
  return (
    <Card data-testid={`health-node-${n.id}`} aria-label={`Server ${n.id}`}>
      <CardHeader header={<Text weight="semibold" size={400}>{n.id}</Text>} action={nodeBadge(n)} />
      <Caption1 className={s.mono}>{n.url}</Caption1>
      <dl className={s.facts}>
        <dt className={s.term}>Version</dt><dd className={s.dd}>{n.version ?? 'unknown'}</dd>
        <dt className={s.term}>Database</dt><dd className={s.dd}><FactBadge ok={statusOk(n.databaseStatus)} yes="OK" no="Error" />{n.databaseDetail && <Caption1 className={s.detail} block>{n.databaseDetail}</Caption1>}</dd>
        <dt className={s.term}>Licence</dt><dd className={s.dd}><FactBadge ok={statusOk(n.licenseStatus)} yes="OK" no="Error" /></dd>
        <dt className={s.term}>Service</dt><dd className={s.dd}><FactBadge ok={statusOk(n.serviceStatus)} yes="OK" no="Error" /></dd>
        <dt className={s.term}>Key</dt>
        <dd className={s.dd}>
          <FactBadge ok={n.keyInSync} yes="In sync" no="Differs" unknown="Not read" />
          {n.keyFingerprint && <Caption1 className={s.mono} block>{n.keyFingerprint}</Caption1>}
        </dd>
      </dl>
      {n.error && <Body1 className={s.detail}>{n.error}</Body1>}
    </Card>
  );
}

function Tile({ title, badge, detail, testId }: { title: string; badge: React.ReactElement; detail: React.ReactNode; testId: string }) {
  const s = useStyles();
  return (
    <Card data-testid={testId} aria-label={title}>
      <CardHeader header={<Text weight="semibold" size={400}>{title}</Text>} action={badge} />
      <Body1 className={s.detail}>{detail}</Body1>
    </Card>
  );
}

export function ClusterTiles({ snap }: { snap: ClusterHealthSnapshot }) {
  const s = useStyles();
  const lb = snap.loadBalancer;
  const versions = Object.entries(snap.versions);
  return (
    <div className={s.grid}>
      <Tile testId="health-load-balancer" title="Load balancer"
        badge={lb.url ? <FactBadge ok={lb.healthy} yes="Healthy" no="Unhealthy" /> : <Badge appearance="outline">No URL given</Badge>}
        detail={lb.url ? <><span className={s.mono}>{lb.url}</span><br />{lb.detail}</> : 'Add the balancer’s address on the Load balancer page to watch it here.'} />
      <Tile testId="health-storage" title="Shared storage" badge={<FactBadge ok={snap.storage.ok} yes="Shared" no="Problem" />}
        detail={<><span className={s.mono}>{snap.storage.path}</span><br />{snap.storage.detail}</>} />
      <Tile testId="health-database" title="Database" badge={<FactBadge ok={snap.database.reachable} yes="Reachable" no="Unreachable" />} detail={snap.database.detail} />
      <Tile testId="health-versions" title="Versions" badge={<FactBadge ok={snap.versionsInSync} yes="Same everywhere" no="Differ" />}
        detail={versions.length ? versions.map(([v, ids]) => `${v} on ${ids.join(', ')}`).join('; ') : 'No server reported its version.'} />
      <Tile testId="health-keys" title="Encryption keys" badge={<FactBadge ok={snap.keysInSync} yes="In sync" no="Differ" />}
        detail={snap.keysInSync ? 'Every server whose configuration was read has the same key.' : 'Not every server has the cluster’s key: users are logged out when the balancer switches server.'} />
    </div>
  );
}

export { useStyles as useTileStyles };
