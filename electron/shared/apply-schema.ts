/**
 * Apply's events and its report as zod schemas; the engine's types (electron/core/apply) are `z.infer`
 * of these, and the contract carries them to the UI.
 */
import { z } from 'zod';
import { ManualStepSchema } from './plan-schema';

/**
 * drain/resume: the server taken out of the balancer's rotation and back (issue 13); wait-drained: until it
 * serves nothing; stop: its service stopped for good (a removed server); balancer: the balancer's member list changed.
 */
export const APPLY_STEP_NAMES = ['backup', 'write', 'drain', 'wait-drained', 'restart', 'stop', 'wait-healthy', 'resume', 'balancer', 'settings', 'rollback'] as const;
export const ApplyStepNameSchema = z.enum(APPLY_STEP_NAMES);
export type ApplyStepName = z.infer<typeof ApplyStepNameSchema>;

const StepStatus = z.enum(['started', 'done', 'failed']);

export const ApplyEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('apply-step'), nodeId: z.string().nullable(), step: ApplyStepNameSchema, status: StepStatus, detail: z.string() }),
  z.object({ type: z.literal('apply-log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
]);
export type ApplyEvent = z.infer<typeof ApplyEventSchema>;

export const NodeOutcomeSchema = z.object({
  id: z.string(),
  /** unchanged: nothing to do; untouched: not reached; changed: applied; restored: rolled back; rollback-failed: see manual. */
  result: z.enum(['unchanged', 'untouched', 'changed', 'restored', 'rollback-failed']),
  backupPath: z.string().nullable(),
  steps: z.array(z.object({ step: ApplyStepNameSchema, status: StepStatus, detail: z.string() })),
  /** When a rollback failed: exactly what is left and how to finish it by hand. */
  manual: z.string().nullable(),
  /** When a rollback failed: the raw reason (the service's output, the error), shown folded below `manual`. */
  log: z.string().optional(),
});
export type NodeOutcome = z.infer<typeof NodeOutcomeSchema>;

export const ApplySettingOutcomeSchema = z.object({ name: z.string(), status: z.enum(['set', 'failed', 'restored', 'restore-failed']), detail: z.string() });

export const ApplyReportSchema = z.object({
  status: z.enum(['nothing-to-do', 'refused', 'applied', 'rolled-back', 'rollback-failed']),
  /** Why; for a refusal only the reason: each surface says once that nothing was changed. */
  reason: z.string().nullable(),
  nodes: z.array(NodeOutcomeSchema),
  settings: z.array(ApplySettingOutcomeSchema),
  manualSteps: z.array(ManualStepSchema),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** Refused for a cluster lock whose owner looks gone (a wizard killed mid-apply): that, in words; the app offers to break it. */
  staleLock: z.string().optional(),
});
export type ApplyReport = z.infer<typeof ApplyReportSchema>;
