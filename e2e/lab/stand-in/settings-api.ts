import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { ProductDatabase } from './product-database';

export interface ApiAnswer {
  status: number;
  contentType?: string;
  body: string;
}

export const SETTINGS_PATHS = { list: '/api/settings/list', set: '/api/settings/set' } as const;

function keyMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const text = (status: number, body: string): ApiAnswer => ({ status, contentType: 'text/plain; charset=utf-8', body });

/**
 * ProGet's settings API as pgutil uses it: `X-ApiKey` header; GET list, POST set with the name and
 * value URL-encoded in the query. Missing and wrong keys both answer 403, as ProGet does.
 * Returns null for paths that are not the settings API.
 */
export async function settingsApi(req: IncomingMessage, url: URL, apiKey: string, db: ProductDatabase): Promise<ApiAnswer | null> {
  const path = url.pathname.toLowerCase();
  const isList = path === SETTINGS_PATHS.list && req.method === 'GET';
  const isSet = path === SETTINGS_PATHS.set && req.method === 'POST';
  if (!isList && !isSet) return null;
  if (!keyMatches(req.headers['x-apikey'], apiKey)) return text(403, 'An API key with administrative rights is required.');

  if (isList) {
    try {
      const settings = await db.listSettings();
      const body = settings.map((s) => ({ name: s.name, value: s.value, description: '', valueType: 'Text' }));
      return { status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
    } catch (err) {
      return text(500, `Cannot read settings from the database: ${(err as Error).message}`);
    }
  }
  const name = url.searchParams.get('name');
  const value = url.searchParams.get('value');
  if (!name || value === null) return text(400, 'Both name and value are required.');
  try {
    await db.setSetting(name, value);
    return text(200, '');
  } catch (err) {
    return text(500, `Cannot write the setting to the database: ${(err as Error).message}`);
  }
}
