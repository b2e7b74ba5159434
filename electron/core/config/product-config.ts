/**
 * Reads a node's product configuration: the Windows XML file (InedoAppConfig) or a Docker-style env
 * file. What it returns still holds secrets (connection-string password, encryption key): it stays in
 * the engine; the outside sees `describeConfig` only.
 */
import crypto from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { envNames, type ProductId } from '../../shared/products';
import { maskConnectionString } from '../../shared/connection-string/connection-strings';
import { ENCRYPTION_KEY_PATTERN } from '../../shared/encryption-key';
import type { ConfigView } from '../../shared/check-run-schema';
import { isRecord } from '../../shared/is-record';

export type ConfigFormat = 'xml' | 'env';

export interface ProductConfig {
  format: ConfigFormat;
  sqlConnectionString: string | null;
  postgresConnectionString: string | null;
  encryptionKey: string | null;
  /** Web server URLs (XML WebServer Urls, or ASPNETCORE_URLS). */
  urls: string[];
}

export class ConfigReadError extends Error {}

export function configFormatOf(path: string): ConfigFormat {
  return /\.config$/i.test(path) ? 'xml' : 'env';
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true, isArray: () => false });

/** An element as the parser gives it: its text, or an object of '#text' and '@attributes'. */
const textOf = (n: unknown): string | null => {
  if (n === undefined) return null;
  const t = typeof n === 'string' ? n : isRecord(n) ? (n['#text'] ?? '') : '';
  return String(t).trim() || null;
};
const enabled = (n: unknown) => !isRecord(n) || String(n['@Enabled'] ?? 'true').toLowerCase() !== 'false';

export function parseXmlConfig(text: string): ProductConfig {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new ConfigReadError(`not valid XML (line ${valid.err.line}: ${valid.err.msg})`);
  const doc: unknown = parser.parse(text);
  const root = isRecord(doc) ? doc.InedoAppConfig : undefined;
  if (root === undefined) throw new ConfigReadError('has no <InedoAppConfig> root element');
  if (!isRecord(root)) return { format: 'xml', sqlConnectionString: null, postgresConnectionString: null, encryptionKey: null, urls: [] };
  const pg = root.PostgresConnectionString;
  const web = isRecord(root.WebServer) ? root.WebServer : undefined;
  return {
    format: 'xml',
    sqlConnectionString: textOf(root.ConnectionString),
    postgresConnectionString: enabled(pg) ? textOf(pg) : null,
    encryptionKey: textOf(root.EncryptionKey),
    urls: String(web?.['@Urls'] ?? '').split(';').map((u) => u.trim()).filter(Boolean),
  };
}

/** KEY=VALUE lines; blank lines and # comments ignored; one pair of surrounding quotes removed. */
export function parseEnvFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim().replace(/^export\s+/, '');
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) value = value.slice(1, -1);
    out.set(key, value);
  }
  return out;
}

export function parseEnvConfig(text: string, product: ProductId): ProductConfig {
  const env = parseEnvFile(text);
  const names = envNames(product);
  const get = (k: string) => env.get(k)?.trim() || null;
  return {
    format: 'env',
    sqlConnectionString: get(names.sqlConnectionString),
    postgresConnectionString: get(names.postgresConnectionString),
    encryptionKey: get(names.encryptionKey),
    urls: (get('ASPNETCORE_URLS') ?? '').split(';').map((u) => u.trim()).filter(Boolean),
  };
}

export function parseProductConfig(text: string, format: ConfigFormat, product: ProductId): ProductConfig {
  return format === 'xml' ? parseXmlConfig(text) : parseEnvConfig(text, product);
}

/** One definition, shared with the renderer's key field. */
export { ENCRYPTION_KEY_PATTERN };

/** A short, stable, non-reversible name for a key: enough to compare nodes, useless to an attacker. */
export function keyFingerprint(key: string): string {
  const digest = crypto.createHash('sha256').update(`ha-wizard encryption key fingerprint\0${key.trim().toLowerCase()}`).digest('hex');
  return `key:${digest.slice(0, 12)}`;
}

/** What may leave the engine about a configuration. */
// The masked view crosses to the UI: its shape lives in electron/shared.
export type { ConfigView } from '../../shared/check-run-schema';

export function describeConfig(c: ProductConfig): ConfigView {
  const kind = c.sqlConnectionString && c.postgresConnectionString ? 'both' : c.sqlConnectionString ? 'sqlserver' : c.postgresConnectionString ? 'postgres' : null;
  const cs = c.postgresConnectionString ?? c.sqlConnectionString;
  return {
    format: c.format,
    databaseKind: kind,
    connectionStringMasked: cs ? maskConnectionString(cs) : null,
    encryptionKeyFingerprint: c.encryptionKey ? keyFingerprint(c.encryptionKey) : null,
    encryptionKeyWellFormed: c.encryptionKey ? ENCRYPTION_KEY_PATTERN.test(c.encryptionKey) : null,
    urls: c.urls,
  };
}
