/**
 * The renderer's only way out: `window.wizard`, the contract the Electron preload (or the e2e harness)
 * exposes. Types come from the contract; nothing here talks to the network itself.
 */
import type { CallErrorInfo, CallInput, CallName, CallOutput, EventName, EventPayload, WizardApi } from '../../electron/shared/contract';

declare global {
  interface Window {
    wizard: WizardApi;
  }
}

/** A call the engine answered with an error: its kind (contract.ts) and the reason, secrets masked. */
export class CallError extends Error {
  constructor(readonly kind: CallErrorInfo['kind'], message: string) {
    super(message);
  }
}

export class NotConnectedError extends CallError {
  constructor() {
    super('disconnected', 'Not connected to the HA Wizard engine.');
  }
}

/** The bridge, or null when this page was opened outside its host (a real state, not a crash). */
export function engine(): WizardApi | null {
  // Typed as always there (global below), but a page opened outside its host has none.
  const w: WizardApi | undefined = window.wizard;
  return w && typeof w.call === 'function' && typeof w.on === 'function' ? w : null;
}

/** The call's value, or a CallError carrying the contract's error kind. */
export async function call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallOutput<C>> {
  const w = engine();
  if (!w) throw new NotConnectedError();
  const r = await w.call(name, input);
  if (r.ok) return r.value;
  throw new CallError(r.error.kind, r.error.message);
}

export function on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
  const w = engine();
  return w ? w.on(name, listener) : () => undefined;
}

/** A run id the contract accepts ([A-Za-z0-9-]{1,64}). */
export function newRunId(prefix: string): string {
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${prefix}-${Date.now().toString(36)}-${rand}`;
}

/** An error as one readable line (the engine already masks secrets in what it sends). */
export function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // Electron prefixes remote errors with its own plumbing; the admin needs only the reason.
  return text.replace(/^Error invoking remote method '[^']+': (Error: )?/, '');
}
