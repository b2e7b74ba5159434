/**
 * A Fluent Dialog that stays mounted and is closed by its `open` prop; its surface is rendered only while
 * there is something to show. A Dialog unmounted while open can leave aria-hidden="true" on the whole page
 * (tabster's modalizer, microsoft/fluentui#35139): screen readers then read nothing of the app, and the
 * page's roles vanish. e2e/wizard/dialog-closing.lab.test.ts shows it under a slow CPU.
 */
import { Dialog, DialogSurface } from '@fluentui/react-components';
import type { JSX } from 'react';

export function KeptDialog<T>({ value, modalType, onDismiss, children }: {
  /** What the dialog is about; falsy: closed. */
  value: T | null | undefined | false;
  modalType?: 'modal' | 'alert' | 'non-modal';
  /** Escape or a click outside (not for alerts, which the admin must answer). */
  onDismiss?: () => void;
  /** The dialog's surface for `value`. */
  children: (value: T) => JSX.Element;
}) {
  return (
    <Dialog open={!!value} modalType={modalType} onOpenChange={(_, d) => { if (!d.open) onDismiss?.(); }}>
      {value ? children(value) : <DialogSurface />}
    </Dialog>
  );
}
