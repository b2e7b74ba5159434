/**
 * A server whose host key this computer has never seen: show host and SHA256 fingerprint, and let the
 * admin accept it (after comparing it with the server's own) or cancel. Changed keys never come here.
 */
import {
  Body1, Button, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { KeptDialog } from '../../components/kept-dialog';

export interface UnknownHostKey {
  nodeId: string;
  host: string;
  port: number;
  fingerprint: string;
}

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`, margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere', margin: 0 },
});

export function HostKeyDialog({ pending, onAccept, onCancel }: { pending: UnknownHostKey | null; onAccept: () => void; onCancel: () => void }) {
  return <KeptDialog value={pending} onDismiss={onCancel}>{(p) => <HostKeySurface pending={p} onAccept={onAccept} onCancel={onCancel} />}</KeptDialog>;
}

function HostKeySurface({ pending, onAccept, onCancel }: { pending: UnknownHostKey; onAccept: () => void; onCancel: () => void }) {
  const s = useStyles();
  return (
    <DialogSurface aria-describedby="host-key-explain">
      <DialogBody>
        <DialogTitle>Trust this server’s host key?</DialogTitle>
        <DialogContent className={s.content}>
          <Body1 id="host-key-explain">
            This computer has not connected to {pending.nodeId} before. Compare this fingerprint with the one the server shows
            (on the server: <Text font="monospace">ssh-keygen -lf</Text> on its host key) before accepting it.
          </Body1>
          <dl className={s.facts}>
            <dt className={s.term}>Host</dt>
            <dd className={s.mono}>{pending.host}:{pending.port}</dd>
            <dt className={s.term}>Fingerprint</dt>
            <dd className={s.mono} data-testid="host-key-fingerprint">{pending.fingerprint}</dd>
          </dl>
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>Cancel</Button>
          <Button appearance="primary" onClick={onAccept}>Accept</Button>
        </DialogActions>
      </DialogBody>
    </DialogSurface>
  );
}

/** The unknown host keys a run reported, minus those the admin already dealt with. */
export function unknownHostKeys(results: { id: string; status: string; target: string; data?: Record<string, unknown> }[]): UnknownHostKey[] {
  return results.flatMap((r) => {
    if (r.id !== 'server.host-key' || r.status !== 'fail' || r.data?.verdict !== 'unknown') return [];
    const d = r.data;
    if (typeof d.fingerprint !== 'string' || typeof d.host !== 'string') return [];
    return [{ nodeId: r.target, host: d.host, port: typeof d.port === 'number' ? d.port : 22, fingerprint: d.fingerprint }];
  });
}
