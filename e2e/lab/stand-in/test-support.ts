/** Test support shared by the stand-in's tests: state dirs, free ports, HTTP and messenger probes. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeStateInput } from './node-state';
import type { ServiceLog } from './service-log';

export interface TestNode {
  root: string;
  stateDir: string;
  configPath: string;
  writeConfig(text: string): void;
}

const madeDirs: string[] = [];

/** Removes every temp dir makeTestNode made in this test file (call from afterAll). */
export function removeTestNodes(): void {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A temp dir with state/node.json and a configuration file named `configName` beside it. */
export function makeTestNode(configName: string, configText: string, node: Partial<NodeStateInput> = {}, root?: string): TestNode {
  const dir = root ?? mkdtempSync(join(tmpdir(), 'stand-in-'));
  if (!root) madeDirs.push(dir);
  const stateDir = join(dir, 'state');
  const configPath = join(dir, configName);
  mkdirSync(stateDir, { recursive: true });
  const nodeJson: NodeStateInput = {
    product: 'proget',
    version: '2025.14',
    configPath,
    apiKey: 'lab-api-key',
    messengerPort: 0,
    listenHost: '127.0.0.1',
    ...node,
  };
  writeFileSync(join(stateDir, 'node.json'), JSON.stringify(nodeJson));
  const writeConfig = (text: string) => writeFileSync(configPath, text);
  writeConfig(configText);
  return { root: dir, stateDir, configPath, writeConfig };
}

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A log that only remembers its lines. */
export function memoryLog(): ServiceLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, line: (text) => void lines.push(text) };
}

export async function httpGet(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

export async function httpPost(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}

/** Everything the messenger port sends before it closes the connection. */
export function readMessenger(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let text = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('messenger timed out')));
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}
