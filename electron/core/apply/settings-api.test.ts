/**
 * The API key goes only where it was meant to: real HTTP servers on loopback stand in for a product
 * that redirects (to another origin, which must never see the key) and for a plain-http product
 * (which sees no request until the admin accepts clear text).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { apiKeyRefusal, InsecureApiKeyError, listSettings, setSetting, SettingsApiError } from './settings-api';

const KEY = 'ApiKey-7f3c9e1b';
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server on loopback that records the X-ApiKey of every request and answers with `answer`. */
async function server(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const keys: (string | undefined)[] = [];
  const s = http.createServer((req, res) => {
    keys.push(req.headers['x-apikey'] as string | undefined);
    answer(req, res);
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, keys };
}

describe('the settings API and the key', () => {
  it('never follows a redirect: the other address sees no request, the error names the redirect', async () => {
    const elsewhere = await server((_, res) => res.end('[]'));
    for (const status of [301, 302, 303, 307, 308]) {
      const product = await server((req, res) => res.writeHead(status, { location: `${elsewhere.url}${req.url}` }).end());
      const policy = { allowHttp: true };
      await expect(listSettings(product.url, KEY, 2000, policy)).rejects.toThrow(new RegExp(`redirect \\(HTTP ${status} to ${elsewhere.url}`));
      await expect(setSetting(product.url, KEY, 'Web.BaseUrl', 'https://lb', 2000, policy)).rejects.toBeInstanceOf(SettingsApiError);
      expect(product.keys).toEqual([KEY, KEY]);
    }
    expect(elsewhere.keys).toEqual([]);
  });

  it('over plain http only with the admin\'s yes: without it, no request is made at all', async () => {
    const product = await server((_, res) => res.setHeader('content-type', 'application/json').end('[{"name":"Web.BaseUrl","value":"x"}]'));
    await expect(listSettings(product.url, KEY, 2000, { allowHttp: false })).rejects.toBeInstanceOf(InsecureApiKeyError);
    await expect(setSetting(product.url, KEY, 'a', 'b', 2000, { allowHttp: false })).rejects.toThrow(/clear text over plain http/);
    expect(product.keys).toEqual([]);
    expect(await listSettings(product.url, KEY, 2000, { allowHttp: true })).toEqual([{ name: 'Web.BaseUrl', value: 'x' }]);
    expect(product.keys).toEqual([KEY]);
  });

  it('https needs no consent; other schemes and non-URLs are refused', () => {
    expect(apiKeyRefusal('https://proget.corp:8625', { allowHttp: false })).toBeNull();
    expect(apiKeyRefusal('HTTP://proget.corp:8624', { allowHttp: false })).toMatch(/plain http/);
    expect(apiKeyRefusal('http://proget.corp:8624', { allowHttp: true })).toBeNull();
    expect(apiKeyRefusal('ftp://proget.corp', { allowHttp: true })).toMatch(/not http or https/);
    expect(apiKeyRefusal('proget.corp', { allowHttp: true })).toMatch(/not a URL/);
  });
});
