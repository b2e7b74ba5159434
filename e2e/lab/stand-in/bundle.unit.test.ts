/**
 * The bundle is what the lab runs: one CommonJS file that plain `node` runs from a directory with no
 * node_modules anywhere above it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStandIn } from './build';
import { httpGet, makeTestNode, readMessenger, removeTestNodes } from './test-support';

let dir: string;
let bundle: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stand-in-bundle-'));
  bundle = join(dir, 'stand-in.cjs');
  await buildStandIn(bundle);
}, 60_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  removeTestNodes();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the bundle with plain node, outside the repository, with no module search path. */
function runBundle(stateDir: string): { child: ChildProcess; exited: Promise<number | null> } {
  const env = { ...process.env };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [bundle, '--state-dir', stateDir], { cwd: dir, env, stdio: 'ignore' });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited };
}

async function waitForLog(stateDir: string, pattern: RegExp, exited: Promise<unknown>): Promise<RegExpMatchArray> {
  let done = false;
  void exited.then(() => (done = true));
  for (let i = 0; i < 100; i++) {
    const log = existsSync(join(stateDir, 'service.log')) ? readFileSync(join(stateDir, 'service.log'), 'utf8') : '';
    const match = pattern.exec(log);
    if (match) return match;
    if (done) throw new Error(`the bundle exited; log:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${pattern} in the log within 10 s`);
}

describe('stand-in bundle', () => {
  it('requires nothing but node built-ins (and two optional modules loaded only on demand)', () => {
    const text = readFileSync(bundle, 'utf8');
    // esbuild writes every require it leaves with double quotes; single-quoted ones are in comments.
    const required = new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] ?? ''));
    // pg-native: only behind pg.native. supports-color: debug's colours, required inside try/catch.
    const optional = new Set(['pg-native', 'supports-color']);
    const foreign = [...required].filter((name) => !isBuiltin(name) && !optional.has(name));
    expect(foreign).toEqual([]);
    expect(dir.startsWith('/work/')).toBe(false);
  });

  it('starts with plain node, serves /health and the messenger port, and exits 0 on SIGTERM', async () => {
    const node = makeTestNode('proget.env', 'PROGET_SQL_CONNECTION_STRING=Server=127.0.0.1,1;Database=ProGet;User ID=u;Password=pw\nASPNETCORE_URLS=http://+:0\n');
    const { child, exited } = runBundle(node.stateDir);
    const started = await waitForLog(node.stateDir, /started: proget 2025\.14 on port (\d+)/, exited);
    const messenger = await waitForLog(node.stateDir, /service messenger listening on port (\d+)/, exited);
    expect(readFileSync(join(node.stateDir, 'service.pid'), 'utf8').trim()).toBe(String(child.pid));

    const health = await httpGet(`http://127.0.0.1:${started[1]}/health`);
    expect(health.status).toBe(500);
    expect(JSON.parse(health.text)).toMatchObject({ applicationName: 'ProGet', databaseStatus: 'Error' });
    expect(await readMessenger(Number(messenger[1]))).toMatch(/^Inedo service messenger/);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(node.stateDir, 'service.pid'))).toBe(false);
  });

  it('exits 3 with one "refusing to start" line when the configuration is missing', async () => {
    const node = makeTestNode('proget.env', '');
    rmSync(node.configPath);
    const { exited } = runBundle(node.stateDir);
    expect(await exited).toBe(3);
    expect(readFileSync(join(node.stateDir, 'service.log'), 'utf8')).toMatch(/refusing to start: cannot read configuration .*proget\.env: ENOENT\n$/);
  });
});
