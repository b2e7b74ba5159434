/** Each lab node's starting configuration file for the lab's options: its database and, where it has one, its key. */
import { PRODUCTS } from '../../electron/shared/products';
import { nodeHost } from './lab-config';
import type { LabOptions, LabSecrets } from './lab-types';
import { configFileName, renderNodeConfig } from './initial-config';
import { postgresConnectionString } from './postgres';
import { sqlServerConnectionString } from './tds-service';

/** '' for the shared database; `_nodeN` for a fresh lab's node N > 1, which starts on a database of its own. */
export function localDbSuffix(options: LabOptions, index: number): string {
  return options.initial === 'fresh' && index > 1 ? `_node${index}` : '';
}

export function initialNodeConfig(options: LabOptions, secrets: LabSecrets, index: number): { name: string; content: string } {
  const suffix = localDbSuffix(options, index);
  const connectionString = options.database === 'postgres'
    ? postgresConnectionString({ name: `${options.product}${suffix}`, owner: options.product, password: secrets.postgresPassword })
    : sqlServerConnectionString({ database: `${PRODUCTS[options.product].name}${suffix}`, user: options.product, password: secrets.sqlPassword });
  return {
    name: configFileName(options.product, options.configFormat),
    content: renderNodeConfig({
      product: options.product, format: options.configFormat, hostname: nodeHost(index).hostname, database: options.database, connectionString,
      encryptionKey: options.initial === 'clustered' || index === 1 ? secrets.encryptionKey : null,
    }),
  };
}
