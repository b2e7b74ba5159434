import { readFileSync } from 'node:fs';
import { FIRST_SUPPORTED_MAJOR, PRODUCTS, parseProductVersion, type ProductId } from '../../../electron/shared/products';
import { parseEnvConfig } from './env-config';
import { StartRefusal } from './start-refusal';
import { parseXmlConfig } from './xml-config';

export type DatabaseKind = 'postgres' | 'sqlserver';

/** The configuration the stand-in runs with, read once at start like the product's. */
export interface ProductConfig {
  source: 'xml' | 'env';
  database: { kind: DatabaseKind; connectionString: string };
  encryptionKey: string | null;
  port: number;
}

/** `*.config` is the Windows XML file; anything else is a Docker-style env file. */
export function isXmlConfigPath(configPath: string): boolean {
  return configPath.toLowerCase().endsWith('.config');
}

export function readProductConfig(product: ProductId, version: string, configPath: string): ProductConfig {
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (err) {
    throw new StartRefusal(`cannot read configuration ${configPath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseProductConfig(product, version, configPath, text);
}

/** Applies the start rules to a configuration file's text (the file name decides its format). */
export function parseProductConfig(product: ProductId, version: string, configPath: string, text: string): ProductConfig {
  const raw = isXmlConfigPath(configPath) ? parseXmlConfig(text) : parseEnvConfig(text, product);
  const { sqlConnectionString: sql, postgresConnectionString: postgres } = raw;

  if (sql && postgres) {
    throw new StartRefusal('both a SQL Server and a PostgreSQL connection string are configured');
  }
  if (!sql && !postgres) {
    // Real ProGet 2025 would quietly create an embedded database and leave the cluster; make it loud.
    throw new StartRefusal(`no connection string in ${configPath} (the product would create an embedded database)`);
  }
  if (raw.encryptionKey !== null && !/^[0-9a-f]{32}$/i.test(raw.encryptionKey)) {
    // Never echo the key itself.
    throw new StartRefusal(`the encryption key is not 32 hex characters (it has ${raw.encryptionKey.length})`);
  }
  if (postgres) {
    const major = parseProductVersion(version)?.[0] ?? 0;
    const facts = PRODUCTS[product];
    if (!facts.supportsPostgres || major < FIRST_SUPPORTED_MAJOR) {
      throw new StartRefusal(`${facts.name} ${version} cannot use PostgreSQL (only ProGet ${FIRST_SUPPORTED_MAJOR} and later)`);
    }
  }
  return {
    source: raw.source,
    database: postgres ? { kind: 'postgres', connectionString: postgres } : { kind: 'sqlserver', connectionString: sql as string },
    encryptionKey: raw.encryptionKey,
    port: raw.port ?? PRODUCTS[product].defaultPort,
  };
}
