/**
 * The product configuration each lab node starts with, as an admin's servers would have it before the
 * wizard: written here independently of the engine's writers, so tests of those writers are not circular.
 */
import { PRODUCTS, envNames, type ProductId } from '../../electron/shared/products';
import type { LabDatabaseKind } from './lab-types';

export interface NodeConfigInput {
  product: ProductId;
  format: 'env' | 'xml';
  hostname: string;
  database: LabDatabaseKind;
  connectionString: string;
  encryptionKey: string | null;
}

export function configFileName(product: ProductId, format: 'env' | 'xml'): string {
  return format === 'xml' ? `${PRODUCTS[product].name}.config` : `${product}.env`;
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderNodeConfig(c: NodeConfigInput): string {
  const port = PRODUCTS[c.product].defaultPort;
  if (c.format === 'env') {
    const names = envNames(c.product);
    return [
      `# ${PRODUCTS[c.product].name} on ${c.hostname}: Docker-style environment file`,
      `${c.database === 'postgres' ? names.postgresConnectionString : names.sqlConnectionString}=${c.connectionString}`,
      ...(c.encryptionKey ? [`${names.encryptionKey}=${c.encryptionKey}`] : []),
      `ASPNETCORE_URLS=http://+:${port}`,
      '',
    ].join('\n');
  }
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<InedoAppConfig>',
    `  <!-- ${PRODUCTS[c.product].name} on ${c.hostname} -->`,
    c.database === 'postgres'
      ? `  <PostgresConnectionString Enabled="true">${xmlText(c.connectionString)}</PostgresConnectionString>`
      : `  <ConnectionString>${xmlText(c.connectionString)}</ConnectionString>`,
    ...(c.encryptionKey ? [`  <EncryptionKey>${c.encryptionKey}</EncryptionKey>`] : []),
    `  <WebServer Enabled="true" Urls="http://*:${port}" />`,
    '</InedoAppConfig>',
    '',
  ].join('\r\n');
}
