/** Apply's events, its report, and waiting for a node to report healthy. */
import { readProductHealth } from '../nodes/product-health';
import type { ManualStep } from '../../shared/plan-schema';

export type ApplyStepName = 'backup' | 'write' | 'restart' | 'wait-healthy' | 'settings' | 'rollback';
export type ApplyEvent =
  | { type: 'apply-step'; nodeId: string | null; step: ApplyStepName; status: 'started' | 'done' | 'failed'; detail: string }
  | { type: 'apply-log'; level: 'info' | 'warn' | 'error'; message: string };

export interface NodeOutcome {
  id: string;
  /** unchanged: nothing to do; untouched: not reached; changed: applied; restored: rolled back; rollback-failed: see manual. */
  result: 'unchanged' | 'untouched' | 'changed' | 'restored' | 'rollback-failed';
  backupPath: string | null;
  steps: { step: ApplyStepName; status: 'started' | 'done' | 'failed'; detail: string }[];
  /** When a rollback failed: exactly what is left and how to finish it by hand. */
  manual: string | null;
}

export interface ApplyReport {
  status: 'nothing-to-do' | 'refused' | 'applied' | 'rolled-back' | 'rollback-failed';
  reason: string | null;
  nodes: NodeOutcome[];
  settings: { name: string; status: 'set' | 'failed' | 'restored' | 'restore-failed'; detail: string }[];
  manualSteps: ManualStep[];
  startedAt: string;
  finishedAt: string;
}

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
