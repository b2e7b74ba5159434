/**
 * pg bundled for Node (pg-node-streams-plugin.ts): it loads without touching `Response` (so undici stays
 * unloaded on Node 20) and still connects through net.Socket; a changed stream.js fails the build.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeOnlyPgStreams, pgNodeStreamsPlugin } from './pg-node-streams-plugin';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-streams-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Loads pg, says whether undici was loaded, then connects to a port that refuses: the error is net's own.
const ENTRY = `
const pg = require('pg');
const undici = process.moduleLoadList.some((m) => m.includes('undici'));
new pg.Client({ host: '127.0.0.1', port: Number(process.argv[2]), connectionTimeoutMillis: 3000 }).connect()
  .then(() => console.log(JSON.stringify({ undici, error: null })), (e) => console.log(JSON.stringify({ undici, error: e.code })));
`;

async function bundled(name: string, plugins: ReturnType<typeof pgNodeStreamsPlugin>[]): Promise<string> {
  const entry = path.join(dir, `${name}-entry.cjs`);
  fs.writeFileSync(entry, ENTRY);
  const out = path.join(dir, `${name}.cjs`);
  await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: out, external: ['pg-native'], plugins, logLevel: 'error', nodePaths: [path.resolve(__dirname, '../node_modules')] });
  return out;
}

async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('pg bundled for Node', () => {
  it('loads without undici and connects through net.Socket', async () => {
    const port = await refusedPort();
    const out = JSON.parse((await run(process.execPath, [await bundled('with', [pgNodeStreamsPlugin()]), String(port)])).stdout) as { undici: boolean; error: string };
    expect(out).toEqual({ undici: false, error: 'ECONNREFUSED' });
    // The same bundle without the plugin, on a Node without `navigator` (20), loads undici.
    const hasNavigator = typeof (globalThis as { navigator?: unknown }).navigator === 'object';
    const plain = JSON.parse((await run(process.execPath, [await bundled('without', []), String(port)])).stdout) as { undici: boolean; error: string };
    expect(plain).toEqual({ undici: !hasNavigator, error: 'ECONNREFUSED' });
  }, 60_000);

  it('fails the build when pg\'s stream.js no longer reads as expected', () => {
    const original = fs.readFileSync(require.resolve('pg/lib/stream.js'), 'utf8');
    expect(nodeOnlyPgStreams(original)).toContain('= getNodejsStreamFuncs()');
    expect(() => nodeOnlyPgStreams(original.replace('getStreamFuncs()', 'pickStreamFuncs()'))).toThrow(/no longer reads as expected/);
    expect(() => nodeOnlyPgStreams(original.replace('function getNodejsStreamFuncs()', 'function nodeStreams()'))).toThrow(/no longer reads as expected/);
  });
});
