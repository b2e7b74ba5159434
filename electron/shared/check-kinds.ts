/** A check's possible statuses and areas: the words both the check types and the run's schemas use. */
export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'skip'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
export const CHECK_AREAS = ['servers', 'database', 'storage', 'encryption', 'network', 'load-balancer'] as const;
export type CheckArea = (typeof CHECK_AREAS)[number];
