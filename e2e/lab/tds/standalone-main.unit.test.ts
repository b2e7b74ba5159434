import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLSERVER_QUERIES } from '../../../electron/core/database/sqlserver-queries';
import { type TestCertificate, LOOPBACK, labModel, makeSelfSignedCertificate, mssqlConfig, removeDir } from './tds-test-support';

const ROOT = resolve(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MAIN = join(ROOT, 'e2e/lab/tds/main.ts');

/** Resolves with the first stdout line matching the pattern; rejects after the timeout. */
function waitForLine(child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolvePromise, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const match = buffered.match(pattern);
      if (match) {
        cleanup();
        resolvePromise(match);
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`main.ts exited (${code}) before printing ${pattern}; stdout: ${buffered}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${pattern} within ${timeoutMs} ms; stdout: ${buffered}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout.on('data', onData);
    child.on('exit', onExit);
  });
}

function waitForExit(child: ChildProcessWithoutNullStreams, timeoutMs: number): Promise<number | null> {
  return new Promise((resolvePromise, reject) => {
    if (child.exitCode !== null) return resolvePromise(child.exitCode);
    const timer = setTimeout(() => reject(new Error(`main.ts did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolvePromise(code);
    });
  });
}

describe('TDS test server as a standalone process (main.ts)', () => {
  let certificate: TestCertificate;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    certificate = await makeSelfSignedCertificate();
  });

  afterAll(async () => {
    // Only if a test failed half-way: the child is ours, ended by its own pid.
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (certificate) await removeDir(certificate.dir);
  });

  it('listens on the printed port, reloads the model on SIGHUP and exits 0 on SIGTERM', { timeout: 40_000 }, async () => {
    const configFile = join(certificate.dir, 'tds-config.json');
    const logFile = join(certificate.dir, 'tds.log');
    const config = { host: LOOPBACK, port: 0, tlsKeyFile: certificate.keyFile, tlsCertFile: certificate.certFile, model: labModel(), logFile };
    await writeFile(configFile, JSON.stringify(config));

    child = spawn(TSX, [MAIN, '--config', configFile], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const running = child;
    let stderr = '';
    running.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [, pid] = await waitForLine(running, /^pid (\d+)$/m, 20_000);
    const [, port] = await waitForLine(running, /^listening on 127\.0\.0\.1:(\d+)$/m, 20_000);
    expect(Number(port)).toBeGreaterThan(0);

    const pool = new sql.ConnectionPool(mssqlConfig(Number(port)));
    try {
      await pool.connect();
      expect((await pool.request().query(SQLSERVER_QUERIES.serverInfo)).recordset[0]).toMatchObject({ productVersion: '16.0.4135.4', isClustered: 0 });

      const changed = labModel();
      changed.serverVersion = '15.0.4345.5';
      changed.topology = 'failover-cluster';
      await writeFile(configFile, JSON.stringify({ ...config, model: changed }));
      const reloaded = waitForLine(running, /^model reloaded$/m, 10_000);
      process.kill(Number(pid), 'SIGHUP');
      await reloaded;
      expect((await pool.request().query(SQLSERVER_QUERIES.serverInfo)).recordset[0]).toMatchObject({ productVersion: '15.0.4345.5', isClustered: 1 });
    } finally {
      await pool.close();
    }

    running.kill('SIGTERM');
    expect(await waitForExit(running, 10_000)).toBe(0);
    expect(stderr).not.toContain('failed');
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('login ok');
    expect(log).not.toContain(config.model.logins[0]?.password ?? '(none)');
  });
});
