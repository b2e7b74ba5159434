/**
 * Exports (item 16) with `electron` mocked: the hidden window that prints a report to PDF is locked
 * down as the main window is (same webPreferences, no script, no navigation, no new windows, no
 * permissions, and its own session that loads nothing but the page it was given), and every file the
 * app writes for the admin is owner-only, also when it replaces an existing, world-readable file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;
const rec = {
  windows: [] as { webPreferences?: Record<string, unknown> }[],
  contentsOn: new Map<string, Handler>(),
  openHandler: null as Handler | null,
  sessions: [] as { partition: string; beforeRequest: Handler | null; permission: Handler | null; permissionCheck: Handler | null }[],
  loaded: [] as string[],
  savePath: '',
};

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      on: (ev: string, fn: Handler) => rec.contentsOn.set(ev, fn),
      once: vi.fn(),
      setWindowOpenHandler: (fn: Handler) => (rec.openHandler = fn),
      printToPDF: async () => Buffer.from('%PDF-1.7 report'),
    };
    constructor(o: { webPreferences?: Record<string, unknown> }) {
      rec.windows.push(o);
    }
    loadURL = async (url: string) => void rec.loaded.push(url);
    destroy = vi.fn();
  }
  const fromPartition = (partition: string) => {
    const s = { partition, beforeRequest: null as Handler | null, permission: null as Handler | null, permissionCheck: null as Handler | null };
    rec.sessions.push(s);
    return {
      webRequest: { onBeforeRequest: (fn: Handler) => (s.beforeRequest = fn), onHeadersReceived: vi.fn() },
      setPermissionRequestHandler: (fn: Handler) => (s.permission = fn),
      setPermissionCheckHandler: (fn: Handler) => (s.permissionCheck = fn),
    };
  };
  return {
    BrowserWindow,
    app: { getVersion: () => '0.1.0' },
    dialog: { showSaveDialog: async () => ({ canceled: false, filePath: rec.savePath }), showOpenDialog: vi.fn() },
    shell: { openExternal: vi.fn() },
    session: { fromPartition },
  };
});

const { electronHost } = await import('./electron-host');
const { windowOptions } = await import('./window-options');
const host = electronHost({} as never, () => undefined, () => 'encrypted');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-export-'));
const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);

beforeEach(() => {
  rec.windows = [];
  rec.contentsOn = new Map();
  rec.openHandler = null;
  rec.loaded = [];
});

describe('the hidden PDF window', () => {
  it('has the main window’s webPreferences, without a preload and without script', async () => {
    rec.savePath = path.join(dir, 'report.pdf');
    await host.saveFile({ kind: 'pdf', suggestedName: 'report.pdf', content: '<p>report</p>' });
    const main = windowOptions('/x').webPreferences!;
    const { preload: _preload, spellcheck: _spellcheck, ...locked } = main;
    const pdf = rec.windows[0]!.webPreferences!;
    expect(pdf).toMatchObject({ ...locked, javascript: false });
    expect(pdf).not.toHaveProperty('preload');
    expect(rec.loaded).toEqual([expect.stringMatching(/^data:text\/html;charset=utf-8,/)]);
  });

  it('cannot navigate, open windows, be granted permissions, or load anything but its own page', async () => {
    rec.savePath = path.join(dir, 'report2.pdf');
    await host.saveFile({ kind: 'pdf', suggestedName: 'report2.pdf', content: '<img src="https://evil.example/x">' });
    const prevent = vi.fn();
    rec.contentsOn.get('will-navigate')!({ preventDefault: prevent });
    expect(prevent).toHaveBeenCalled();
    expect(rec.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const s = rec.sessions.find((x) => x.beforeRequest)!;
    expect(s.partition).not.toMatch(/^persist:/);
    expect(rec.windows[0]!.webPreferences!.session).toBeDefined();
    const answer = (url: string) => {
      let r: unknown;
      s.beforeRequest!({ url }, (x: unknown) => (r = x));
      return r;
    };
    expect(answer('https://evil.example/x')).toEqual({ cancel: true });
    expect(answer('file:///etc/passwd')).toEqual({ cancel: true });
    expect(answer('data:text/html;charset=utf-8,%3Cp%3E')).toEqual({ cancel: false });
    const granted = vi.fn();
    s.permission!(null, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(s.permissionCheck!()).toBe(false);
  });
});

describe('exported files are owner-only', () => {
  it.each(['pdf', 'html', 'json', 'text', 'profile'] as const)('%s: 600, also over an existing 644 file', async (kind) => {
    const fresh = path.join(dir, `fresh.${kind}`);
    rec.savePath = fresh;
    await host.saveFile({ kind, suggestedName: path.basename(fresh), content: 'content' });
    expect(mode(fresh)).toBe('600');
    const existing = path.join(dir, `existing.${kind}`);
    fs.writeFileSync(existing, 'old and longer than the new content', { mode: 0o644 });
    fs.chmodSync(existing, 0o644);
    rec.savePath = existing;
    await host.saveFile({ kind, suggestedName: path.basename(existing), content: 'content' });
    expect(mode(existing)).toBe('600');
    if (kind !== 'pdf') expect(fs.readFileSync(existing, 'utf8')).toBe('content');
    else expect(fs.readFileSync(existing, 'utf8')).toBe('%PDF-1.7 report');
  });
});
