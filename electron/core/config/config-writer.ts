/**
 * Produces a node's new configuration text: the cluster's database connection string and encryption
 * key set, nothing else changed. The XML and env writers splice; this entry checks the desired values
 * first and reads the result back before handing it out, so a file without a connection string (which
 * ProGet 2025 answers by silently creating its own embedded database) can never leave here.
 */
import { PRODUCT_IDS, PRODUCTS, type ProductId } from '../../shared/products';
import { ConfigReadError, ENCRYPTION_KEY_PATTERN, parseProductConfig, type ConfigFormat } from './product-config';
import { writeEnvConfig } from './env-config-writer';
import { ConfigWriteError, writeXmlConfig, type ValidDesired } from './xml-config-writer';

export { ConfigWriteError };

export interface DesiredConfig {
  product: ProductId;
  database: { kind: 'sqlserver' | 'postgres'; connectionString: string /* full, with password */ };
  encryptionKey: string; // 32 hex
}

export interface WrittenConfig {
  text: string;
  /** False exactly when `text` is the input, byte for byte. */
  changed: boolean;
}

// Tab is harmless inside a value; any other control character breaks an env line or is not valid XML.
const hasControl = (s: string) => [...s].some((c) => (c < ' ' && c !== '\t') || c === '\x7f');

/** Checks the desired values; every message names the problem, never the value. */
function validate(format: ConfigFormat, desired: DesiredConfig): ValidDesired {
  if (!PRODUCT_IDS.includes(desired.product)) throw new ConfigWriteError('unknown product');
  const facts = PRODUCTS[desired.product];
  const { kind } = desired.database;
  if (kind !== 'sqlserver' && kind !== 'postgres') throw new ConfigWriteError('unknown database kind');
  if (kind === 'postgres' && !facts.supportsPostgres) throw new ConfigWriteError(`${facts.name} cannot use PostgreSQL; give a SQL Server connection string`);
  const raw = desired.database.connectionString;
  // Both readers trim values, and connection-string parsers ignore surrounding blanks anyway.
  const connectionString = typeof raw === 'string' ? raw.trim() : '';
  if (!connectionString) throw new ConfigWriteError('the connection string is empty');
  if (hasControl(connectionString)) throw new ConfigWriteError('the connection string contains a line break, NUL or other control character');
  if (format === 'env' && /^(["']).*\1$/s.test(connectionString)) {
    // Env readers strip one pair of surrounding quotes; docker --env-file does not: the value would be ambiguous.
    throw new ConfigWriteError('the connection string begins and ends with a quote, which an env file cannot hold unambiguously');
  }
  const key = desired.encryptionKey;
  if (typeof key !== 'string' || !ENCRYPTION_KEY_PATTERN.test(key)) throw new ConfigWriteError('the encryption key is not 32 hexadecimal characters');
  return { kind, connectionString, encryptionKey: key, defaultPort: facts.defaultPort };
}

/** The written text must read back to exactly the desired values, with no second database. */
function assertReadsBack(text: string, format: ConfigFormat, product: ProductId, d: ValidDesired): void {
  let read;
  try {
    read = parseProductConfig(text, format, product);
  } catch (err) {
    // The reader's message may quote the file; keep only its kind.
    throw new ConfigWriteError(`internal error: the written configuration cannot be read back (${err instanceof ConfigReadError ? 'invalid' : 'reader failed'})`);
  }
  const [mine, other] = d.kind === 'postgres' ? [read.postgresConnectionString, read.sqlConnectionString] : [read.sqlConnectionString, read.postgresConnectionString];
  if (mine === null) throw new ConfigWriteError('internal error: the written configuration has no connection string');
  if (mine !== d.connectionString) throw new ConfigWriteError('internal error: the written connection string does not read back as given');
  if (other !== null) throw new ConfigWriteError('internal error: the written configuration still names the other database');
  if (read.encryptionKey !== d.encryptionKey) throw new ConfigWriteError('internal error: the written encryption key does not read back as given');
}

/**
 * The node's configuration with the cluster's connection string and key. `current` null means the file
 * does not exist yet. Throws ConfigWriteError when the values or the current file cannot be written.
 */
export function writeNodeConfig(current: string | null, format: ConfigFormat, desired: DesiredConfig): WrittenConfig {
  const d = validate(format, desired);
  const text = format === 'xml' ? writeXmlConfig(current, d) : writeEnvConfig(current, desired.product, d);
  assertReadsBack(text, format, desired.product, d);
  return { text, changed: text !== current };
}
