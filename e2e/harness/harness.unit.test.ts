/** The harness serves the renderer with the bridge, and only a page of its own with the token may call the engine. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHarness, type Harness } from './server';

let h: Harness;
beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renderer-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<html><head><script type="module" src="./assets/app.js"></script></head><body></body></html>');
  fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  h = await startHarness({ rendererDir: dir });
});
afterAll(() => h.close());

function connect(token: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/__harness/ws?token=${encodeURIComponent(token)}`, { headers: { origin } });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}
function call(ws: WebSocket, name: string, input: unknown): Promise<{ ok: boolean; output?: unknown; error?: string }> {
  return new Promise((resolve) => {
    const id = Math.floor(Math.random() * 1e9);
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { id: number; ok: boolean };
      if (m.id === id) resolve(m);
    });
    ws.send(JSON.stringify({ type: 'call', id, name, input }));
  });
}

describe('e2e harness', () => {
  it('binds 127.0.0.1 and injects the bridge before the app', async () => {
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    const html = await (await fetch(h.url)).text();
    expect(html.indexOf('/__harness/bridge.js')).toBeLessThan(html.indexOf('./assets/app.js'));
    expect((await fetch(`http://127.0.0.1:${h.port}/__harness/bridge.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`http://127.0.0.1:${h.port}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('refuses a socket without the token or from another origin', async () => {
    const origin = `http://127.0.0.1:${h.port}`;
    await expect(connect('wrong', origin)).rejects.toThrow(/403/);
    await expect(connect(h.token, 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('bridges the contract to the engine, validating payloads', async () => {
    const ws = await connect(h.token, `http://127.0.0.1:${h.port}`);
    // Every answer is the contract's CallResult, as over IPC.
    expect(await call(ws, 'app.info', {})).toMatchObject({ result: { ok: true, value: { host: 'harness', secretStorage: 'memory-only' } } });
    expect(await call(ws, 'profile.validate', { profile: { version: 1 } })).toMatchObject({ result: { ok: true, value: { ok: false } } });
    expect(await call(ws, 'checks.run', { runId: 'bad id!' })).toMatchObject({ result: { ok: false, error: { kind: 'invalid-input', message: expect.stringMatching(/invalid input/) } } });
    expect(await call(ws, 'nope', {})).toMatchObject({ result: { ok: false, error: { kind: 'unknown-call', message: expect.stringMatching(/unknown call/) } } });
    ws.close();
  });
});
