/** Electron main process: one locked-down window showing the wizard, the engine behind the contract. */
import path from 'node:path';
import { BrowserWindow, Menu, app, nativeTheme } from 'electron';
import log from 'electron-log/main';
import { DEFAULT_SETTINGS } from '../core/checks/cluster-context';
import { WizardService } from '../core/engine/wizard-service';
import { buildMenu } from './app-menu';
import { lockDownContents, lockDownSession } from './content-security';
import { electronHost } from './electron-host';
import { registerContract, sendEvent } from './ipc-adapter';
import { ProfileStore } from './profile-store';
import { windowOptions } from './window-options';

log.initialize();
log.transports.file.level = 'info';
app.enableSandbox();

let win: BrowserWindow | undefined;
const rendererFile = path.join(__dirname, '../renderer/index.html');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;

function themePayload() {
  return { dark: nativeTheme.shouldUseDarkColors, highContrast: nativeTheme.shouldUseHighContrastColors };
}

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({ ...windowOptions(path.join(__dirname, '../preload')), backgroundColor: nativeTheme.shouldUseDarkColors ? '#1f1f1f' : '#ffffff' });
  lockDownContents(w.webContents);
  w.once('ready-to-show', () => w.show());
  w.webContents.on('did-finish-load', () => sendEvent(w.webContents, 'theme.changed', themePayload()));
  if (devServerUrl) void w.loadURL(devServerUrl);
  else void w.loadFile(rendererFile);
  return w;
}

void app.whenReady().then(async () => {
  const store = new ProfileStore(path.join(app.getPath('userData'), 'profiles'));
  const encrypted = await store.encryptionAvailable();
  if (!encrypted) log.warn('secret encryption is unavailable here: saved profiles keep secrets in memory only');
  const service = new WizardService(
    electronHost(store, () => win, () => (encrypted ? 'encrypted' : 'memory-only')),
    (name, payload) => sendEvent(win?.webContents, name, payload),
    { ...DEFAULT_SETTINGS, knownHostsPath: path.join(app.getPath('userData'), 'known_hosts.json') },
  );
  registerContract(service, { rendererFile, ...(devServerUrl ? { devServerUrl } : {}), log: (m) => log.warn(m) });
  lockDownSession((await import('electron')).session.defaultSession);
  Menu.setApplicationMenu(buildMenu(() => path.dirname(log.transports.file.getFile().path)));
  nativeTheme.on('updated', () => sendEvent(win?.webContents, 'theme.changed', themePayload()));
  win = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
  });
  app.on('before-quit', () => service.stopAll());
  log.info(`HA Wizard ${app.getVersion()} started`);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
