/** The HostAdapter of the desktop app: safeStorage profiles, native dialogs, the system browser, PDF. */
import fs from 'node:fs/promises';
import { BrowserWindow, app, dialog, shell } from 'electron';
import type { CallInput } from '../core/contract';
import type { HostAdapter } from '../core/engine/wizard-service';
import type { ProfileStore } from './profile-store';

export function electronHost(store: ProfileStore, window: () => BrowserWindow | undefined, secretStorage: () => 'encrypted' | 'memory-only'): HostAdapter {
  return {
    info: () => ({ version: app.getVersion(), host: 'electron', secretStorage: secretStorage(), platform: process.platform }),
    saveProfile: (input) => store.save(input),
    listProfiles: () => store.list(),
    openProfile: (id) => store.open(id),
    async saveFile(input: CallInput<'file.save'>) {
      const w = window();
      const filters = { html: [{ name: 'HTML report', extensions: ['html'] }], json: [{ name: 'JSON', extensions: ['json'] }], text: [{ name: 'Text', extensions: ['txt', 'cfg', 'conf', 'config', 'ps1'] }], pdf: [{ name: 'PDF', extensions: ['pdf'] }], profile: [{ name: 'HA Wizard profile', extensions: ['hawizard'] }] }[input.kind];
      const r = w ? await dialog.showSaveDialog(w, { defaultPath: input.suggestedName, filters }) : await dialog.showSaveDialog({ defaultPath: input.suggestedName, filters });
      if (r.canceled || !r.filePath) return { saved: false, path: null };
      if (input.kind === 'pdf') await fs.writeFile(r.filePath, await htmlToPdf(input.content));
      else await fs.writeFile(r.filePath, input.content, { mode: 0o600 });
      return { saved: true, path: r.filePath };
    },
    async pickKeyFile() {
      const w = window();
      const opts = { title: 'Choose the private key', properties: ['openFile' as const, 'showHiddenFiles' as const] };
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return { path: r.canceled ? null : (r.filePaths[0] ?? null) };
    },
    async openExternal(url: string) {
      if (!/^https?:\/\//i.test(url)) return { opened: false };
      await shell.openExternal(url);
      return { opened: true };
    },
  };
}

/** Renders the (script-free) HTML report in a hidden, sandboxed window and prints it to PDF. */
async function htmlToPdf(html: string): Promise<Buffer> {
  const w = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
  try {
    await w.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await w.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    w.destroy();
  }
}
