/**
 * ProGet's settings API (what Inedo's pgutil uses): settings such as Storage.PackagesRootPath and
 * Web.BaseUrl live in the shared database, so one call sets them for the whole cluster.
 */
export interface ProductSetting { name: string; value: string | null }

export class SettingsApiError extends Error {}

async function call(baseUrl: string, apiKey: string, path: string, method: 'GET' | 'POST', timeoutMs: number): Promise<string> {
  let r: Response;
  try {
    r = await fetch(`${baseUrl.replace(/\/+$/, '')}${path}`, { method, headers: { 'X-ApiKey': apiKey, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    throw new SettingsApiError(`${baseUrl} did not answer the settings API: ${err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err.cause?.code ?? err.message)}`);
  }
  const body = await r.text();
  if (r.status === 401 || r.status === 403) throw new SettingsApiError(`the API key was refused (HTTP ${r.status}); it needs administrative rights`);
  if (!r.ok) throw new SettingsApiError(`the settings API answered HTTP ${r.status}: ${body.slice(0, 200)}`);
  return body;
}

export async function listSettings(baseUrl: string, apiKey: string, timeoutMs: number): Promise<ProductSetting[]> {
  const body = await call(baseUrl, apiKey, '/api/settings/list?showAll=false', 'GET', timeoutMs);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new SettingsApiError('the settings API did not answer with JSON (is the product activated?)');
  }
  if (!Array.isArray(json)) throw new SettingsApiError('the settings API answered something other than a list');
  return json.map((s: { name?: unknown; value?: unknown }) => ({ name: String(s.name), value: s.value === null || s.value === undefined ? null : String(s.value) }));
}

export async function setSetting(baseUrl: string, apiKey: string, name: string, value: string, timeoutMs: number): Promise<void> {
  await call(baseUrl, apiKey, `/api/settings/set?name=${encodeURIComponent(name)}&value=${encodeURIComponent(value)}`, 'POST', timeoutMs);
}
