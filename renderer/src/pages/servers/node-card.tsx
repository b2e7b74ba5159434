/**
 * One server as a card: how it is reached, what Connect found (from the run's inventory), and any
 * problem with its remedy. A changed host key is a danger message with both fingerprints; trusting the
 * new key is a separate, deliberate step (changed-key-dialog.tsx).
 */
import {
  Body1, Button, Caption1, Card, CardHeader, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { Delete20Regular, Edit20Regular } from '@fluentui/react-icons';
import { StatusBadge } from '../../components/status-badge';
import { draftNodeId, type NodeDraft } from '../../store/draft-types';
import type { CheckResult, NodeInventory } from '../../store/run-types';
import { useWizard } from '../../store/wizard-store';
import { FaultList } from './connect-faults';
import { NodeEditor } from './node-editor';

const useStyles = makeStyles({
  card: { width: '100%' },
  facts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(9rem, 1fr))', gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`, margin: 0 },
  fact: { display: 'flex', flexDirection: 'column', margin: 0 },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
});

const AUTH = { password: 'password', key: 'private key', agent: 'SSH agent' } as const;

interface Props {
  node: NodeDraft;
  results: CheckResult[];
  inventory: NodeInventory | undefined;
  running: boolean;
  attempt: number;
  /** Opens the host key dialog for this node's unknown key. */
  onReviewHostKey: () => void;
  /** Opens the dialog that explains a changed key and lets the admin trust the new one deliberately. */
  onReviewChangedKey: () => void;
}

function verdict(results: CheckResult[], running: boolean): { status: CheckResult['status'] | 'running'; label: string } | null {
  if (running) return { status: 'running', label: 'Connecting…' };
  if (!results.length) return null;
  if (results.some((r) => r.status === 'fail')) return { status: 'fail', label: 'Problem' };
  if (results.some((r) => r.status === 'warn')) return { status: 'warn', label: 'Connected, with warnings' };
  return { status: 'pass', label: 'Connected' };
}

export function NodeCard({ node, results, inventory, running, attempt, onReviewHostKey, onReviewChangedKey }: Props) {
  const s = useStyles();
  const editing = useWizard((st) => st.editingNode === node.key);
  const setEditing = useWizard((st) => st.setEditingNode);
  const remove = useWizard((st) => st.removeNode);
  const id = draftNodeId(node) || 'New server';
  const v = verdict(results, running);
  const hostKey = results.find((r) => r.id === 'server.host-key' && r.status === 'fail');
  const keyData = hostKey?.data;
  // Only text is shown: a field of another kind (an older engine's, a damaged report's) shows as unknown.
  const changed = keyData?.verdict === 'changed'
    ? { fingerprint: typeof keyData.fingerprint === 'string' ? keyData.fingerprint : '(unknown)', expected: typeof keyData.expected === 'string' ? keyData.expected : undefined }
    : null;
  const unknownKey = hostKey?.data?.verdict === 'unknown';
  const problems = results.filter((r) => (r.status === 'fail' || r.status === 'warn') && r !== hostKey);
  const inv = inventory?.reachable ? inventory : null;

  return (
    <Card className={s.card} data-testid={`node-card-${draftNodeId(node) || node.key}`} aria-label={`Server ${id}`}>
      <CardHeader
        header={<Text weight="semibold" size={400}>{id}</Text>}
        description={<Caption1>{node.host ? `${node.user || '?'}@${node.host}:${node.port || 22}` : 'not filled in yet'} · {node.os === 'windows' ? 'Windows' : 'Linux / Docker'} · {AUTH[node.authKind]}</Caption1>}
        action={
          <span className={s.actions}>
            {v && <StatusBadge status={v.status} label={v.label} />}
            {!editing && <Button appearance="subtle" icon={<Edit20Regular />} onClick={() => setEditing(node.key)} aria-label={`Edit ${id}`}>Edit</Button>}
            <Button appearance="subtle" icon={<Delete20Regular />} onClick={() => remove(node.key)} aria-label={`Remove ${id}`}>Remove</Button>
          </span>
        }
      />
      {inv && !editing && (
        <dl className={s.facts}>
          <div className={s.fact}><dt className={s.term}>Host name</dt><dd className={s.value}>{inv.hostname ?? '—'}</dd></div>
          <div className={s.fact}><dt className={s.term}>Operating system</dt><dd className={s.value}>{inv.os ?? '—'}</dd></div>
          <div className={s.fact}><dt className={s.term}>Product</dt><dd className={s.value}>{inv.productInstalled === null ? '—' : inv.productInstalled ? 'Installed' : 'Not found'}</dd></div>
          <div className={s.fact}><dt className={s.term}>Version</dt><dd className={s.value}>{inv.version ?? 'unknown'}</dd></div>
          <div className={s.fact}><dt className={s.term}>Service</dt><dd className={s.value}>{inv.serviceState ?? '—'}</dd></div>
        </dl>
      )}
      {inventory && !inventory.reachable && inventory.error && !editing && !problems.length && !hostKey && <Body1>{inventory.error}</Body1>}
      {changed && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The server’s host key changed</MessageBarTitle>
            Expected <span className={s.mono}>{changed.expected ?? '(unknown)'}</span>, but the server presented{' '}
            <span className={s.mono}>{changed.fingerprint}</span>. The server may have been reinstalled, or someone may be
            intercepting the connection. Compare the key with the server's own before going on; the wizard will not connect to it until you do.
          </MessageBarBody>
          <MessageBarActions><Button onClick={onReviewChangedKey}>Compare and decide…</Button></MessageBarActions>
        </MessageBar>
      )}
      {unknownKey && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Host key not accepted yet</MessageBarTitle>
            This computer has not seen this server’s host key before. Compare its fingerprint with the server’s own before accepting it.
          </MessageBarBody>
          <MessageBarActions><Button onClick={onReviewHostKey}>Review the host key…</Button></MessageBarActions>
        </MessageBar>
      )}
      {!editing && <FaultList results={problems} />}
      {editing && <NodeEditor node={node} attempt={attempt} problems={problems} />}
    </Card>
  );
}
