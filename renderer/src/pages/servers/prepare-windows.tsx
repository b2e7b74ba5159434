/**
 * "Prepare a Windows server": the PowerShell to run on a Windows server so the wizard can reach it, for
 * the version the admin picks, with this computer's public key when one sits beside the chosen key file
 * (else a placeholder line, and the panel says so). Copy it, or save it as a .ps1.
 */
import {
  Body1, Button, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, MessageBar, MessageBarBody, Radio, RadioGroup,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { KeptDialog } from '../../components/kept-dialog';
import { useEffect, useState } from 'react';
import { WINDOWS_SERVER_VERSIONS, windowsPrepFileName, windowsPrepScript, type WindowsServerVersion } from '../../../../electron/shared/windows-prep';
import { call, errorText } from '../../api';
import { useWizard } from '../../store/wizard-store';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  script: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, margin: 0, padding: tokens.spacingHorizontalM, maxHeight: '40vh', overflow: 'auto',
    whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', backgroundColor: tokens.colorNeutralBackground3, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  surface: { maxWidth: 'min(60rem, calc(100vw - 2rem))' },
});

type KeyState = { status: 'none' } | { status: 'reading' } | { status: 'found'; key: string; path: string } | { status: 'missing'; path: string; reason: string };

/** The key file of the first server that signs in with one (Windows servers first). */
function chosenKeyPath(nodes: { os: string; authKind: string; keyPath: string }[]): string | null {
  const withKey = nodes.filter((n) => n.authKind === 'key' && n.keyPath.trim());
  return (withKey.find((n) => n.os === 'windows') ?? withKey[0])?.keyPath.trim() ?? null;
}

export function PrepareWindowsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return <KeptDialog value={open} onDismiss={onClose}>{() => <PrepareWindowsSurface onClose={onClose} />}</KeptDialog>;
}

function PrepareWindowsSurface({ onClose }: { onClose: () => void }) {
  const s = useStyles();
  const keyPath = useWizard((st) => chosenKeyPath(st.draft.nodes));
  const [version, setVersion] = useState<WindowsServerVersion>('2022');
  const [key, setKey] = useState<KeyState>({ status: keyPath ? 'reading' : 'none' });
  const [note, setNote] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);

  useEffect(() => {
    if (!keyPath) return;
    let live = true;
    call('ssh.publicKey', { keyPath }).then(
      (r) => live && setKey(r.publicKey ? { status: 'found', key: r.publicKey, path: r.path } : { status: 'missing', path: r.path, reason: r.reason ?? 'not found' }),
      (e: unknown) => live && setKey({ status: 'missing', path: `${keyPath}.pub`, reason: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [keyPath]);

  const script = windowsPrepScript({ version, publicKey: key.status === 'found' ? key.key : null });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(script);
      setNote({ intent: 'success', text: 'Copied. Paste it into PowerShell started as Administrator on the server.' });
    } catch (e) {
      setNote({ intent: 'error', text: `Could not copy: ${errorText(e)}. Use Save as .ps1 instead.` });
    }
  };
  const save = async () => {
    try {
      const r = await call('file.save', { suggestedName: windowsPrepFileName(version), content: script, kind: 'text' });
      if (r.saved) setNote({ intent: 'success', text: `Saved${r.path ? ` as ${r.path}` : ''}. Copy it to the server and run it in PowerShell as Administrator.` });
    } catch (e) {
      setNote({ intent: 'error', text: `Could not save: ${errorText(e)}` });
    }
  };

  return (
    <DialogSurface className={s.surface} aria-describedby="prepare-windows-explain">
      <DialogBody>
        <DialogTitle>Prepare a Windows server</DialogTitle>
        <DialogContent className={s.content}>
          <Body1 id="prepare-windows-explain">
            Run this on each Windows server, in PowerShell started as Administrator. It turns on the OpenSSH server and starts it with Windows,
            lets TCP 22 through the firewall, and trusts this computer’s key for administrators.
          </Body1>
          <Field label="Windows Server version">
            <RadioGroup layout="horizontal" value={version} onChange={(_, d) => setVersion(WINDOWS_SERVER_VERSIONS.find((v) => v === d.value) ?? version)}>
              {WINDOWS_SERVER_VERSIONS.map((v) => <Radio key={v} value={v} label={`Windows Server ${v}`} />)}
            </RadioGroup>
          </Field>
          {key.status === 'found' && <Body1 data-testid="prepare-key-note">The key is this computer’s public key from {key.path}.</Body1>}
          {key.status === 'reading' && <Body1 data-testid="prepare-key-note">Reading this computer’s public key…</Body1>}
          {(key.status === 'none' || key.status === 'missing') && (
            <MessageBar intent="warning" layout="multiline" data-testid="prepare-key-note">
              <MessageBarBody>
                {key.status === 'missing' ? `No public key was found at ${key.path} (${key.reason}). ` : 'No server signs in with a private key yet. '}
                The script has a placeholder line instead: replace it with this computer’s public key (the .pub file beside your private key),
                or sign in with a password and leave it; the script then skips that step.
              </MessageBarBody>
            </MessageBar>
          )}
          <pre className={s.script} data-testid="prepare-windows-script" tabIndex={0} aria-label={`PowerShell script for Windows Server ${version}`}>{script}</pre>
          {note && <MessageBar intent={note.intent} role="status"><MessageBarBody>{note.text}</MessageBarBody></MessageBar>}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => void copy()}>Copy</Button>
          <Button onClick={() => void save()}>Save as .ps1…</Button>
          <Button appearance="primary" onClick={onClose}>Close</Button>
        </DialogActions>
      </DialogBody>
    </DialogSurface>
  );
}
