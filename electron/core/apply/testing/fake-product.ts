/**
 * Test support (not used by the engine): a node's product web server, real HTTP on a loopback address,
 * so apply's health gate and settings calls go through the engine's own readers (product-health.ts,
 * settings-api.ts) unchanged. It answers /health from the node's state and the settings API from
 * one store shared by the cluster, as the product's database is.
 */
import http from 'node:http';

export interface ProductState {
  readonly id: string;
  /** Null while the service is stopped. */
  runningHealth(): { status: number; body: Record<string, unknown> } | null;
}

export interface SharedSettings {
  readonly apiKey: string;
  readonly values: Map<string, string | null>;
  /** Ordinals (1-based, counted over the cluster) of the set calls that answer HTTP 500. */
  readonly failingSets: Set<number>;
  sets: number;
}

export type Journal = (entry: string) => void;

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function settingsApi(url: URL, req: http.IncomingMessage, res: http.ServerResponse, store: SharedSettings, journal: Journal): void {
  if (req.headers['x-apikey'] !== store.apiKey) return reply(res, 403, { error: 'forbidden' });
  if (req.method === 'GET' && url.pathname === '/api/settings/list') {
    return reply(res, 200, [...store.values].map(([name, value]) => ({ name, value })));
  }
  if (req.method === 'POST' && url.pathname === '/api/settings/set') {
    const name = url.searchParams.get('name') ?? '';
    const value = url.searchParams.get('value') ?? '';
    store.sets += 1;
    journal(`settings set ${name}=${value}`);
    if (store.failingSets.has(store.sets)) return reply(res, 500, { error: 'the database is busy' });
    store.values.set(name, value);
    return reply(res, 200, {});
  }
  reply(res, 404, { error: 'no such call' });
}

/** Starts the node's web server on `host` (a loopback address) and a free port. */
export async function startProduct(host: string, node: ProductState, store: SharedSettings, journal: Journal): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname === '/health') {
      const h = node.runningHealth();
      journal(`${node.id} health ${h ? h.status : 'refused'}`);
      // A stopped service answers nothing: the connection is cut, as a closed port would be.
      if (!h) return req.socket.destroy();
      return reply(res, h.status, h.body);
    }
    if (url.pathname.startsWith('/api/settings/')) return settingsApi(url, req, res, store, journal);
    reply(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the fake product has no port');
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
