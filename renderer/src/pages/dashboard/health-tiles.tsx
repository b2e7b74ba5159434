/** Dashboard tiles: one per server, and the cluster's load balancer, storage, database, versions and keys. */
import { Badge, Body1, Caption1, Card, CardHeader, Text, makeStyles, tokens } from '@fluentui/react-components';
import { FactBadge, StatusBadge } from '../../components/status-badge';
import type { ClusterHealthSnapshot } from '../../store/run-types';
import { NodeRotation } from './node-rotation';

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

const NODE_BADGE = {
  healthy: { status: 'pass', label: 'Healthy' },
  unhealthy: { status: 'fail', label: 'Unhealthy' },
  'service-stopped': { status: 'fail', label: 'Service stopped' },
  'not-answering': { status: 'warn', label: 'Not answering' },
  unreachable: { status: 'fail', label: 'Unreachable' },
} as const;

function nodeBadge(n: NodeHealth) {
  const b = NODE_BADGE[n.state];
  return <StatusBadge status={b.status} label={b.label} />;
}

/** Nodes whose version or key was not read this round: the cluster's verdict on those is unknown. */
const notRead = (snap: ClusterHealthSnapshot, read: (n: NodeHealth) => boolean) => snap.nodes.filter((n) => !read(n)).map((n) => n.id).join(', ');

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
      <NodeRotation id={n.id} />
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
      <Tile testId="health-versions" title="Versions" badge={<FactBadge ok={snap.versionsInSync} yes="Same everywhere" no="Differ" unknown="Unknown" />}
        detail={<>
          {versions.length ? versions.map(([v, ids]) => `${v} on ${ids.join(', ')}`).join('; ') : 'No server reported its version.'}
          {snap.versionsInSync === null && versions.length > 0 && `. Not read: ${notRead(snap, (n) => !!n.version)}.`}
        </>} />
      <Tile testId="health-keys" title="Encryption keys" badge={<FactBadge ok={snap.keysInSync} yes="In sync" no="Differ" unknown="Unknown" />}
        detail={snap.keysInSync === null ? `Not known: the configuration of ${notRead(snap, (n) => n.keyInSync !== null)} was not read.`
          : snap.keysInSync ? 'Every server has the same key.' : 'Not every server has the cluster’s key: users are logged out when the balancer switches server.'} />
    </div>
  );
}

export { useStyles as useTileStyles };
