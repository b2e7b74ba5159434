/** The one window's settings: locked down as architecture.md requires. Kept apart so tests can read them. */
import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

export function windowOptions(preloadDir: string): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 820,
    minWidth: 900,
    minHeight: 640,
    title: 'HA Wizard',
    show: false,
    webPreferences: {
      preload: path.join(preloadDir, 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}
