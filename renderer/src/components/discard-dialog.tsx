/** "Discard your changes and open …?": asked before a profile replaces unsaved work (open-guard.ts). */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';
import { answerOpen, useOpenGuard } from '../store/open-guard';

export function DiscardDialog() {
  const pending = useOpenGuard((s) => s.pending);
  return (
    // Always mounted, closed by `open` (local-secrets-dialog.tsx says why).
    <Dialog open={!!pending} modalType="alert" onOpenChange={(_, d) => { if (!d.open) answerOpen(false); }}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Discard your changes and open “{pending?.name}”?</DialogTitle>
          <DialogContent>
            What you entered since you last saved or opened a profile will be lost, and so will the passwords you typed.
            To keep it, choose Keep my changes and save it first (Save profile, at the top of the window).
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => answerOpen(false)}>Keep my changes</Button>
            <Button onClick={() => answerOpen(true)}>Discard and open</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
