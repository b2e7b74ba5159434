/**
 * A run the engine keeps by id (a check run, an apply or an upgrade), as `run.get` reads it back: every event it
 * sent so far, in order, and how it ended (null while it runs). A renderer that was reloaded rebuilds
 * its state from this, then keeps listening to the run's events.
 */
import { z } from 'zod';
import { ApplyEventSchema, ApplyReportSchema } from './apply-schema';
import { CheckEventSchema, CheckRunSummarySchema } from './check-run-schema';
import { UpgradeEventSchema, UpgradePlanSchema, UpgradeReportSchema } from './upgrade-schema';

const Failed = z.object({ ok: z.literal(false), error: z.string() });

export const KeptChecksRunSchema = z.object({
  kind: z.literal('checks'),
  runId: z.string(),
  startedAt: z.string(),
  events: z.array(CheckEventSchema),
  // A cancelled run keeps saying so after a reload (checks.cancel).
  done: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), output: CheckRunSummarySchema }), Failed.extend({ cancelled: z.literal(true).optional() })]).nullable(),
});

export const KeptApplyRunSchema = z.object({
  kind: z.literal('apply'),
  runId: z.string(),
  planId: z.string(),
  startedAt: z.string(),
  events: z.array(ApplyEventSchema),
  done: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), report: ApplyReportSchema }), Failed]).nullable(),
});

/**
 * An upgrade (issue 14) with the plan it runs: a reloaded window shows every step of it from this alone,
 * even once the engine has forgotten the plan by id. The outcome carries where its report was written.
 */
export const KeptUpgradeRunSchema = z.object({
  kind: z.literal('upgrade'),
  runId: z.string(),
  planId: z.string(),
  plan: UpgradePlanSchema,
  startedAt: z.string(),
  events: z.array(UpgradeEventSchema),
  done: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), report: UpgradeReportSchema, reportPath: z.string().nullable() }), Failed]).nullable(),
});

export const KeptRunSchema = z.discriminatedUnion('kind', [KeptChecksRunSchema, KeptApplyRunSchema, KeptUpgradeRunSchema]);
export type KeptRun = z.infer<typeof KeptRunSchema>;
export type KeptChecksRun = z.infer<typeof KeptChecksRunSchema>;
export type KeptApplyRun = z.infer<typeof KeptApplyRunSchema>;
export type KeptUpgradeRun = z.infer<typeof KeptUpgradeRunSchema>;

/** One line of `run.list`: what a run is and whether it is still going. */
export const RunSummarySchema = z.object({
  kind: z.enum(['checks', 'apply', 'upgrade']),
  runId: z.string(),
  startedAt: z.string(),
  running: z.boolean(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;
