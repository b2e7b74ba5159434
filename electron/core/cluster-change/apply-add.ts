/**
 * After an add plan is applied (the new server healthy, its health gate passed), the balancer takes it
 * into rotation: through the BalancerControl when the profile gives access, else the plan's manual step
 * stands. A balancer that refuses leaves the server configured and healthy, and says what to do.
 */
import type { BalancerControl } from '../balancer/balancer-control';
import type { ApplyEvent, ApplyReport } from '../../shared/apply-schema';
import type { ClusterProfile } from '../../shared/profile';
import { manualBalancerStep, takeIntoRotation } from './balancer-steps';

export interface AddFollowUp {
  nodeId: string;
  grown: ClusterProfile;
}

export const ROTATION_TIMEOUT_MS = 60_000;

/** Brings the applied server into rotation; the report gains the balancer step (and a manual step if it failed). */
export async function takeAddedIntoRotation(
  report: ApplyReport, add: AddFollowUp, openControl: () => Promise<BalancerControl | null>,
  onEvent: (e: ApplyEvent) => void | Promise<void>, timeoutMs = ROTATION_TIMEOUT_MS,
): Promise<ApplyReport> {
  if (report.status !== 'applied' && report.status !== 'nothing-to-do') return report;
  const outcome = report.nodes.find((n) => n.id === add.nodeId);
  const step = async (status: 'started' | 'done' | 'failed', detail: string) => {
    outcome?.steps.push({ step: 'balancer', status, detail });
    await onEvent({ type: 'apply-step', nodeId: add.nodeId, step: 'balancer', status, detail });
  };
  let control: BalancerControl | null = null;
  try {
    control = await openControl();
    if (!control) return report;
    await step('started', `add ${add.nodeId} at ${control.how}`);
    const m = await takeIntoRotation(control, add.grown, add.nodeId, timeoutMs);
    await step('done', `${add.nodeId} is in rotation (${m.detail})`);
    return { ...report, finishedAt: new Date().toISOString() };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    await step('failed', why);
    return {
      ...report,
      reason: `${add.nodeId} is configured and healthy, but the balancer did not take it: ${why}`,
      manualSteps: [...report.manualSteps, manualBalancerStep(add.grown, 'add', add.nodeId)],
      finishedAt: new Date().toISOString(),
    };
  } finally {
    await control?.close().catch(() => undefined);
  }
}
