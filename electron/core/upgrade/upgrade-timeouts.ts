/**
 * How long each step of an upgrade run (upgrade-run.ts) and of its undo (upgrade-rollback.ts) may take,
 * in ONE place: a hung installer, upgradedb, stop or backup must not hold the run, and the cluster lock,
 * for ever. A step past its limit fails in words (which step, on which server, how long it waited), its
 * remote command is abandoned (the AbortSignal closes its SSH channel and sends KILL: exec-channel.ts), and
 * the run undoes itself as for any failure. The upgraders' own remote timeouts derive from these too.
 */
import type { UpgradeStep } from '../../shared/upgrade-schema';
import { UpgradeStepError } from './upgrade-ports';

/** Every plan step's kind, and the undo's own: files put back, the database restored. */
export type UpgradeLimitKind = UpgradeStep['kind'] | 'restore-files' | 'restore-database';

/** How long a server may take to answer /health OK at its new version, unless the run says otherwise. */
export const DEFAULT_UPGRADE_HEALTH_TIMEOUT_MS = 300_000;

const MIN = 60_000;

/**
 * Generous where the work is large or downloads (installs, schema upgrades, backups of a big database or
 * extensions folder), a few minutes where it is a service or the balancer. wait-healthy and check-sync poll
 * with their own timeout (healthTimeoutMs): their limit is that plus a margin (see stepLimitMs).
 */
export const UPGRADE_STEP_LIMITS_MS: Readonly<Record<UpgradeLimitKind, number>> = {
  'backup-database': 120 * MIN,
  'backup-config': 60 * MIN,
  'backup-extensions': 60 * MIN,
  'verify-backups': 60 * MIN,
  'balancer-maintenance': 15 * MIN,
  drain: 15 * MIN,
  stop: 10 * MIN,
  install: 60 * MIN,
  'upgrade-schema': 60 * MIN,
  start: 10 * MIN,
  'wait-healthy': 2 * MIN,
  resume: 15 * MIN,
  'check-sync': 5 * MIN,
  'balancer-reopen': 15 * MIN,
  'restore-files': 60 * MIN,
  'restore-database': 120 * MIN,
};

/** What each kind does, in the words of the failure ("installing the new version on node2 did not finish ..."). */
const DOING: Readonly<Record<UpgradeLimitKind, string>> = {
  'backup-database': 'the database backup',
  'backup-config': 'copying the config file aside',
  'backup-extensions': 'copying the extensions folder aside',
  'verify-backups': 'verifying the backups',
  'balancer-maintenance': 'taking every server out of rotation',
  drain: 'taking the server out of rotation',
  stop: 'stopping the product\'s service',
  install: 'the installer',
  'upgrade-schema': 'the schema upgrade (upgradedb)',
  start: 'starting the product\'s service',
  'wait-healthy': 'waiting for /health',
  resume: 'putting the server back into rotation',
  'check-sync': 'checking that every server is in sync',
  'balancer-reopen': 'putting every server back into rotation',
  'restore-files': 'putting the backed-up files back',
  'restore-database': 'restoring the database from its backup',
};

export interface StepLimitDeps {
  /** Overrides per kind (tests use tiny ones). */
  stepLimitsMs?: Partial<Record<UpgradeLimitKind, number>>;
  healthTimeoutMs?: number;
}

/** The limit of a kind: the override, else the table; a health wait gets its own timeout plus the table's margin. */
export function stepLimitMs(kind: UpgradeLimitKind, deps: StepLimitDeps): number {
  const own = deps.stepLimitsMs?.[kind];
  if (own !== undefined) return own;
  // The runner's health wait defaults to DEFAULT_UPGRADE_HEALTH_TIMEOUT_MS: never cut shorter than that.
  if (kind === 'wait-healthy' || kind === 'check-sync') return (deps.healthTimeoutMs ?? DEFAULT_UPGRADE_HEALTH_TIMEOUT_MS) + UPGRADE_STEP_LIMITS_MS[kind];
  return UPGRADE_STEP_LIMITS_MS[kind];
}

/** A remote program's own limit, in seconds, a minute inside the step's (so it is stopped there, with its output, first). */
export function remoteLimitSeconds(kind: UpgradeLimitKind): number {
  return Math.max(60, Math.round(UPGRADE_STEP_LIMITS_MS[kind] / 1000) - 60);
}

/** "2 h", "30 min", "45 s", "200 ms" */
export function limitWords(ms: number): string {
  if (ms >= 120 * MIN && ms % (60 * MIN) === 0) return `${ms / (60 * MIN)} h`;
  if (ms >= MIN && ms % MIN === 0) return `${ms / MIN} min`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10} s`;
  return `${ms} ms`;
}

/** A step that did not finish within its limit. */
export class StepTimeoutError extends UpgradeStepError {
  constructor(readonly kind: UpgradeLimitKind, readonly nodeId: string | null, readonly limitMs: number) {
    super(`${DOING[kind]}${nodeId ? ` on ${nodeId}` : ''} did not finish within ${limitWords(limitMs)}: the wizard stopped waiting and abandoned it (its connection to the command is closed)`);
  }
}

/**
 * Runs `fn` with a signal that is aborted at the limit; the step then fails at once with a StepTimeoutError,
 * whatever `fn` does (a command that ignores the signal is left behind, its late answer dropped).
 */
export async function withStepLimit<T>(kind: UpgradeLimitKind, nodeId: string | null, deps: StepLimitDeps, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const limitMs = stepLimitMs(kind, deps);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new StepTimeoutError(kind, nodeId, limitMs);
      controller.abort(e);
      reject(e);
    }, limitMs);
  });
  const work = fn(controller.signal);
  // Its rejection after the limit (the abandoned command) is expected, not unhandled.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
