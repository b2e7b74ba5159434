import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProductHealth } from './product-health';

const json = { applicationName: 'ProGet', databaseStatus: 'Error', databaseStatusDetails: 'Login failed', licenseStatus: 'OK', versionNumber: '2025.14 (Build 3)', releaseNumber: '2025.14', serviceStatus: 'OK' };
const ODD: Record<string, string> = { number: '42', list: '[]', string: '"fine"', null: 'null' };
let base = '';
const server = http.createServer((req, res) => {
  const send = (status: number, type: string, body: string) => res.writeHead(status, { 'content-type': type }).end(body);
  if (req.url === '/v2025/health') return send(500, 'application/json', JSON.stringify(json));
  if (req.url === '/v2026/health') return send(200, 'text/plain', 'OK');
  if (req.url === '/v2026/health/json') return send(200, 'application/json', JSON.stringify({ ...json, databaseStatus: 'OK', releaseNumber: '2026.1' }));
  if (req.url === '/html/health') return send(200, 'text/html', '<!DOCTYPE html><html>Activate</html>');
  if (req.url === '/slow/health') return; // never answers
  // JSON that is no object: a proxy's or a stub's answer, not the product's fields.
  const odd = /^\/odd-(\w+)\/health$/.exec(req.url ?? '');
  if (odd) return send(200, 'application/json', ODD[odd[1]!] ?? 'x');
  send(404, 'text/plain', 'no');
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('reading /health', () => {
  it('2025: JSON with a 500 when the database fails', async () => {
    expect(await readProductHealth(`${base}/v2025`, 2000)).toMatchObject({ reachable: true, httpStatus: 500, healthy: false, databaseStatus: 'Error', databaseStatusDetails: 'Login failed', releaseNumber: '2025.14' });
  });
  it('2026: plain OK, fields from /health/json', async () => {
    expect(await readProductHealth(`${base}/v2026/`, 2000)).toMatchObject({ healthy: true, message: 'OK', releaseNumber: '2026.1', databaseStatus: 'OK' });
  });
  it('JSON that is no object is no health answer: read as the text it is, so only a plain OK is healthy', async () => {
    for (const kind of ['number', 'list', 'string', 'null']) {
      const h = await readProductHealth(`${base}/odd-${kind}`, 2000);
      expect(h, kind).toMatchObject({ reachable: true, httpStatus: 200, healthy: false, databaseStatus: null, serviceStatus: null });
    }
  });
  it('HTML means not activated; silence means unreachable, after the timeout', async () => {
    expect(await readProductHealth(`${base}/html`, 2000)).toMatchObject({ reachable: true, activated: false, healthy: false });
    const slow = await readProductHealth(`${base}/slow`, 300);
    expect(slow).toMatchObject({ reachable: false, message: 'no answer within 300 ms' });
    expect(slow.elapsedMs).toBeLessThan(1500);
  });
});
