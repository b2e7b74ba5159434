/**
 * The health poller's defaults, apart from the poller (cluster-health.ts) so the CLI can show them in
 * `--help` without loading it.
 *
 * readmitGraceMs: how long a balancer's error page, while servers answer healthy, is taken for
 * re-admitting servers it saw restart (HAProxy as generated: two good checks 1 s apart; others are
 * slower) before it is reported as not serving.
 */
export const HEALTH_DEFAULTS = { timeoutMs: 5000, maxConcurrency: 16, readmitGraceMs: 20_000 } as const;
