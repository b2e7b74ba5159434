/**
 * Sandboxed preload: `window.wizard`, exactly the contract's calls and events, nothing else. The main
 * process validates every payload; this side only refuses names the contract does not have.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES, type WizardApi } from '../shared/contract';

const CALL_CHANNEL = 'wizard:call';
const EVENT_CHANNEL = 'wizard:event';
const listeners = new Map<string, Set<(payload: unknown) => void>>();
// The page may name anything at run time: names are checked against the contract's own lists.
const CALLS = new Set<string>(CALL_NAMES);
const EVENTS = new Set<string>(EVENT_NAMES);

ipcRenderer.on(EVENT_CHANNEL, (_e: IpcRendererEvent, name: string, payload: unknown) => {
  for (const fn of listeners.get(name) ?? []) fn(payload);
});

const api: WizardApi = {
  // Main answers every call with the contract's CallResult; a broken channel is one too.
  call: (name, input) => {
    if (!CALLS.has(name)) return Promise.resolve({ ok: false, error: { kind: 'unknown-call', message: `unknown call ${String(name)}` } });
    return ipcRenderer.invoke(CALL_CHANNEL, name, input).catch((e: unknown) => ({ ok: false, error: { kind: 'disconnected', message: e instanceof Error ? e.message : String(e) } }));
  },
  on: (name, listener) => {
    if (!EVENTS.has(name)) throw new Error(`unknown event ${String(name)}`);
    const set = listeners.get(name) ?? new Set();
    // Kept: one set per event name holds listeners of that event's payload; main sends only that payload.
    set.add(listener as (payload: unknown) => void);
    listeners.set(name, set);
    return () => set.delete(listener as (payload: unknown) => void);
  },
};

contextBridge.exposeInMainWorld('wizard', Object.freeze(api));
