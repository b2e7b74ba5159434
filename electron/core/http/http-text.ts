/**
 * One HTTP(S) request whose answer is read as text, over node:http: the engine's reads of /health, the
 * settings API and the health extras. Not fetch: its first call loads undici and compiles its HTTP parser
 * (~50 ms of the event loop, in the middle of a check run's SSH handshakes) and each call costs ~4x an
 * http request (issue 10). Behaves as the engine used fetch: redirects are never followed (an X-ApiKey is
 * never resent elsewhere), a network failure is an Error whose `cause` carries the code (ECONNREFUSED),
 * and running out of time is an error named TimeoutError.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpTextAnswer {
  status: number;
  /** A response header (lower-case name), or null. */
  header(name: string): string | null;
  /** The body as UTF-8 text, cut at maxBytes. */
  body: string;
}

export interface HttpTextOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Read no more of the body than this (default 1 MiB); the rest is not downloaded. */
  maxBytes?: number;
}

export class HttpTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

export function httpText(address: string, o: HttpTextOptions): Promise<HttpTextAnswer> {
  const url = new URL(address);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new Error(`${url.protocol} is not http or https`));
  if (url.username || url.password) return Promise.reject(new Error('an address with a user name or password in it is not requested'));
  const maxBytes = o.maxBytes ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    // agent: false, one connection per request, closed after it: nothing pooled keeps a CLI run alive.
    const req = (url.protocol === 'https:' ? https : http).request(url, { method: o.method ?? 'GET', headers: o.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => done(() => {
        const headers = res.headers;
        resolve({
          status: res.statusCode ?? 0,
          header: (name) => {
            const v = headers[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
          },
          body: new TextDecoder('utf-8').decode(Buffer.concat(chunks).subarray(0, maxBytes)),
        });
      });
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
        if (size >= maxBytes) {
          finish();
          req.destroy();
        }
      });
      res.on('end', finish);
      res.on('error', (e) => done(() => reject(new Error(`the answer from ${url.origin} was cut off`, { cause: e }))));
    });
    const timer = setTimeout(() => {
      done(() => reject(new HttpTimeoutError(o.timeoutMs)));
      req.destroy();
    }, o.timeoutMs);
    req.on('error', (e) => done(() => reject(new Error(`the request to ${url.origin} failed`, { cause: e }))));
    req.end();
  });
}
