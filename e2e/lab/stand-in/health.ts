import { PLAIN_TEXT_HEALTH_FROM_MAJOR, PRODUCTS, type ProductId } from '../../../electron/shared/products';
import type { DatabaseStatus } from './database-status';
import { versionInfo } from './node-state';

/** Extensions a fresh install reports; only their presence matters to the wizard. */
const EXTENSIONS: Record<ProductId, Record<string, string>> = {
  proget: { Azure: '3.0.0', Amazon: '3.0.0' },
  buildmaster: { DotNet: '3.0.0', Git: '3.0.0' },
  otter: { Windows: '3.0.0', Scripting: '3.0.0' },
};

/** The product's /health JSON, fields in the product's order (inedo-facts.md, "Health and version"). */
export function healthJson(product: ProductId, version: string, db: DatabaseStatus, extraExtensions: Record<string, string> = {}, serviceProblem: string | null = null): Record<string, unknown> {
  const { releaseNumber, versionNumber } = versionInfo(version);
  return {
    applicationName: PRODUCTS[product].name,
    databaseStatus: db.status,
    databaseStatusDetails: db.details,
    extensionsInstalled: { ...EXTENSIONS[product], ...extraExtensions },
    licenseStatus: 'OK',
    licenseStatusDetail: null,
    versionNumber,
    releaseNumber,
    serviceStatus: serviceProblem ? 'Error' : 'OK',
    serviceStatusDetail: serviceProblem,
    ...(product === 'proget'
      ? { replicationStatus: { serverStatus: 'OK', serverError: null, clientStatus: 'OK', clientError: null } }
      : {}),
  };
}

export interface HealthAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Whether this version answers /health in plain text and has /health/json. */
export function hasPlainTextHealth(version: string): boolean {
  return versionInfo(version).major >= PLAIN_TEXT_HEALTH_FROM_MAJOR;
}

/** GET /health (plain=false: JSON, as before 2026) or the 2026 plain-text form. */
export function healthAnswer(product: ProductId, version: string, db: DatabaseStatus, plain: boolean, extraExtensions: Record<string, string> = {}, serviceProblem: string | null = null): HealthAnswer {
  const healthy = db.status === 'OK' && !serviceProblem;
  const status = healthy ? 200 : 500;
  if (plain) {
    const text = db.status === 'OK' ? `Service: ${serviceProblem ?? 'error'}` : `Database: ${db.details ?? 'error'}`;
    const problem = text.replace(/\s*[\r\n]+\s*/g, ' ');
    return { status, contentType: 'text/plain; charset=utf-8', body: healthy ? 'OK' : problem };
  }
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(healthJson(product, version, db, extraExtensions, serviceProblem)) };
}
