/** Apply's events, its report, and waiting for a node to report healthy. */
import { readProductHealth } from '../nodes/product-health';
import type { ApplyReport } from '../../shared/apply-schema';

// The events' and the report's shapes live in electron/shared (the contract carries them).
export type { ApplyEvent, ApplyReport, ApplyStepName, NodeOutcome } from '../../shared/apply-schema';

/** A failed step; carries what the settings step had done, so rollback can undo it. */
export class ApplyFailure extends Error {
  constructor(message: string, readonly settings: ApplyReport['settings'] = []) {
    super(message);
  }
}

/** Polls /health once a second until it is OK; fails with the last answer after `timeoutMs`. */
export async function waitHealthy(baseUrl: string, timeoutMs: number, requestTimeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    const h = await readProductHealth(baseUrl, Math.min(requestTimeoutMs, Math.max(500, deadline - Date.now())));
    if (h.healthy) return;
    last = !h.reachable ? (h.message ?? 'no answer') : h.databaseStatus === 'Error' ? `database: ${h.databaseStatusDetails ?? 'Error'}` : (h.message ?? `HTTP ${h.httpStatus}`);
    if (Date.now() >= deadline) throw new Error(`not healthy after ${Math.round(timeoutMs / 1000)} s: ${last}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
