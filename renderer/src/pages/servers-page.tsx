/**
 * Servers: add, edit and remove nodes, then Connect (`checks.run` with the server checks) to see what
 * each one is. Unknown host keys are offered for acceptance one at a time; the cluster-wide findings
 * (versions, licence limit, host names) are shown as soon as they arrive.
 */
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, PlugConnected20Regular, Window20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { LICENSED_NODE_LIMIT } from '../../../electron/shared/products';
import { RunProgress } from '../components/check-run-panel';
import { CheckList } from '../components/check-list';
import { RERUN_BUTTON } from '../components/rerun-buttons';
import { runChecks } from '../store/check-actions';
import { draftNodeId } from '../store/draft-types';
import { useStepTest } from '../store/use-step-test';
import { useWizard, wizard } from '../store/wizard-store';
import { useProduct } from '../store/use-product';
import { PageFrame } from '../components/page-frame';
import { ChangedKeyDialog, changedHostKey, type ChangedHostKey } from './servers/changed-key-dialog';
import { HostKeyDialog, unknownHostKeys, type UnknownHostKey } from './servers/host-key-dialog';
import { NodeCard } from './servers/node-card';
import { PrepareWindowsDialog } from './servers/prepare-windows';
import { nodeProblems } from './servers/node-schema';

const useStyles = makeStyles({
  cards: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/** The first problem that stops the servers from being used, with the node to open. */
function serversProblem(): { message: string; nodeKey?: string } | null {
  const { draft, secrets } = wizard();
  if (!draft.nodes.length) return { message: 'Add at least one server.' };
  const bad = draft.nodes.find((n) => nodeProblems(n, secrets));
  if (bad) return { message: `Finish the details of ${draftNodeId(bad) || 'the new server'}.`, nodeKey: bad.key };
  const ids = draft.nodes.map(draftNodeId);
  const dupe = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dupe) return { message: `Two servers are both called ${dupe}: give one a different host or name (under Advanced).`, nodeKey: draft.nodes[ids.lastIndexOf(dupe)]!.key };
  return null;
}

export default function ServersPage() {
  const s = useStyles();
  const nodes = useWizard((st) => st.draft.nodes);
  const product = useProduct();
  const inventory = useWizard((st) => st.inventory);
  const accepted = useWizard((st) => st.acceptedHostKeys);
  const { run, running, stale, results, failures, advancing, primaryDisabled, testThenNext } = useStepTest('servers');
  // Which server Next found incomplete, and how often: only that one's editor shows every error.
  const [flagged, setFlagged] = useState<{ key: string | null; attempt: number }>({ key: null, attempt: 0 });
  const [problem, setProblem] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState<string[]>([]);
  const [reviewing, setReviewing] = useState<UnknownHostKey | null>(null);
  const [acceptedNow, setAcceptedNow] = useState(0);
  const [changing, setChanging] = useState<ChangedHostKey | null>(null);
  const [preparing, setPreparing] = useState(false);

  // A new cluster starts with one empty server open for editing.
  useEffect(() => {
    if (wizard().draft.nodes.length === 0) wizard().addNode();
  }, []);

  const unknown = run?.status === 'done' ? unknownHostKeys(results).filter((k) => accepted[`${k.host}:${k.port}`] !== k.fingerprint) : [];
  const pending = unknown.filter((k) => !dismissed.includes(k.fingerprint));
  const dialogKey = reviewing ?? pending[0] ?? null;

  const check = (): boolean => {
    const p = serversProblem();
    setProblem(p?.message ?? null);
    if (p?.nodeKey) {
      wizard().setEditingNode(p.nodeKey);
      setFlagged((f) => ({ key: p.nodeKey ?? null, attempt: f.attempt + 1 }));
    }
    return !p;
  };

  const connect = async () => {
    if (!check()) return;
    setDismissed([]);
    setAcceptedNow(0);
    await runChecks('servers');
  };

  const settle = (k: UnknownHostKey, accept: boolean) => {
    const st = wizard();
    if (accept) {
      st.acceptHostKey(`${k.host}:${k.port}`, k.fingerprint);
      // Pinned in the profile too, so plan, apply and the dashboard trust the same key.
      const node = st.draft.nodes.find((n) => draftNodeId(n) === k.nodeId);
      if (node) st.updateNode(node.key, { hostKeyFingerprint: k.fingerprint });
    }
    setDismissed((d) => [...d, k.fingerprint]);
    setReviewing(null);
    const left = pending.filter((p) => p.fingerprint !== k.fingerprint).length;
    const acceptedTotal = acceptedNow + (accept ? 1 : 0);
    setAcceptedNow(acceptedTotal);
    if (left === 0 && acceptedTotal > 0) void runChecks('servers');
  };

  // The admin compared the changed key and typed its end: the engine replaced it in the known hosts.
  const trustedChanged = (k: ChangedHostKey, fingerprint: string) => {
    const st = wizard();
    st.acceptHostKey(`${k.host}:${k.port}`, fingerprint);
    const node = st.draft.nodes.find((n) => draftNodeId(n) === k.nodeId);
    if (node) st.updateNode(node.key, { hostKeyFingerprint: fingerprint });
    setChanging(null);
    void runChecks('servers');
  };

  const next = async () => {
    if (check()) await testThenNext();
  };

  const clusterResults = results.filter((r) => r.target === 'cluster');
  const blocked = failures.length > 0 ? 'Fix the servers with problems (or remove them), then connect again.' : undefined;
  return (
    <PageFrame
      title="Servers"
      intro={`The servers that will form the ${product.name} cluster. The wizard signs in to each over SSH (OpenSSH on Windows) as an administrator, reads what is installed and, later, writes the configuration.`}
      onSubmit={() => void next()}
      primaryLabel={advancing ? 'Connecting…' : 'Next'}
      primaryDisabled={primaryDisabled}
      blockedReason={blocked}
      error={problem}
    >
      {nodes.length > LICENSED_NODE_LIMIT && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>More servers than the licence allows by default</MessageBarTitle>
            {product.name} Enterprise allows {LICENSED_NODE_LIMIT} servers per instance by default; you have {nodes.length}. Ask Inedo for a licence that allows more.
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={s.cards}>
        {nodes.map((n) => {
          const id = draftNodeId(n);
          const mine = results.filter((r) => r.target === id);
          const busy = running && !mine.some((r) => r.id === 'server.login' || r.status === 'fail');
          const key = unknown.find((k) => k.nodeId === id);
          return (
            <NodeCard key={n.key} node={n} results={stale ? [] : mine} inventory={stale ? undefined : inventory[id]} running={busy}
              attempt={flagged.key === n.key ? flagged.attempt : 0} onReviewHostKey={() => key && setReviewing(key)}
              onReviewChangedKey={() => setChanging(changedHostKey(mine))} />
          );
        })}
      </div>
      <div className={s.toolbar}>
        <Button icon={<Add20Regular />} onClick={() => wizard().addNode()}>Add server</Button>
        <Button icon={running ? <Spinner size="tiny" /> : <PlugConnected20Regular />} disabled={running} onClick={() => void connect()}>
          {run ? 'Connect again' : 'Connect'}
        </Button>
        <Button icon={<Window20Regular />} onClick={() => setPreparing(true)}>Prepare a Windows server…</Button>
      </div>
      {running && run && <RunProgress done={results.length} expected={run.expected} label="Connecting" />}
      {run?.status === 'error' && (
        <MessageBar intent="error" layout="multiline"><MessageBarBody><MessageBarTitle>Could not connect</MessageBarTitle>{run.error}</MessageBarBody></MessageBar>
      )}
      {stale && !running && <MessageBar intent="info"><MessageBarBody>The servers changed since the last Connect: connect again to see them as they are.</MessageBarBody></MessageBar>}
      {!stale && clusterResults.length > 0 && (
        <section className={s.section} aria-labelledby="cluster-findings">
          <Subtitle1 as="h2" id="cluster-findings">Across the servers</Subtitle1>
          <CheckList results={clusterResults} rerunButton={RERUN_BUTTON.servers} />
        </section>
      )}
      {/* Always mounted, opened by their value (components/kept-dialog.tsx says why). */}
      <PrepareWindowsDialog open={preparing} onClose={() => setPreparing(false)} />
      <ChangedKeyDialog changed={changing} onTrusted={(fp) => changing && trustedChanged(changing, fp)} onClose={() => setChanging(null)} />
      <HostKeyDialog pending={dialogKey} onAccept={() => dialogKey && settle(dialogKey, true)} onCancel={() => dialogKey && settle(dialogKey, false)} />
    </PageFrame>
  );
}
