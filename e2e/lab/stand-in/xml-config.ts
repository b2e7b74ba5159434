import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { StartRefusal } from './start-refusal';
import { portFromUrls, type RawProductConfig } from './raw-config';

const ATTR = '@_';
type XmlNode = string | number | boolean | { [key: string]: unknown } | null | undefined;

/**
 * The product's Windows configuration (InedoAppConfig XML). Only the elements the stand-in needs are
 * read; an element with Enabled="false" counts as absent, as in the product.
 */
export function parseXmlConfig(text: string): RawProductConfig {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new StartRefusal(`malformed XML configuration: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: ATTR, parseTagValue: false, parseAttributeValue: false, trimValues: true });
  const doc = parser.parse(text) as Record<string, unknown>;
  const root = doc['InedoAppConfig'];
  if (root === undefined) throw new StartRefusal('XML configuration has no <InedoAppConfig> root element');
  if (Array.isArray(root)) throw new StartRefusal('XML configuration has more than one <InedoAppConfig> element');
  const config = (typeof root === 'object' && root !== null ? root : {}) as Record<string, unknown>;

  const webServer = single(config, 'WebServer');
  const urls = attribute(webServer, 'Urls');
  return {
    source: 'xml',
    sqlConnectionString: enabledText(single(config, 'ConnectionString')),
    postgresConnectionString: enabledText(single(config, 'PostgresConnectionString')),
    encryptionKey: enabledText(single(config, 'EncryptionKey')),
    port: urls ? portFromUrls(urls) : null,
  };
}

function single(parent: Record<string, unknown>, name: string): XmlNode {
  const node = parent[name];
  if (Array.isArray(node)) throw new StartRefusal(`XML configuration has more than one <${name}> element`);
  return node as XmlNode;
}

function attribute(node: XmlNode, name: string): string | null {
  if (typeof node !== 'object' || node === null) return null;
  const value = node[ATTR + name];
  return typeof value === 'string' ? value : null;
}

/** Element text, or null when missing, empty or switched off with Enabled="false". */
function enabledText(node: XmlNode): string | null {
  if (node === undefined || node === null) return null;
  if (typeof node !== 'object') return String(node).trim() || null;
  if (attribute(node, 'Enabled')?.trim().toLowerCase() === 'false') return null;
  const text = node['#text'];
  return typeof text === 'string' || typeof text === 'number' ? String(text).trim() || null : null;
}
