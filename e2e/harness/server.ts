/**
 * The e2e harness: serves the built renderer (out/renderer) on 127.0.0.1 and bridges the same
 * contract the Electron preload exposes to the real engine over a WebSocket, so the real wizard runs
 * in a plain browser. The URL carries a one-time token; the socket also checks the page's origin.
 *
 *   npm run preview             build, then serve (prints the URL to open)
 *   npm run preview -- --lab    start the lab first (as root) and pre-save its profile as "Lab"
 *   startHarness({...})         the same from TypeScript (the Playwright specs use this)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { DEFAULT_SETTINGS, type EngineSettings } from '../../electron/core/run/engine-settings';
import { REAL_ENGINE, type EngineDeps } from '../../electron/core/engine/engine-deps';
import { WizardService, type HostAdapter } from '../../electron/core/engine/wizard-service';
import pkg from '../../package.json';
import { BRIDGE_PATH, BRIDGE_SCRIPT } from './bridge-script';
import { harnessHost } from './harness-host';
import { notifyOnEvents } from '../../electron/core/health/history/notifications';

export interface HarnessOptions {
  port?: number;
  rendererDir?: string;
  dataDir?: string;
  keyFile?: string;
  settings?: Partial<EngineSettings>;
  /** Extra host behaviour (e.g. health watching), merged over the harness host. */
  host?: Partial<HostAdapter>;
  /** Engine functions to replace (e.g. a health reader that fails, for a page's failure state); the real ones otherwise. */
  engine?: Partial<EngineDeps>;
}

export interface Harness {
  url: string;
  token: string;
  port: number;
  host: ReturnType<typeof harnessHost>;
  service: WizardService;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json' };

/**
 * The built page as the harness serves it: its bridge script before the app's, and its WebSocket
 * added to the page's CSP (the shipped policy connects to 'self' only; only this harness needs more).
 */
export function harnessPage(html: string, port: number): string {
  const withBridge = html.replace('<script type="module"', `<script src="${BRIDGE_PATH}"></script>\n    <script type="module"`);
  return withBridge.replace(/(<meta http-equiv="Content-Security-Policy" content="[^"]*connect-src 'self')/, `$1 ws://127.0.0.1:${port}`);
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = path.resolve(o.rendererDir ?? path.join(__dirname, '..', '..', 'out', 'renderer'));
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error(`no built renderer at ${rendererDir}: run npm run build first`);
  const dataDir = o.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ha-wizard-harness-'));
  const token = crypto.randomBytes(24).toString('base64url');
  const host = harnessHost({ dataDir, version: pkg.version, ...(o.keyFile ? { keyFile: o.keyFile } : {}) });
  const clients = new Set<WebSocket>();
  const service = new WizardService({ ...host, ...o.host }, (name, payload) => {
    const text = JSON.stringify({ type: 'event', name, payload });
    for (const c of clients) c.send(text);
  }, { ...DEFAULT_SETTINGS, knownHostsPath: path.join(dataDir, 'known_hosts.json'), ...o.settings }, { ...REAL_ENGINE, ...o.engine });
  notifyOnEvents(service.history, host.settings, (note) => host.notifications.push(note));

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === BRIDGE_PATH) return void res.writeHead(200, { 'content-type': TYPES['.js']!, 'cache-control': 'no-store' }).end(BRIDGE_SCRIPT);
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererDir, rel);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return void res.writeHead(404).end('not found');
    let body: Buffer | string = fs.readFileSync(file);
    if (rel === 'index.html') body = harnessPage(body.toString(), (server.address() as AddressInfo).port);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }).end(body);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    const origin = req.headers.origin ?? '';
    const expectedOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tokenOk = given.length === token.length && crypto.timingSafeEqual(given, Buffer.from(token));
    if (url.pathname !== '/__harness/ws' || !tokenOk || origin !== expectedOrigin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', (data) => void onMessage(ws, data.toString()));
    });
  });
  const onMessage = async (ws: WebSocket, text: string) => {
    let msg: { id?: number; name?: string; input?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    // The contract's CallResult, as the IPC channel answers it.
    const result = await service.callFromWire(msg.name, msg.input);
    ws.send(JSON.stringify({ type: 'result', id: msg.id, result }));
  };
  await new Promise<void>((r) => server.listen(o.port ?? 0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`, token, port, host, service,
    close: async () => {
      service.stopAll();
      // The history's last rounds reach its file before the host goes (a restart reads them back).
      await service.history.flush();
      for (const c of clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function main() {
  const args = process.argv.slice(2);
  const port = Number(args[args.indexOf('--port') + 1]) || 5178;
  let keyFile: string | undefined;
  let labProfile: { name: string; profile: unknown; secrets: Record<string, string> } | null = null;
  if (args.includes('--lab')) {
    const { labUp } = await import('../lab/lab');
    const { labProfileForUi } = await import('./lab-for-ui');
    const lab = await labUp({});
    labProfile = labProfileForUi(lab);
    keyFile = lab.nodes[0]!.privateKeyPath;
    process.stdout.write(`lab up: ${lab.nodes.length} ${lab.product} nodes; engine profile ${lab.profilePath}\n`);
  }
  const h = await startHarness({ port, ...(keyFile ? { keyFile } : {}) });
  if (labProfile) await h.host.saveProfile(labProfile as never);
  process.stdout.write(`HA Wizard preview (real engine, this machine): open\n  ${h.url}\n(Ctrl-C to stop)\n`);
  const stop = () => void h.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`preview: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
