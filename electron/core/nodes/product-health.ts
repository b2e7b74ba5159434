/**
 * Reads a node's /health the way each product release answers it: JSON (200, or 500 with the JSON
 * still in the body) up to 2025; plain text "OK" or the problem from 2026, with the JSON at /health/json.
 * HTML means the product is not activated (its licensing page answered).
 */
import { errorCause, errorCode, errorMessage, isTimeoutError, messageOf } from '../../shared/error-text';
import { isRecord } from '../../shared/is-record';
import { httpText } from '../http/http-text';

export type HealthStatus = 'OK' | 'Error';

export interface ProductHealth {
  /** Whether the node answered at all. */
  reachable: boolean;
  httpStatus: number | null;
  healthy: boolean;
  applicationName: string | null;
  versionNumber: string | null;
  releaseNumber: string | null;
  databaseStatus: HealthStatus | null;
  databaseStatusDetails: string | null;
  licenseStatus: HealthStatus | null;
  licenseStatusDetail: string | null;
  serviceStatus: HealthStatus | null;
  serviceStatusDetail: string | null;
  /** Plain-text answer (2026+) or why the answer could not be read. */
  message: string | null;
  activated: boolean;
  elapsedMs: number;
}

const EMPTY = {
  httpStatus: null, applicationName: null, versionNumber: null, releaseNumber: null, databaseStatus: null, databaseStatusDetails: null,
  licenseStatus: null, licenseStatusDetail: null, serviceStatus: null, serviceStatusDetail: null, message: null, activated: true,
} as const;

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
const status = (v: unknown): HealthStatus | null => (v === 'OK' ? 'OK' : typeof v === 'string' ? 'Error' : null);

async function fetchText(url: string, timeoutMs: number): Promise<{ status: number; type: string; body: string }> {
  const r = await httpText(url, { timeoutMs, headers: { accept: 'application/json, text/plain' }, maxBytes: 64 * 1024 });
  return { status: r.status, type: r.header('content-type') ?? '', body: r.body };
}

/** The body's JSON object; null for text, or JSON that is no object (no field can be read from it). */
function jsonObject(body: string): Record<string, unknown> | null {
  try {
    const j: unknown = JSON.parse(body);
    return isRecord(j) ? j : null;
  } catch {
    return null;
  }
}

function fromJson(j: Record<string, unknown>, httpStatus: number, elapsedMs: number): ProductHealth {
  const h: ProductHealth = {
    ...EMPTY, reachable: true, httpStatus, healthy: false, elapsedMs,
    applicationName: str(j.applicationName), versionNumber: str(j.versionNumber), releaseNumber: str(j.releaseNumber),
    databaseStatus: status(j.databaseStatus), databaseStatusDetails: str(j.databaseStatusDetails),
    licenseStatus: status(j.licenseStatus), licenseStatusDetail: str(j.licenseStatusDetail ?? j.licenseStatusDetails),
    serviceStatus: status(j.serviceStatus), serviceStatusDetail: str(j.serviceStatusDetail ?? j.serviceStatusDetails),
  };
  h.healthy = httpStatus === 200 && h.databaseStatus !== 'Error' && h.serviceStatus !== 'Error';
  return h;
}

/** GET {baseUrl}/health (and /health/json when the answer is plain text). Never throws. */
export async function readProductHealth(baseUrl: string, timeoutMs: number): Promise<ProductHealth> {
  const started = performance.now();
  const base = baseUrl.replace(/\/+$/, '');
  const elapsed = () => Math.round(performance.now() - started);
  let first;
  try {
    first = await fetchText(`${base}/health`, timeoutMs);
  } catch (e) {
    const cause = errorCause(e);
    const why = isTimeoutError(e) ? `no answer within ${timeoutMs} ms` : (errorCode(cause) ?? messageOf(cause) ?? errorMessage(e));
    return { ...EMPTY, reachable: false, healthy: false, message: why, elapsedMs: elapsed() };
  }
  if (/html/i.test(first.type) || /^\s*<(!doctype|html)/i.test(first.body)) {
    return { ...EMPTY, reachable: true, httpStatus: first.status, healthy: false, activated: false, message: 'answered with an HTML page: the product is probably not activated yet', elapsedMs: elapsed() };
  }
  const fields = jsonObject(first.body);
  // Else 2026+: plain text; the fields are at /health/json.
  if (fields) return fromJson(fields, first.status, elapsed());
  const text = first.body.trim().split('\n')[0]?.slice(0, 500) ?? '';
  try {
    const json = await fetchText(`${base}/health/json`, timeoutMs);
    const more = jsonObject(json.body);
    if (!more) throw new Error('/health/json is no JSON object');
    const h = fromJson(more, first.status, elapsed());
    return { ...h, message: text, healthy: first.status === 200 && text === 'OK' };
  } catch {
    return { ...EMPTY, reachable: true, httpStatus: first.status, healthy: first.status === 200 && text === 'OK', message: text || null, elapsedMs: elapsed() };
  }
}
