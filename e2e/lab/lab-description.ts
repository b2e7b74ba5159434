/** The lab as JSON: what `npm run lab -- up --json` prints, for the engine, the e2e specs and people. */
import path from 'node:path';
import { PRODUCTS } from '../../electron/shared/products';
import { HOSTS, LAB_PRIVATE_KEY, LAB_PROFILE, PORTS, SAMBA_USER, labUser } from './lab-config';
import { loadBalancerUrls } from './load-balancers';
import { describeBalancerHosts } from './balancer-hosts';
import { SERVICE_SCRIPT, nodePaths } from './nodes';
import { postgresConnectionString } from './postgres';
import { SAMBA_SHARE_NAME, sambaUnc } from './samba';
import { sqlServerConnectionString } from './tds-service';
import type { LabState } from './lab-types';
import { BACKUP_DIRS, NODE_COMPOSE_FILE } from './docker-nodes';

export function describeLab(state: LabState) {
  const { options, secrets } = state;
  const product = PRODUCTS[options.product];
  const pgDb = { name: state.databaseName.toLowerCase(), owner: options.product, password: secrets.postgresPassword };
  return {
    product: options.product,
    version: options.version,
    options,
    nodes: state.nodes.map((n) => ({
      name: n.name,
      hostname: n.hostname,
      address: n.address,
      /** The same node over IPv6 (the lab's bridge has a prefix of its own). */
      address6: n.address6,
      sshPort: PORTS.ssh,
      user: labUser(n.index),
      password: secrets.sshPassword,
      privateKeyPath: LAB_PRIVATE_KEY,
      hostKeyFingerprint: n.hostKeyFingerprint,
      configPath: path.join(nodePaths.configDir, state.configFileName),
      serviceCommand: SERVICE_SCRIPT,
      webPort: product.defaultPort,
      url: `http://${n.address}:${product.defaultPort}`,
      storage: n.localStorage ? 'local' : 'shared',
      /** The node's Docker Compose file (its product service's image tag is the version) and that service. */
      composeFile: NODE_COMPOSE_FILE,
      composeService: options.product,
    })),
    databases: {
      postgres: {
        host: HOSTS.db.address, port: PORTS.postgres, database: pgDb.name, user: pgDb.owner, password: pgDb.password,
        connectionString: postgresConnectionString(pgDb),
      },
      sqlserver: {
        host: HOSTS.db.address, port: PORTS.sqlserver, database: state.databaseName, user: options.product, password: secrets.sqlPassword,
        connectionString: sqlServerConnectionString({ database: state.databaseName, user: options.product, password: secrets.sqlPassword }),
        topology: options.sqlTopology,
      },
    },
    storage: {
      path: nodePaths.storage,
      misconfiguredNode: state.nodes.find((n) => n.localStorage)?.name ?? null,
      samba: { unc: sambaUnc(), host: HOSTS.nas.address, share: SAMBA_SHARE_NAME, user: SAMBA_USER, password: secrets.sambaPassword },
    },
    /** Where backups may go (`roomy`), and the place the backup-full fault fills (`full`). */
    backups: BACKUP_DIRS,
    loadBalancers: loadBalancerUrls(),
    /** SSH on the HAProxy and nginx hosts, for a profile's loadBalancer.access. */
    balancerHosts: describeBalancerHosts(state.balancerHosts),
    apiKey: secrets.apiKey,
    /** The engine profile for this lab (ha-wizard check --profile <this file>). */
    profilePath: LAB_PROFILE,
    startedAt: state.startedAt,
    upSeconds: state.upSeconds,
  };
}

export type LabDescription = ReturnType<typeof describeLab>;
