/**
 * Saves the profile under a name (`profile.save`). Secrets go along for the host to encrypt; when the
 * host can only keep them in memory, the dialog says so plainly.
 */
import {
  Button, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody, Spinner,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { call, errorText } from '../api';
import { KeptDialog } from './kept-dialog';
import { toProfile } from '../store/profile-mapping';
import { useWizard, wizard } from '../store/wizard-store';

export default function SaveProfileDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return <KeptDialog value={open} onDismiss={onClose}>{() => <SaveProfileSurface onClose={onClose} />}</KeptDialog>;
}

function SaveProfileSurface({ onClose }: { onClose: () => void }) {
  const initial = useWizard((s) => s.draft.name) || 'My cluster';
  const memoryOnly = useWizard((s) => s.appInfo?.secretStorage === 'memory-only');
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<'encrypted' | 'memory-only' | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give the profile a name.');
    setBusy(true);
    setError(null);
    try {
      const s = wizard();
      s.setDraft({ name: name.trim() });
      const { profile, secrets } = toProfile({ ...s.draft, name: name.trim() }, s.secrets);
      const out = await call('profile.save', { name: name.trim(), profile, secrets });
      setSaved(out.secretsStored);
      wizard().markSaved();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <DialogSurface>
      <form onSubmit={save} noValidate>
        <DialogBody>
          <DialogTitle>Save profile</DialogTitle>
          <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
            <Field label="Profile name" required validationMessage={error && !saved ? error : undefined}>
              <Input value={name} onChange={(_, d) => setName(d.value)} disabled={!!saved} autoFocus />
            </Field>
            {!saved && memoryOnly && (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>Passwords and keys are kept in memory only on this host: they are not written to disk, and you will type them again after a restart.</MessageBarBody>
              </MessageBar>
            )}
            {saved && (
              <MessageBar intent="success" layout="multiline">
                <MessageBarBody>
                  Saved as “{name.trim()}”.{' '}
                  {saved === 'encrypted'
                    ? 'Passwords and keys are stored encrypted by the operating system.'
                    : 'Passwords and keys are kept in memory only: they were not written to disk, and you will type them again after a restart.'}
                </MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            {saved ? (
              <Button appearance="primary" onClick={onClose}>Close</Button>
            ) : (
              <>
                <Button onClick={onClose}>Cancel</Button>
                <Button type="submit" appearance="primary" disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>Save</Button>
              </>
            )}
          </DialogActions>
        </DialogBody>
      </form>
    </DialogSurface>
  );
}
