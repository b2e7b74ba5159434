/**
 * ProGet's settings API (what Inedo's pgutil uses): settings such as Storage.PackagesRootPath and
 * Web.BaseUrl live in the shared database, so one call sets them for the whole cluster.
 * The API key goes only where it was meant to: never after a redirect, and over plain http only when
 * the admin said yes (profile `allowApiKeyOverHttp`, the desktop app's warning or the CLI's flag).
 */
import { errorCause, errorCode, errorMessage, isTimeoutError } from '../../shared/error-text';
import { httpText, type HttpTextAnswer } from '../http/http-text';

export interface ProductSetting { name: string; value: string | null }

export class SettingsApiError extends Error {}
/** The key would travel in clear text and the admin has not accepted that. */
export class InsecureApiKeyError extends SettingsApiError {}

export interface ApiKeyPolicy { allowHttp: boolean }

/** Why the key may not be sent to this address, or null when it may. */
export function apiKeyRefusal(baseUrl: string, policy: ApiKeyPolicy): string | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `${baseUrl} is not a URL`;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') return policy.allowHttp ? null : `the API key would travel in clear text over plain http to ${url.origin}; accept that in the wizard (or pass --allow-http-api-key), or set the settings by hand`;
  return `${url.protocol} is not http or https`;
}

async function call(baseUrl: string, apiKey: string, path: string, method: 'GET' | 'POST', timeoutMs: number, policy: ApiKeyPolicy): Promise<string> {
  const refusal = apiKeyRefusal(baseUrl, policy);
  if (refusal) throw new InsecureApiKeyError(refusal);
  let r: HttpTextAnswer;
  try {
    // httpText never follows a redirect: X-ApiKey is never resent to wherever a 3xx points.
    r = await httpText(`${baseUrl.replace(/\/+$/, '')}${path}`, { method, headers: { 'X-ApiKey': apiKey, accept: 'application/json' }, timeoutMs });
  } catch (e) {
    throw new SettingsApiError(`${baseUrl} did not answer the settings API: ${isTimeoutError(e) ? `no answer within ${timeoutMs} ms` : (errorCode(errorCause(e)) ?? errorMessage(e))}`);
  }
  const body = r.body;
  if (r.status >= 300 && r.status < 400) {
    const to = r.header('location');
    throw new SettingsApiError(`the settings API answered with a redirect (HTTP ${r.status}${to ? ` to ${to.slice(0, 200)}` : ''}); the API key is not sent on: give the address it redirects to`);
  }
  if (r.status === 401 || r.status === 403) throw new SettingsApiError(`the API key was refused (HTTP ${r.status}); it needs administrative rights`);
  if (r.status < 200 || r.status >= 300) throw new SettingsApiError(`the settings API answered HTTP ${r.status}: ${body.slice(0, 200)}`);
  return body;
}

export async function listSettings(baseUrl: string, apiKey: string, timeoutMs: number, policy: ApiKeyPolicy): Promise<ProductSetting[]> {
  const body = await call(baseUrl, apiKey, '/api/settings/list?showAll=false', 'GET', timeoutMs, policy);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new SettingsApiError('the settings API did not answer with JSON (is the product activated?)');
  }
  if (!Array.isArray(json)) throw new SettingsApiError('the settings API answered something other than a list');
  return json.map((s: { name?: unknown; value?: unknown }) => ({ name: String(s.name), value: s.value === null || s.value === undefined ? null : String(s.value) }));
}

/** One setting's value through the API (null: it has none, or the product does not list it). */
export async function readSetting(baseUrl: string, apiKey: string, name: string, timeoutMs: number, policy: ApiKeyPolicy): Promise<string | null> {
  return (await listSettings(baseUrl, apiKey, timeoutMs, policy)).find((x) => x.name === name)?.value ?? null;
}

export async function setSetting(baseUrl: string, apiKey: string, name: string, value: string, timeoutMs: number, policy: ApiKeyPolicy): Promise<void> {
  await call(baseUrl, apiKey, `/api/settings/set?name=${encodeURIComponent(name)}&value=${encodeURIComponent(value)}`, 'POST', timeoutMs, policy);
}

/** The policy a profile sets. */
export function apiKeyPolicyOf(profile: { allowApiKeyOverHttp?: boolean | undefined }): ApiKeyPolicy {
  return { allowHttp: profile.allowApiKeyOverHttp === true };
}
