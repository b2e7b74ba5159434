/**
 * A server whose host key changed: what it can mean, how to read the key on the server, and a deliberate
 * way to trust the new key: the admin types the last characters of the new fingerprint, then the engine
 * replaces the known hosts entry (hostKey.replace) and the profile's pin follows.
 */
import {
  Body1, Button, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody,
  Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { KeptDialog } from '../../components/kept-dialog';
import { useState } from 'react';
import { call, errorText } from '../../api';

export interface ChangedHostKey {
  nodeId: string;
  host: string;
  port: number;
  /** What this computer trusted until now (store or profile). */
  expected: string;
  /** What the server presents now. */
  fingerprint: string;
}

/** How many characters of the new fingerprint the admin types (the engine checks the same). */
export const CONFIRM_CHARS = 6;

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`, margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere', margin: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  code: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

export function ChangedKeyDialog({ changed, onTrusted, onClose }: { changed: ChangedHostKey | null; onTrusted: (fingerprint: string) => void; onClose: () => void }) {
  return <KeptDialog value={changed} onDismiss={onClose}>{(c) => <ChangedKeySurface changed={c} onTrusted={onTrusted} onClose={onClose} />}</KeptDialog>;
}

function ChangedKeySurface({ changed, onTrusted, onClose }: { changed: ChangedHostKey; onTrusted: (fingerprint: string) => void; onClose: () => void }) {
  const s = useStyles();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const matches = typed.trim() === changed.fingerprint.slice(-CONFIRM_CHARS);

  const trust = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('hostKey.replace', { host: changed.host, port: changed.port, expected: changed.expected, presented: changed.fingerprint, confirm: typed.trim() });
      onTrusted(r.fingerprint);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <DialogSurface aria-describedby="changed-key-explain">
      <DialogBody>
        <DialogTitle>The host key of {changed.nodeId} changed</DialogTitle>
        <DialogContent className={s.content}>
          <Body1 id="changed-key-explain">
            The server presents another key than the one this computer trusted. The wizard will not connect to it until you decide. It can mean:
          </Body1>
          <ul className={s.list}>
            <li>the server was reinstalled, or its SSH host keys were regenerated (OpenSSH reinstalled, a new image): harmless;</li>
            <li>someone between this computer and the server is answering in its place: do not go on.</li>
          </ul>
          <dl className={s.facts}>
            <dt className={s.term}>Server</dt>
            <dd className={s.mono}>{changed.host}:{changed.port}</dd>
            <dt className={s.term}>Trusted until now</dt>
            <dd className={s.mono} data-testid="changed-key-expected">{changed.expected}</dd>
            <dt className={s.term}>Presented now</dt>
            <dd className={s.mono} data-testid="changed-key-fingerprint">{changed.fingerprint}</dd>
          </dl>
          <Body1>
            Read the key on the server itself (at its console or over a connection you trust) and compare it with the one presented now. On Windows, in
            PowerShell: <Text className={s.code}>Get-ChildItem $env:ProgramData\ssh\ssh_host_*_key.pub | ForEach-Object {'{'} ssh-keygen -lf $_ {'}'}</Text>.
            On Linux: <Text className={s.code}>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</Text>. If they differ, stop and ask your network team.
          </Body1>
          <Field label={`If they are the same, type the last ${CONFIRM_CHARS} characters of the key presented now`}
            validationState={typed && !matches ? 'error' : 'none'} validationMessage={typed && !matches ? 'These are not the last characters of the key presented now.' : undefined}>
            <Input value={typed} onChange={(_, d) => setTyped(d.value)} spellCheck={false} autoComplete="off" className={s.code} />
          </Field>
          {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button appearance="primary" disabled={!matches || busy} onClick={() => void trust()}>Trust the new key</Button>
        </DialogActions>
      </DialogBody>
    </DialogSurface>
  );
}

/** The changed host key a run reported for one server, or null. */
export function changedHostKey(results: { id: string; status: string; target: string; data?: Record<string, unknown> }[]): ChangedHostKey | null {
  const r = results.find((x) => x.id === 'server.host-key' && x.status === 'fail' && x.data?.verdict === 'changed');
  const d = r?.data;
  if (!r || typeof d?.fingerprint !== 'string' || typeof d.expected !== 'string' || typeof d.host !== 'string') return null;
  return { nodeId: r.target, host: d.host, port: typeof d.port === 'number' ? d.port : 22, expected: d.expected, fingerprint: d.fingerprint };
}
