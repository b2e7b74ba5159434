/** httpText against real HTTP(S) servers on loopback: what the engine's callers relied on from fetch. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/testing/seeded-random';
import { errorCause, errorCode, isTimeoutError } from '../../shared/error-text';
import { freePort as closedPort } from '../remote/sshd-test-fixture';
import { httpText } from './http-text';

const seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];
const server = http.createServer((req, res) => {
  seen.push({ method: req.method!, url: req.url!, headers: req.headers });
  if (req.url === '/moved') return res.writeHead(302, { location: 'http://elsewhere.invalid/take-the-key' }).end();
  if (req.url === '/slow') return setTimeout(() => res.end('late'), 2000);
  if (req.url === '/big') return res.end('x'.repeat(200_000));
  if (req.url?.startsWith('/echo')) return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(decodeURIComponent(req.url.slice('/echo?'.length)));
  res.writeHead(500, { 'content-type': 'application/json' }).end('\uFEFF{"databaseStatus":"Error","é":"✓"}');
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('httpText', () => {
  it('gives the status, the headers and the body as UTF-8 without its BOM, for any status', async () => {
    const r = await httpText(`${base}/health`, { timeoutMs: 2000, headers: { accept: 'application/json', 'X-ApiKey': 'k' } });
    expect(r.status).toBe(500);
    expect(r.header('Content-Type')).toBe('application/json');
    expect(r.body).toBe('{"databaseStatus":"Error","é":"✓"}');
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/health', headers: { accept: 'application/json', 'x-apikey': 'k' } });
    await httpText(`${base}/health`, { method: 'POST', timeoutMs: 2000 });
    expect(seen.at(-1)!.method).toBe('POST');
  });

  it('never follows a redirect: the 3xx and its location come back, and nothing is sent on', async () => {
    const before = seen.length;
    const r = await httpText(`${base}/moved`, { timeoutMs: 2000, headers: { 'X-ApiKey': 'secret' } });
    expect([r.status, r.header('location')]).toEqual([302, 'http://elsewhere.invalid/take-the-key']);
    expect(seen.length).toBe(before + 1);
  });

  it('reads no more than maxBytes of a body', async () => {
    expect((await httpText(`${base}/big`, { timeoutMs: 2000, maxBytes: 64 * 1024 })).body).toHaveLength(64 * 1024);
  });

  it('runs out of time as an error named TimeoutError, and a refusal carries its code as the cause', async () => {
    const slow = await httpText(`${base}/slow`, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(isTimeoutError(slow)).toBe(true);
    const refused = await httpText(`http://127.0.0.1:${await closedPort()}/health`, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(errorCode(errorCause(refused))).toBe('ECONNREFUSED');
  });

  it('refuses what is not http(s), and an address carrying a user name or password', async () => {
    await expect(httpText('ftp://127.0.0.1/x', { timeoutMs: 500 })).rejects.toThrow(/not http or https/);
    await expect(httpText(`http://admin:pw@127.0.0.1:1/`, { timeoutMs: 500 })).rejects.toThrow(/user name or password/);
  });

  it('any text the server sends comes back as sent (property: 200 strings of odd characters, seeded)', async () => {
    const random = seededRandom(1201);
    const alphabet = ['a', ' ', '\t', '\n', '\r', '%', '&', '=', '"', "'", '<', '\\', 'é', '✓', '😀', '\u0301', '\u200b', '\uFEFF', '\u0000'];
    for (let i = 0; i < 200; i++) {
      const text = Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const body = (await httpText(`${base}/echo?${encodeURIComponent(text)}`, { timeoutMs: 2000 })).body;
      expect(body, JSON.stringify(text)).toBe(text.replace(/^\uFEFF/, ''));
    }
  });

  describe('over TLS', () => {
    let tlsBase = '';
    let tlsServer: https.Server;
    beforeAll(async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-text-'));
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
      tlsServer = https.createServer({ key: fs.readFileSync(path.join(dir, 'k.pem')), cert: fs.readFileSync(path.join(dir, 'c.pem')) }, (_q, s) => s.end('OK'));
      fs.rmSync(dir, { recursive: true, force: true });
      await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', () => r()));
      tlsBase = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
    }, 30_000);
    afterAll(() => tlsServer.close());

    it('verifies the certificate: a self-signed one is refused, as fetch refused it', async () => {
      const e = await httpText(`${tlsBase}/health`, { timeoutMs: 2000 }).catch((x: unknown) => x);
      expect(errorCode(errorCause(e))).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT_ALTNAME/);
    });
  });
});
