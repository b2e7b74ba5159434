/** Opening a profile over unsaved work asks first (discard-dialog.tsx shows the question). */
import { create } from 'zustand';
import { hasUnsavedWork, wizard } from './wizard-store';

export interface PendingOpen {
  /** The profile's name, as the question says it. */
  name: string;
  open: () => void | Promise<void>;
}

export const useOpenGuard = create<{ pending: PendingOpen | null }>()(() => ({ pending: null }));

/** Opens at once when nothing would be lost; otherwise asks the admin first. */
export function openOverWork(name: string, open: PendingOpen['open']): void {
  if (hasUnsavedWork(wizard())) useOpenGuard.setState({ pending: { name, open } });
  else void open();
}

export function answerOpen(discard: boolean): void {
  const { pending } = useOpenGuard.getState();
  useOpenGuard.setState({ pending: null });
  if (discard && pending) void pending.open();
}
