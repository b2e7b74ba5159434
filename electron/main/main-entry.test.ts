/**
 * The main process's entry (index.ts) started against a mocked `electron` (its binary cannot run
 * here): which page the window loads, packaged and not, with a dev-server URL in the environment; and
 * that the only IPC the process opens is the contract's, with no preload but the app's own. The mock
 * is also put in Node's require cache, so a CommonJS library that requires 'electron' itself (as
 * electron-log/main does) meets the same mock and is seen registering whatever it registers.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

interface Recorded {
  handlers: Map<string, (...args: unknown[]) => unknown>;
  ipcOn: string[];
  ipcHandle: string[];
  preloads: string[];
  loaded: { kind: 'url' | 'file'; target: string }[];
  windows: { webPreferences?: Record<string, unknown> }[];
}

const rec: Recorded = { handlers: new Map(), ipcOn: [], ipcHandle: [], preloads: [], loaded: [], windows: [] };
const state = { isPackaged: false, userData: '' };

function fakeSession() {
  return {
    webRequest: { onHeadersReceived: vi.fn(), onBeforeRequest: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    registerPreloadScript: (p: { filePath: string }) => rec.preloads.push(p.filePath),
    setPreloads: (list: string[]) => rec.preloads.push(...list),
    getPreloads: () => [] as string[],
  };
}

const electronMock = vi.hoisted(() => ({}) as Record<string, unknown>);
vi.mock('electron', () => electronMock);

function buildMock(): void {
  const defaultSession = fakeSession();
  class BrowserWindow {
    static getAllWindows = () => [];
    webContents = {
      on: vi.fn(), once: vi.fn(), send: vi.fn(), isLoading: () => false, isDestroyed: () => false,
      setWindowOpenHandler: vi.fn(), printToPDF: vi.fn(async () => Buffer.from('%PDF')),
    };
    constructor(o: { webPreferences?: Record<string, unknown> }) {
      rec.windows.push(o);
    }
    once = vi.fn();
    show = vi.fn();
    isMinimized = () => false;
    loadURL = async (url: string) => void rec.loaded.push({ kind: 'url', target: url });
    loadFile = async (file: string) => void rec.loaded.push({ kind: 'file', target: file });
  }
  const app = {
    get isPackaged() {
      return state.isPackaged;
    },
    requestSingleInstanceLock: () => true,
    isReady: () => true,
    enableSandbox: vi.fn(),
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => path.join(state.userData, name),
    getVersion: () => '0.1.0',
    getName: () => 'HA Wizard',
    on: vi.fn(), once: vi.fn(), off: vi.fn(), quit: vi.fn(),
  };
  Object.assign(electronMock, {
    default: undefined,
    app, BrowserWindow,
    ipcMain: { on: (c: string) => void rec.ipcOn.push(c), handle: (c: string, fn: (...args: unknown[]) => unknown) => { rec.ipcHandle.push(c); rec.handlers.set(c, fn); }, removeHandler: vi.fn() },
    session: { defaultSession, fromPartition: () => fakeSession() },
    Menu: { buildFromTemplate: () => ({}), setApplicationMenu: vi.fn() },
    dialog: { showMessageBox: vi.fn(), showSaveDialog: vi.fn(), showOpenDialog: vi.fn() },
    shell: { openExternal: vi.fn(), openPath: vi.fn() },
    nativeTheme: { shouldUseDarkColors: false, shouldUseHighContrastColors: false, on: vi.fn() },
    safeStorage: { isAsyncEncryptionAvailable: async () => true, getSelectedStorageBackend: () => 'gnome_libsecret' },
    webContents: { getAllWebContents: () => [] },
  });
  // CommonJS `require('electron')` from node_modules bypasses vi.mock: give it the same object.
  const req = createRequire(import.meta.url);
  const resolved = req.resolve('electron');
  // A library loaded natively stays in Node's cache: drop it so each start registers anew.
  for (const k of Object.keys(req.cache)) if (/[\\/]node_modules[\\/]electron-log[\\/]/.test(k)) delete req.cache[k];
  req.cache[resolved] = { id: resolved, filename: resolved, loaded: true, exports: electronMock } as unknown as NodeJS.Module;
}

/** Starts index.ts afresh and waits for whenReady's work (the window) to be done. */
async function start(o: { isPackaged: boolean; env?: Record<string, string> }): Promise<Recorded> {
  Object.assign(rec, { handlers: new Map(), ipcOn: [], ipcHandle: [], preloads: [], loaded: [], windows: [] });
  state.isPackaged = o.isPackaged;
  state.userData = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-main-'));
  for (const [k, v] of Object.entries(o.env ?? {})) vi.stubEnv(k, v);
  vi.resetModules();
  buildMock();
  await import('./index');
  for (let i = 0; i < 50 && rec.loaded.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  return rec;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

// First: a library loaded natively registers once per test file (Node's own module cache).
describe('the only IPC is the contract’s (item 14)', () => {
  it('one invoke channel, no listeners, and no preload registered on any session', async () => {
    const r = await start({ isPackaged: true });
    expect(r.ipcHandle).toEqual(['wizard:call']);
    expect(r.ipcOn).toEqual([]);
    expect(r.preloads).toEqual([]);
    expect(r.windows[0]!.webPreferences!.preload).toMatch(/preload[\\/]index\.cjs$/);
  });
  it('still writes its log file to the app’s logs folder', async () => {
    await start({ isPackaged: true });
    const file = path.join(state.userData, 'logs', 'main.log');
    for (let i = 0; i < 100 && !(fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('started')); i++) await new Promise((r) => setTimeout(r, 10));
    expect(fs.readFileSync(file, 'utf8')).toMatch(/HA Wizard 0\.1\.0 started/);
  });
});

describe('which page the window loads (item 13)', () => {
  it('a packaged app loads only its own file, whatever ELECTRON_RENDERER_URL says', async () => {
    const r = await start({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'https://evil.example/' } });
    expect(r.loaded).toEqual([{ kind: 'file', target: expect.stringMatching(/renderer[\\/]index\.html$/) }]);
    // Nor does the contract answer a page from there.
    const call = r.handlers.get('wizard:call')!;
    expect(await call({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'app.info', {})).toEqual({ ok: false, error: { kind: 'refused', message: expect.stringMatching(/not the HA Wizard window/) } });
  });
  it('an unpackaged app (electron-vite dev) loads the dev server it was given', async () => {
    const r = await start({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    expect(r.loaded).toEqual([{ kind: 'url', target: 'http://localhost:5173' }]);
  });
  it('an unpackaged app without a dev server loads its own file', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', '');
    const r = await start({ isPackaged: false });
    expect(r.loaded).toEqual([{ kind: 'file', target: expect.stringMatching(/renderer[\\/]index\.html$/) }]);
  });
});
