/**
 * Main-process code with `electron` mocked (its binary cannot run here): the window's security
 * options, the IPC adapter refusing foreign senders and bad payloads, saved profiles with secrets
 * encrypted, and the navigation lockdown.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const handlers = new Map<string, (...args: unknown[]) => unknown>();
const safe = { available: true, backend: 'gnome_libsecret' };
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: (...args: unknown[]) => unknown) => handlers.set(channel, fn) },
  safeStorage: {
    isAsyncEncryptionAvailable: async () => safe.available,
    getSelectedStorageBackend: () => safe.backend,
    encryptStringAsync: async (s: string) => Buffer.from(`enc:${Buffer.from(s).toString('base64').split('').reverse().join('')}`),
    decryptStringAsync: async (b: Buffer) => ({ shouldReEncrypt: false, result: Buffer.from(b.toString().slice(4).split('').reverse().join(''), 'base64').toString() }),
  },
  shell: { openExternal: vi.fn(async () => undefined) },
}));

const { windowOptions } = await import('./window-options');
const { registerContract, isOwnUrl, CALL_CHANNEL } = await import('./ipc-adapter');
const { appProfileStore } = await import('./profile-store');
const { lockDownContents } = await import('./content-security');
const { WizardService } = await import('../core/engine/wizard-service');

const rendererFile = '/opt/HA Wizard/resources/app.asar/out/renderer/index.html';
const ownUrl = `file://${rendererFile.replace(/ /g, '%20')}`;
const profile = {
  version: 1, product: 'proget', nodes: [{ host: 'a', user: 'u', os: 'windows', auth: { kind: 'password', password: { prompt: 'ssh:a' } } }],
  database: { kind: 'sqlserver', connectionString: 'Server=s;Database=ProGet;User ID=p', password: { prompt: 'db' } },
  storage: { path: '\\\\nas\\p' }, loadBalancer: { type: 'haproxy' },
};

describe('the window', () => {
  it('is sandboxed and isolated, with no Node in the renderer and the one CommonJS preload', () => {
    const o = windowOptions('/app/out/preload');
    expect(o.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
    expect(o.webPreferences?.preload).toBe(path.join('/app/out/preload', 'index.cjs'));
  });

  it('blocks navigation and new windows; only http(s) links go to the system browser', async () => {
    const on = new Map<string, (e: { preventDefault: () => void }) => void>();
    let openHandler: (d: { url: string }) => { action: string } = () => ({ action: 'allow' });
    lockDownContents({ on: (ev: string, fn: (e: { preventDefault: () => void }) => void) => on.set(ev, fn), setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn) } as never);
    const prevent = vi.fn();
    on.get('will-navigate')!({ preventDefault: prevent });
    expect(prevent).toHaveBeenCalled();
    expect(openHandler({ url: 'https://docs.inedo.com/' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    const { shell } = await import('electron');
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('https://docs.inedo.com/');
  });
});

describe('the IPC adapter', () => {
  beforeEach(() => {
    handlers.clear();
    const host = { info: () => ({ version: '1.0.0', host: 'electron' as const, secretStorage: 'encrypted' as const, platform: 'win32' }) };
    registerContract(new WizardService(host as never, () => undefined), { rendererFile, log: () => undefined });
  });
  const invoke = (url: string, name: unknown, input: unknown, parent: unknown = null) => handlers.get(CALL_CHANNEL)!({ senderFrame: { url, parent } }, name, input);

  it('answers our own window', async () => {
    expect(await invoke(ownUrl, 'app.info', {})).toEqual({ ok: true, value: { version: '1.0.0', host: 'electron', secretStorage: 'encrypted', platform: 'win32' } });
    expect(await invoke(ownUrl, 'profile.validate', { profile })).toEqual({ ok: true, value: { ok: true, problems: [] } });
  });
  it('refuses a foreign sender, a subframe, an unknown call and a malformed payload', async () => {
    const refused = { ok: false, error: { kind: 'refused', message: expect.stringMatching(/not the HA Wizard window/) } };
    expect(await invoke('https://evil.example/', 'app.info', {})).toEqual(refused);
    expect(await invoke('file:///tmp/other.html', 'app.info', {})).toEqual(refused);
    expect(await invoke(ownUrl, 'app.info', {}, { url: ownUrl })).toEqual(refused);
    expect(await invoke(ownUrl, 'fs.readFile', {})).toEqual({ ok: false, error: { kind: 'unknown-call', message: expect.stringMatching(/unknown call/) } });
    expect(await invoke(ownUrl, 'checks.run', { runId: 'x y', profile: {} })).toEqual({ ok: false, error: { kind: 'invalid-input', message: expect.stringMatching(/invalid input: runId/) } });
  });
  it('recognises the packaged file and the dev server only', () => {
    expect(isOwnUrl(ownUrl, rendererFile)).toBe(true);
    expect(isOwnUrl('http://localhost:5173/', rendererFile, 'http://localhost:5173')).toBe(true);
    expect(isOwnUrl('http://localhost:5174/', rendererFile, 'http://localhost:5173')).toBe(false);
  });
});

describe('saved profiles', () => {
  it('round-trip with every secret encrypted; nothing in clear on disk', async () => {
    safe.available = true;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profiles-'));
    const store = appProfileStore(dir);
    const saved = await store.save({ name: 'Production feeds', profile: profile as never, secrets: { 'ssh:a': 'hunter2-ssh', db: 'hunter2-db' } });
    expect(saved).toEqual({ id: 'production-feeds', secretsStored: 'encrypted' });
    const onDisk = fs.readFileSync(path.join(dir, 'production-feeds.hawizard.json'), 'utf8');
    expect(onDisk).not.toMatch(/hunter2/);
    expect(onDisk).not.toContain(Buffer.from('hunter2-db').toString('base64'));
    expect((fs.statSync(path.join(dir, 'production-feeds.hawizard.json')).mode & 0o777).toString(8)).toBe('600');
    const again = await appProfileStore(dir).open('production-feeds');
    expect(again.secrets).toEqual({ 'ssh:a': 'hunter2-ssh', db: 'hunter2-db' });
    expect(again.profile.nodes[0]!.host).toBe('a');
    expect(await store.list()).toEqual([expect.objectContaining({ id: 'production-feeds', name: 'Production feeds' })]);
  });

  it('keeps secrets in memory only where encryption is unavailable, and says so', async () => {
    safe.available = true;
    safe.backend = 'basic_text';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profiles-'));
    const store = appProfileStore(dir);
    const saved = await store.save({ name: 'x', profile: profile as never, secrets: { db: 'hunter2-db' } });
    expect(saved.secretsStored).toBe(process.platform === 'linux' ? 'memory-only' : 'encrypted');
    expect(fs.readFileSync(path.join(dir, 'x.hawizard.json'), 'utf8')).not.toMatch(/hunter2/);
    expect((await store.open('x')).secrets).toEqual({ db: 'hunter2-db' });
    expect((await appProfileStore(dir).open('x')).secrets).toEqual(process.platform === 'linux' ? {} : { db: 'hunter2-db' });
    safe.backend = 'gnome_libsecret';
  });

  it('never writes through a link planted where its temp file used to be (<file>.<pid>.tmp)', async () => {
    safe.available = true;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profiles-'));
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'untouched');
    fs.symlinkSync(victim, path.join(dir, `planted.hawizard.json.${process.pid}.tmp`));
    await appProfileStore(dir).save({ name: 'planted', profile: profile as never, secrets: {} });
    expect(fs.readFileSync(victim, 'utf8')).toBe('untouched');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp') && !f.includes(String(process.pid)))).toEqual([]);
    expect(fs.lstatSync(path.join(dir, 'planted.hawizard.json')).isFile()).toBe(true);
  });

  it('refuses a path-like id', async () => {
    await expect(appProfileStore(os.tmpdir()).open('../etc/passwd')).rejects.toThrow(/invalid profile id/);
  });
});
