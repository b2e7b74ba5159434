/** Electron main process: one locked-down window showing the wizard, the engine behind the contract. */
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, nativeTheme } from 'electron';
import { DEFAULT_SETTINGS } from '../core/run/engine-settings';
import { WizardService } from '../core/engine/wizard-service';
import { reportsDirOf } from '../core/reports/reports-folder';
import { buildMenu } from './app-menu';
import { lockDownContents, lockDownSession } from './content-security';
import { electronHost } from './electron-host';
import { mainLog } from './main-log';
import { registerContract, sendEvent } from './ipc-adapter';
import { profilePathFromArgv, readProfileFile } from './profile-file';
import { appProfileStore } from './profile-store';
import { rendererSource } from './renderer-source';
import { windowOptions } from './window-options';
import { wireHistory } from './history-wiring';
import { historyDirOf } from '../core/engine/history-calls';
import { AppSettingsFile, settingsFileOf } from '../core/settings/app-settings-file';

// One instance: a second launch (a double-clicked .hawizard file) hands its file to the first.
if (!app.requestSingleInstanceLock()) app.quit();

// No electron-log preload or IPC: the only IPC is the contract's.
const log = mainLog(() => app.getPath('logs'));
app.enableSandbox();

let win: BrowserWindow | undefined;
const rendererFile = path.join(__dirname, '../renderer/index.html');
// A dev server only when not packaged: a packaged app loads its own files and nothing else.
const source = rendererSource({ isPackaged: app.isPackaged, env: process.env, rendererFile });
const devServerUrl = source.kind === 'url' ? source.url : undefined;

function themePayload() {
  return { dark: nativeTheme.shouldUseDarkColors, highContrast: nativeTheme.shouldUseHighContrastColors };
}

/** Loads a double-clicked profile into the wizard once the page is ready for it. */
async function openProfileFile(file: string | null): Promise<void> {
  if (!file) return;
  const r = await readProfileFile(file);
  if (!r.ok) {
    log.warn(r.message);
    if (win) void dialog.showMessageBox(win, { type: 'error', message: 'This profile cannot be opened', detail: r.message });
    return;
  }
  const send = () => sendEvent(win?.webContents, 'profile.opened', { name: r.name, profile: r.profile });
  if (win && !win.webContents.isLoading()) send();
  else win?.webContents.once('did-finish-load', send);
}

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({ ...windowOptions(path.join(__dirname, '../preload')), backgroundColor: nativeTheme.shouldUseDarkColors ? '#1f1f1f' : '#ffffff' });
  lockDownContents(w.webContents);
  w.once('ready-to-show', () => w.show());
  w.webContents.on('did-finish-load', () => sendEvent(w.webContents, 'theme.changed', themePayload()));
  if (source.kind === 'url') void w.loadURL(source.url);
  else void w.loadFile(source.file);
  return w;
}

void app.whenReady().then(async () => {
  const store = appProfileStore(path.join(app.getPath('userData'), 'profiles'));
  const encrypted = await store.encryptionAvailable();
  if (!encrypted) log.warn('secret encryption is unavailable here: saved profiles keep secrets in memory only');
  const settings = new AppSettingsFile(settingsFileOf(app.getPath('userData')), (m) => log.warn(m));
  const service = new WizardService(
    { ...electronHost(store, () => win, () => (encrypted ? 'encrypted' : 'memory-only'), reportsDirOf(app.getPath('userData'))), historyDir: historyDirOf(app.getPath('userData')), settings, warn: (m) => log.warn(m) },
    (name, payload) => sendEvent(win?.webContents, name, payload),
    { ...DEFAULT_SETTINGS, knownHostsPath: path.join(app.getPath('userData'), 'known_hosts.json') },
  );
  wireHistory(service.history, settings, (m) => log.warn(m));
  registerContract(service, { rendererFile, ...(devServerUrl ? { devServerUrl } : {}), log: (m) => log.warn(m) });
  lockDownSession((await import('electron')).session.defaultSession);
  Menu.setApplicationMenu(buildMenu(() => path.dirname(log.transports.file.getFile().path)));
  nativeTheme.on('updated', () => sendEvent(win?.webContents, 'theme.changed', themePayload()));
  win = createWindow();
  void openProfileFile(profilePathFromArgv(process.argv));
  app.on('second-instance', (_e, argv) => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
    void openProfileFile(profilePathFromArgv(argv));
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
  });
  app.on('before-quit', () => service.stopAll());
  log.info(`HA Wizard ${app.getVersion()} started`);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
