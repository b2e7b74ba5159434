/**
 * The only file that touches ipcMain: one channel for calls, one for events, every call checked for
 * its sender (our own window's main frame, loaded from our own files) and its payload (the contract's
 * schemas, in WizardService).
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { CallName, CallResult, EventName, EventPayload } from '../shared/contract';
import type { WizardService } from '../core/engine/wizard-service';

export const CALL_CHANNEL = 'wizard:call';
export const EVENT_CHANNEL = 'wizard:event';

/**
 * Whether a URL is one of ours: the packaged renderer (file://…/renderer/index.html) or the dev server.
 * Windows paths compare without regard to case (the drive letter comes as `c:` or `C:` depending on
 * how the app was started); elsewhere a path in another case is another file.
 */
export function isOwnUrl(url: string, rendererFile: string, devServerUrl?: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'file:') {
      const norm = (p: string) => (platform === 'win32' ? p.replace(/\\/g, '/').toLowerCase() : p);
      return norm(decodeURIComponent(u.pathname).replace(/^\/([A-Za-z]:)/, '$1')) === norm(rendererFile);
    }
    return !!devServerUrl && u.origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}

export function registerContract(service: WizardService, opts: { rendererFile: string; devServerUrl?: string; log: (message: string) => void }): void {
  // Every answer is the contract's CallResult (an error is a value, not a rejected invoke).
  ipcMain.handle(CALL_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<CallResult<CallName>> => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isOwnUrl(frame.url, opts.rendererFile, opts.devServerUrl)) {
      opts.log(`refused an IPC call from ${frame?.url ?? 'an unknown frame'}`);
      return { ok: false, error: { kind: 'refused', message: 'refused: not the HA Wizard window' } };
    }
    return service.callFromWire(name, input);
  });
}

/** Sends a contract event to the window (and nothing else). */
export function sendEvent<E extends EventName>(contents: WebContents | undefined, name: E, payload: EventPayload<E>): void {
  if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
}
