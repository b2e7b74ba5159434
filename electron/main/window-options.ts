/** The windows' settings: locked down as architecture.md requires. Kept apart so tests can read them. */
import path from 'node:path';
import type { BrowserWindowConstructorOptions, Session } from 'electron';

/** What every window of the app gets, the hidden PDF window included. */
const LOCKED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
} as const;

export function windowOptions(preloadDir: string): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 820,
    minWidth: 900,
    minHeight: 640,
    title: 'HA Wizard',
    show: false,
    webPreferences: { ...LOCKED_WEB_PREFERENCES, preload: path.join(preloadDir, 'index.cjs'), spellcheck: false },
  };
}

/** The hidden window that prints a report: the same lockdown, no preload, no script, its own session. */
export function pdfWindowOptions(session: Session): BrowserWindowConstructorOptions {
  return { show: false, webPreferences: { ...LOCKED_WEB_PREFERENCES, javascript: false, session } };
}
