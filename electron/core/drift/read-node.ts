/**
 * A fresh reading of one server for the drift check: its configuration over SSH (the run's session)
 * and its own /health. What leaves here holds no secret: the connection as its parts, the key as its
 * fingerprint, and only the env variables that are not secrets.
 */
import { XMLParser } from 'fast-xml-parser';
import { configFormatOf, keyFingerprint, parseEnvFile } from '../config/product-config';
import { envNames } from '../../shared/products';
import type { ClusterContext } from '../run/cluster-context';
import { connectionParts, type NodeValues } from './desired-state';
import { WEB_SERVER_LABELS } from './compare';
import { isRecord } from '../../shared/is-record';
import { httpText } from '../http/http-text';

/** What /health says beyond the engine's health reader: the extensions, and the service's own words. */
export interface HealthExtras { version: string | null; extensions: string[] | null; serviceDetail: string | null }

async function getJson(url: string, timeoutMs: number): Promise<Record<string, unknown> | null> {
  const { body } = await httpText(url, { timeoutMs, headers: { accept: 'application/json' }, maxBytes: 64 * 1024 });
  try {
    const j: unknown = JSON.parse(body);
    return isRecord(j) ? j : null;
  } catch {
    return null;
  }
}

/** /health as JSON (up to 2025), else /health/json (2026+); null when neither answers JSON. */
export async function readHealthExtras(baseUrl: string, timeoutMs: number): Promise<HealthExtras | null> {
  const base = baseUrl.replace(/\/+$/, '');
  const j = (await getJson(`${base}/health`, timeoutMs).catch(() => null)) ?? (await getJson(`${base}/health/json`, timeoutMs).catch(() => null));
  if (!j) return null;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const ext = j.extensionsInstalled;
  const extensions = ext && typeof ext === 'object' ? (Array.isArray(ext) ? ext.map(String) : Object.keys(ext)).sort() : null;
  return { version: str(j.releaseNumber) ?? str(j.versionNumber), extensions, serviceDetail: str(j.serviceStatusDetail ?? j.serviceStatusDetails) };
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: () => false });

/** The WebServer element's settings meant to be identical on every server (absent attributes left out). */
export function webServerSettings(text: string): Record<string, string> {
  const doc: unknown = xml.parse(text);
  const root = isRecord(doc) ? doc.InedoAppConfig : undefined;
  const web = isRecord(root) ? root.WebServer : undefined;
  const out: Record<string, string> = {};
  if (!isRecord(web)) return out;
  for (const attr of Object.keys(WEB_SERVER_LABELS)) {
    const v = web[`@${attr}`];
    if (v !== undefined) out[attr] = attr === 'Urls' ? String(v).split(';').map((u) => u.trim()).filter(Boolean).join(';') : String(v).trim();
  }
  return out;
}

/** A variable that holds or may hold a secret: never read into the state, whatever its value. */
const SECRETISH = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ENCRYPTION_KEY|CONNECTION_STRING|CREDENTIAL|PRIVATE/i;

/** The env file's variables other than secrets (the web URLs are compared as the web server's). */
export function envSettings(text: string, product: Parameters<typeof envNames>[0]): Record<string, string> {
  const names = envNames(product);
  const secret = new Set<string>([names.sqlConnectionString, names.postgresConnectionString, names.encryptionKey]);
  const out: Record<string, string> = {};
  for (const [k, v] of parseEnvFile(text)) {
    if (secret.has(k) || secret.has(k.replace(/_FILE$/, '')) || SECRETISH.test(k) || k === 'ASPNETCORE_URLS') continue;
    out[k] = v;
  }
  return out;
}

/**
 * One server's values, read now. Throws when the server cannot be read over SSH (the caller says it
 * was not read); a /health that does not answer leaves version and extensions unknown (null).
 */
export async function readNodeValues(ctx: ClusterContext, id: string): Promise<{ values: NodeValues; health: HealthExtras | null }> {
  const n = ctx.node(id);
  const state = await ctx.config(id);
  if (state.error) throw new Error(`its configuration cannot be read: ${state.error}`);
  const c = state.config;
  const kind = ctx.profile.database.kind;
  const health = await readHealthExtras(n.webUrl, ctx.settings.connectTimeoutMs);
  const format = configFormatOf(n.configPath);
  const text = state.text ?? '';
  return {
    health,
    values: {
      database: connectionParts(kind, c ? (kind === 'postgres' ? c.postgresConnectionString : c.sqlConnectionString) : null),
      keyFingerprint: c?.encryptionKey ? keyFingerprint(c.encryptionKey) : null,
      version: health?.version ?? null,
      extensions: health?.extensions ?? null,
      webServer: format === 'xml' ? (state.text ? webServerSettings(text) : {}) : null,
      env: format === 'env' ? envSettings(text, ctx.profile.product) : null,
    },
  };
}
