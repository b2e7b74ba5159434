/** The service script, run for real with /bin/sh against the bundle, in a dir whose name needs quoting. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStandIn } from './build';
import { renderServiceScript } from './service-script';
import { shQuote } from '../../../electron/core/remote/posix-dialect';
import { httpGet, makeTestNode, type TestNode } from './test-support';

function sh(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('/bin/sh', args, { timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Alive and not a zombie (stopped services are reparented to a PID 1 that may not reap them). */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Every live stand-in started for this state dir, found by its command line, whatever the pid file says. */
function standInPids(stateDir: string): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return argv.includes('--state-dir') && argv[argv.indexOf('--state-dir') + 1] === stateDir && isAlive(pid);
    } catch {
      return false;
    }
  }).sort((a, b) => a - b);
}

describe('shQuote', () => {
  it('makes any text one literal shell word', async () => {
    const words = ['', 'plain', "it's", "''", 'a b\tc\nd', '$(touch /tmp/x) `id` $HOME ${X}', 'back\\slash "dq" ; & | > * ?', 'é ✓'];
    for (const word of words) {
      expect((await sh(['-c', `printf %s ${shQuote(word)}`])).stdout).toBe(word);
    }
    expect(shQuote("a'b")).toBe(`'a'\\''b'`);
    expect(() => shQuote('a\0b')).toThrow(/NUL/);
  });
});

describe('service script', () => {
  let root: string;
  let node: TestNode;
  let script: string;
  const pidFile = () => join(node.stateDir, 'service.pid');

  beforeAll(async () => {
    root = join(mkdtempSync(join(tmpdir(), 'stand-in-svc-')), `node 1 'quoted' $(x)`);
    mkdirSync(root);
    const bundle = join(root, 'stand-in.cjs');
    await buildStandIn(bundle);
    node = makeTestNode('proget.env', 'PROGET_SQL_CONNECTION_STRING=Server=127.0.0.1,1;Database=ProGet;User ID=u;Password=pw\nASPNETCORE_URLS=http://+:0\n', {}, root);
    script = join(root, 'proget-service');
    writeFileSync(script, renderServiceScript({ nodeBinary: process.execPath, bundlePath: bundle, stateDir: node.stateDir }), { mode: 0o755 });
  }, 60_000);

  afterAll(async () => {
    await sh([script, 'stop']);
    rmSync(join(root, '..'), { recursive: true, force: true });
  }, 30_000);

  it('starts, reports status, refuses a second start politely, restarts with a new pid and stops', async () => {
    expect(await sh([script, 'status'])).toMatchObject({ code: 3, stdout: 'stopped\n' });

    const start = await sh([script, 'start']);
    expect(start).toMatchObject({ code: 0, stderr: '' });
    const pid = Number(/^started (\d+)$/m.exec(start.stdout)?.[1]);
    expect(isAlive(pid)).toBe(true);
    expect(await sh([script, 'status'])).toMatchObject({ code: 0, stdout: `running ${pid}\n` });
    const port = /started: proget 2025\.14 on port (\d+)/.exec(readFileSync(join(node.stateDir, 'service.log'), 'utf8'))?.[1];
    expect((await httpGet(`http://127.0.0.1:${port}/health`)).status).toBe(500); // no SQL Server behind it

    expect(await sh([script, 'start'])).toMatchObject({ code: 0, stdout: `already running ${pid}\n` });

    const restart = await sh([script, 'restart']);
    expect(restart.code).toBe(0);
    const newPid = Number(/^started (\d+)$/m.exec(restart.stdout)?.[1]);
    expect(newPid).not.toBe(pid);
    expect(isAlive(pid)).toBe(false);
    expect(isAlive(newPid)).toBe(true);

    expect(await sh([script, 'stop'])).toMatchObject({ code: 0, stdout: 'stopped\n' });
    expect(isAlive(newPid)).toBe(false);
    expect(existsSync(pidFile())).toBe(false);
    expect(await sh([script, 'stop'])).toMatchObject({ code: 0, stdout: 'stopped\n' });
    expect((await sh([script, 'status'])).code).toBe(3);
  });

  it('fails to start with the reason on stderr when the fault file exists or the configuration is bad', async () => {
    const fault = join(node.stateDir, 'fault-no-start');
    writeFileSync(fault, '');
    const faulty = await sh([script, 'start']);
    rmSync(fault);
    expect(faulty.code).toBe(1);
    expect(faulty.stderr).toMatch(/refusing to start: fault-no-start is present .*\(simulated fault\)/);
    expect((await sh([script, 'status'])).code).toBe(3);

    const good = readFileSync(node.configPath, 'utf8');
    node.writeConfig('# nothing here\n');
    const bad = await sh([script, 'start']);
    node.writeConfig(good);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/refusing to start: no connection string/);
    expect(bad.stderr.trim().split('\n').length).toBeLessThanOrEqual(6);
  });

  // As a service manager serializes them: a killed wizard's restart may still run on the node while the
  // recovery's own restart starts. Two at once once left an untracked stand-in holding the port (CI, stop 19).
  it('runs concurrent restarts one after another: one stand-in left, the one its pid file names', async () => {
    for (let round = 0; round < 3; round++) {
      const runs = await Promise.all([1, 2, 3, 4].map(() => sh([script, 'restart'])));
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
      const tracked = Number(readFileSync(pidFile(), 'utf8'));
      expect(standInPids(node.stateDir)).toEqual([tracked]);
      expect(await sh([script, 'status'])).toMatchObject({ code: 0, stdout: `running ${tracked}\n` });
    }
    expect(await sh([script, 'stop'])).toMatchObject({ code: 0 });
    expect(standInPids(node.stateDir)).toEqual([]);
  }, 120_000);

  it('rejects an unknown action', async () => {
    const res = await sh([script, 'reload']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/usage: .* start\|stop\|restart\|status/);
  });
});
