import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TdsServer, startTdsServer } from './server';
import { LOOPBACK, OWNER, type TestCertificate, labModel, makeSelfSignedCertificate, removeDir, runTsql } from './tds-test-support';

/**
 * FreeTDS's tsql against the server. tsql's exit code says little (it is 0 after a failed query),
 * so these tests read its output. tsql sends no session-setup batch of its own: after login the
 * only statement the server sees is the one typed in.
 */
const QUERY = 'SELECT 1 AS ok\ngo\nexit\n';

describe.runIf(existsSync('/usr/bin/tsql'))('TDS test server, driven by FreeTDS tsql', () => {
  let certificate: TestCertificate;
  let tlsServer: TdsServer;
  let plainServer: TdsServer;
  const tlsLog: string[] = [];

  beforeAll(async () => {
    certificate = await makeSelfSignedCertificate();
    tlsServer = await startTdsServer({ host: LOOPBACK, port: 0, tls: { key: certificate.key, cert: certificate.cert }, model: labModel(), log: (line) => tlsLog.push(line) });
    plainServer = await startTdsServer({ host: LOOPBACK, port: 0, model: labModel() });
  });

  afterAll(async () => {
    await tlsServer?.close();
    await plainServer?.close();
    if (certificate) await removeDir(certificate.dir);
  });

  it('has a tsql built with TLS support (tsql -C), which the encryption cases need', () => {
    const buildInfo = execFileSync('/usr/bin/tsql', ['-C'], { encoding: 'utf8', timeout: 5_000 });
    expect(buildInfo).toMatch(/Version: freetds v\d/);
    expect(buildInfo).toMatch(/(GnuTLS|OpenSSL): yes/);
  });

  const login = { user: OWNER.name, password: OWNER.password, database: 'ProGet', input: QUERY };

  it('runs a query over TLS with encryption = require', async () => {
    const run = await runTsql({ ...login, port: tlsServer.port, encryption: 'require' });
    expect(run.output).toMatch(/ok\s+1\s+\(1 row affected\)/);
    expect(tlsLog.some((line) => line.includes('user=proget_owner') && line.includes('tls=all traffic'))).toBe(true);
  });

  it('encrypts only the login with encryption = request (client ENCRYPT_OFF)', async () => {
    const run = await runTsql({ ...login, port: tlsServer.port, encryption: 'request' });
    expect(run.output).toMatch(/ok\s+1\s+\(1 row affected\)/);
    expect(tlsLog.some((line) => line.includes('app=TSQL') && line.includes('tls=login only'))).toBe(true);
  });

  it('runs a query in plaintext with encryption = off against a server without TLS', async () => {
    const run = await runTsql({ ...login, port: plainServer.port, encryption: 'off' });
    expect(run.output).toMatch(/ok\s+1\s+\(1 row affected\)/);
    expect(plainServer.statementsSeen()).toEqual(['SELECT 1 AS ok']);
  });

  it('fails with encryption = require against a server without TLS', async () => {
    const run = await runTsql({ ...login, port: plainServer.port, encryption: 'require' });
    expect(run.output).toContain('Adaptive Server connection failed');
    expect(run.output).not.toMatch(/row affected/);
  });

  it('prints 18456 and the login failure for a wrong password', async () => {
    const run = await runTsql({ ...login, password: 'wrong', port: tlsServer.port, encryption: 'require' });
    expect(run.output).toContain('Msg 18456');
    expect(run.output).toContain(`Login failed for user '${OWNER.name}'.`);
  });

  it('prints the loud 50000 error for an unknown statement', async () => {
    const run = await runTsql({ ...login, port: tlsServer.port, encryption: 'require', input: 'SELECT 2\ngo\nexit\n' });
    expect(run.output).toContain('Msg 50000');
    expect(run.output).toContain('TDS test server: unknown statement: SELECT 2');
  });
});
