/** The HostAdapter of the desktop app: safeStorage profiles, native dialogs, the system browser, PDF. */
import fs from 'node:fs/promises';
import { BrowserWindow, app, dialog, session, shell, type Session } from 'electron';
import type { CallInput } from '../shared/contract';
import type { HostAdapter } from '../core/engine/wizard-service';
import { lockDownContents, lockDownPdfSession } from './content-security';
import type { ProfileStore } from '../core/profiles/profile-store';
import { pdfWindowOptions } from './window-options';

export function electronHost(store: ProfileStore, window: () => BrowserWindow | undefined, secretStorage: () => 'encrypted' | 'memory-only', reportsDir?: string): HostAdapter {
  return {
    ...(reportsDir ? { reportsDir } : {}),
    // The service names only the reports folder or one of its files here (wizard-service.ts).
    async openPath(target: string) {
      return { opened: (await shell.openPath(target)) === '' };
    },
    info: () => ({ version: app.getVersion(), host: 'electron', secretStorage: secretStorage(), platform: process.platform }),
    saveProfile: (input) => store.save(input),
    listProfiles: () => store.list(),
    openProfile: (id) => store.open(id),
    async saveFile(input: CallInput<'file.save'>) {
      const w = window();
      const filters = { html: [{ name: 'HTML report', extensions: ['html'] }], json: [{ name: 'JSON', extensions: ['json'] }], text: [{ name: 'Text', extensions: ['txt', 'cfg', 'conf', 'config', 'ps1'] }], pdf: [{ name: 'PDF', extensions: ['pdf'] }], profile: [{ name: 'HA Wizard profile', extensions: ['hawizard'] }] }[input.kind];
      const r = w ? await dialog.showSaveDialog(w, { defaultPath: input.suggestedName, filters }) : await dialog.showSaveDialog({ defaultPath: input.suggestedName, filters });
      if (r.canceled || !r.filePath) return { saved: false, path: null };
      await writeOwnerOnly(r.filePath, input.kind === 'pdf' ? await htmlToPdf(input.content) : input.content);
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

/**
 * Reports and plans name servers and paths: only the admin reads them. The mode is set on the open
 * handle before any byte is written, so a file that existed world-readable is not readable meanwhile.
 * (On Windows the file takes its folder's ACL; mode bits mean little there.)
 */
async function writeOwnerOnly(file: string, data: string | Buffer): Promise<void> {
  const fh = await fs.open(file, 'w', 0o600);
  try {
    await fh.chmod(0o600);
    await fh.writeFile(data);
  } finally {
    await fh.close();
  }
}

let pdfSession: Session | undefined;

/** Renders the (script-free) HTML report in a hidden window locked as the main one and prints it to PDF. */
async function htmlToPdf(html: string): Promise<Buffer> {
  if (!pdfSession) {
    // In memory (no `persist:`), and only ever the page below.
    pdfSession = session.fromPartition('ha-wizard-pdf-export');
    lockDownPdfSession(pdfSession);
  }
  const w = new BrowserWindow(pdfWindowOptions(pdfSession));
  lockDownContents(w.webContents);
  try {
    await w.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await w.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    w.destroy();
  }
}
