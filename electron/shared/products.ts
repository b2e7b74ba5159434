/**
 * What the wizard knows about each Inedo product (see shared/docs/inedo-facts.md).
 * Every fact the docs mark "unconfirmed" is decided here and nowhere else.
 */
export const PRODUCT_IDS = ['proget', 'buildmaster', 'otter'] as const;
export type ProductId = (typeof PRODUCT_IDS)[number];

export interface ProductFacts {
  id: ProductId;
  name: string;
  /** Windows shared configuration file. */
  windowsConfigPath: string;
  /** Windows service of 2025+ releases, and the legacy web service of <= 2024. */
  service: string;
  legacyWebService: string;
  defaultPort: number;
  /** Prefix of the Docker/Linux environment variables (PROGET_, BUILDMASTER_, OTTER_). */
  envPrefix: string;
  /** Database-held setting that names the shared storage folder; null where none is needed. */
  storageSetting: string | null;
  /** Docker volume a cluster node mounts the shared storage on. */
  linuxStoragePath: string | null;
  /** Whether the product can use PostgreSQL / InedoDB at all (ProGet 2025+ only). */
  supportsPostgres: boolean;
  /** Whether the settings API (GET /api/settings/list, POST /api/settings/set) is known to exist. */
  hasSettingsApi: boolean;
  /** Unconfirmed: Otter's /health is not documented; we treat it like BuildMaster's. */
  healthConfirmed: boolean;
}

export const PRODUCTS: Record<ProductId, ProductFacts> = {
  proget: {
    id: 'proget',
    name: 'ProGet',
    windowsConfigPath: 'C:\\ProgramData\\Inedo\\SharedConfig\\ProGet.config',
    service: 'INEDOPROGETSVC',
    legacyWebService: 'INEDOPROGETWEBSVC',
    defaultPort: 8624,
    envPrefix: 'PROGET_',
    storageSetting: 'Storage.PackagesRootPath',
    linuxStoragePath: '/var/proget/packages',
    supportsPostgres: true,
    hasSettingsApi: true,
    healthConfirmed: true,
  },
  buildmaster: {
    id: 'buildmaster',
    name: 'BuildMaster',
    windowsConfigPath: 'C:\\ProgramData\\Inedo\\SharedConfig\\BuildMaster.config',
    service: 'INEDOBMSVC',
    legacyWebService: 'INEDOBMWEBSVC',
    defaultPort: 8622,
    envPrefix: 'BUILDMASTER_',
    storageSetting: 'Artifacts.BasePath',
    linuxStoragePath: '/var/buildmaster/artifacts',
    supportsPostgres: false,
    // Unconfirmed: BuildMaster's settings API is not documented; the plan makes it a manual step.
    hasSettingsApi: false,
    healthConfirmed: true,
  },
  otter: {
    id: 'otter',
    name: 'Otter',
    windowsConfigPath: 'C:\\ProgramData\\Inedo\\SharedConfig\\Otter.config',
    service: 'INEDOOTTERSVC',
    legacyWebService: 'INEDOOTTERWEBSVC',
    defaultPort: 8626,
    envPrefix: 'OTTER_',
    storageSetting: null,
    linuxStoragePath: null,
    supportsPostgres: false,
    hasSettingsApi: false,
    healthConfirmed: false,
  },
};

/**
 * Unconfirmed: the path of the product's Cluster Overview page (Administration > Cluster Overview),
 * where high availability is switched on. The wizard links there; it never writes that switch.
 */
export const CLUSTER_PAGE_PATH = '/administration/cluster';

/** Node-to-node "service messenger" port. */
export const SERVICE_MESSENGER_PORT = 33237;
/** ProGet Enterprise's default server limit per instance. */
export const LICENSED_NODE_LIMIT = 5;
/** Collation SQL Server databases must use. */
export const REQUIRED_SQL_COLLATION = 'SQL_Latin1_General_CP1_CI_AS';
/** InedoDB is PostgreSQL 17. */
export const INEDODB_POSTGRES_MAJOR = 17;
/** First major release with the single service, PostgreSQL and the cluster procedure we automate. */
export const FIRST_SUPPORTED_MAJOR = 2025;
/** From this major on, /health answers plain text and JSON moved to /health/json. */
export const PLAIN_TEXT_HEALTH_FROM_MAJOR = 2026;

/** Names of the Linux/Docker environment variables for a product. */
export function envNames(product: ProductId) {
  const p = PRODUCTS[product].envPrefix;
  return {
    sqlConnectionString: `${p}SQL_CONNECTION_STRING`,
    postgresConnectionString: `${p}POSTGRES_CONNECTION_STRING`,
    encryptionKey: `${p}ENCRYPTION_KEY`,
  } as const;
}

/** Parses "2025.14" or "2025.14 (Build 7)" into [major, minor]; null when it is not a version. */
export function parseProductVersion(text: string): [number, number] | null {
  const m = /^(\d{4})\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}
