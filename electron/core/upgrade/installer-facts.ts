/**
 * Every product fact an upgrade of one server relies on (issue 14), in one place. Each is marked confirmed
 * (with its line in /work/shared/docs/inedo-facts.md) or unconfirmed (our choice until Inedo documents it).
 */
import type { DatabaseKind } from '../../shared/kinds';
import type { ProductId } from '../../shared/products';

/** The product's name as Inedo Hub's CLI spells it in `<Product>:<version>`. Confirmed for ProGet (inedo-facts "Upgrades": `hub.exe install ProGet:<version>`); unconfirmed for the others. */
export const HUB_PRODUCT_NAME: Record<ProductId, string> = { proget: 'ProGet', buildmaster: 'BuildMaster', otter: 'Otter' };

/** Unconfirmed: where Inedo Hub installs its CLI when the profile does not say (`installer.hubPath`). */
export const DEFAULT_HUB_PATH = 'C:\\Program Files\\Inedo Hub\\hub.exe';

/**
 * Inedo Hub's arguments for a silent upgrade (or, on rollback, a reinstall of the old version).
 * Confirmed: `install ProGet:<version> --IsUpgrade=true` (inedo-facts "Upgrades"); `--UsePostgres=false` for a SQL
 * Server install, since UsePostgres defaults to true for ProGet 2025+ (inedo-facts "Inedo Hub CLI").
 * Unconfirmed: that passing it for BuildMaster and Otter (SQL Server only) is harmless, so we pass it only for ProGet.
 */
export function hubInstallArguments(product: ProductId, version: string, database: DatabaseKind): string[] {
  const args = ['install', `${HUB_PRODUCT_NAME[product]}:${version}`, '--IsUpgrade=true'];
  if (product === 'proget' && database === 'sqlserver') args.push('--UsePostgres=false');
  return args;
}

/** Confirmed: `proget.exe upgradedb` upgrades the schema and exits (inedo-facts "Upgrades"). Unconfirmed: the other products' exe names. */
export const UPGRADEDB_EXE: Record<ProductId, string> = { proget: 'proget.exe', buildmaster: 'buildmaster.exe', otter: 'otter.exe' };
export const UPGRADEDB_ARGUMENT = 'upgradedb';

/**
 * Unconfirmed: where that exe is on Windows. We look in the folder of the product's service executable (the
 * service discovered as INEDO*SVC), then in this default install folder.
 */
export const WINDOWS_INSTALL_DIR: Record<ProductId, string> = {
  proget: 'C:\\Program Files\\ProGet\\Service',
  buildmaster: 'C:\\Program Files\\BuildMaster\\Service',
  otter: 'C:\\Program Files\\Otter\\Service',
};

/**
 * Unconfirmed: the extensions folder per product and OS (the product's default for `Extensions.ExtensionsPath`;
 * that setting lives in the database, inedo-facts "Settings that name local paths"). On Linux, the folder as the
 * host sees it: the Docker guide's volume layout under /var/<product>. Backed up only when it exists there.
 */
export const EXTENSIONS_DIR: Record<ProductId, { windows: string; linux: string }> = {
  proget: { windows: 'C:\\ProgramData\\ProGet\\Extensions', linux: '/var/proget/extensions' },
  buildmaster: { windows: 'C:\\ProgramData\\BuildMaster\\Extensions', linux: '/var/buildmaster/extensions' },
  otter: { windows: 'C:\\ProgramData\\Otter\\Extensions', linux: '/var/otter/extensions' },
};

/** Confirmed: the Docker image per product (inedo-facts, the product table's "Docker image" column). */
export const DOCKER_IMAGE: Record<ProductId, string> = {
  proget: 'proget.inedo.com/productimages/inedo/proget',
  buildmaster: 'proget.inedo.com/productimages/inedo/buildmaster',
  otter: 'proget.inedo.com/productimages/inedo/otter',
};

/**
 * Unconfirmed: the image tag of a product version. Inedo publishes pinned tags (inedo-facts "Upgrades": "Docker:
 * pinned image tags"); we take the version string itself as the tag (the lab's images are tagged that way), and a
 * tag back as that version.
 */
export function dockerImageTag(version: string): string {
  return version;
}
export function versionOfDockerTag(tag: string): string | null {
  return /^\d{4}\.\d{1,4}$/.test(tag) ? tag : null;
}

/** The Docker client program on a Linux node, found on the SSH login's PATH. */
export const DOCKER_PROGRAM = 'docker';
