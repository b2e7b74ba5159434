/**
 * Runs checks concurrently as a dependency graph: every (check, target) starts as soon as what it needs
 * has finished, so an unreachable node costs one connect timeout and delays nothing else. Results stream
 * as events and come back in a stable order (definition order; cluster first, then nodes in profile order).
 */
import { CLUSTER, type CheckDefinition, type CheckEvent, type CheckOutcome, type CheckResult, type CheckTarget } from '../../shared/check-types';
import { redactRecord } from '../../shared/redact-deep';
import { mapRemedyText, remedy, rerun } from '../../shared/remedy';

export interface RunOptions {
  nodeIds: string[];
  /** Run only these checks and what they need; of the latter, only failures are reported. */
  only?: string[];
  /** Report failures of these checks as warnings. */
  warn?: string[];
  checkTimeoutMs: number;
  onEvent?: (e: CheckEvent) => void;
  /** Masks secrets in any text that leaves the runner. */
  redact?: (text: string) => string;
  /**
   * Checks started before all others (results keep their order): a long chain of dependent steps on one
   * server, like the database login, would otherwise start behind every node's connect and pay for
   * each of its steps a turn of an event loop that the nodes' SSH traffic keeps busy (issue 10).
   */
  startFirst?: string[];
  /** Cancels the run: every check not yet finished ends at once as skipped ("cancelled"). */
  signal?: AbortSignal;
}

const CANCELLED: CheckOutcome = { status: 'skip', detail: 'cancelled before it finished' };

/** Resolves with CANCELLED when the signal fires (at once if it already has); never rejects. */
function whenCancelled(signal: AbortSignal | undefined): Promise<CheckOutcome> | null {
  if (!signal) return null;
  if (signal.aborted) return Promise.resolve(CANCELLED);
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(CANCELLED), { once: true }));
}

export class UnknownCheckError extends Error {}

/** The checks to run: the requested ones plus, transitively, what they need. */
export function selectChecks<Ctx>(defs: CheckDefinition<Ctx>[], only?: string[]): { run: CheckDefinition<Ctx>[]; reported: Set<string> } {
  const byId = new Map(defs.map((d) => [d.id, d]));
  const unknown = (only ?? []).filter((id) => !byId.has(id));
  if (unknown.length) throw new UnknownCheckError(`unknown check id: ${unknown.join(', ')}`);
  if (!only?.length) return { run: defs, reported: new Set(defs.map((d) => d.id)) };
  const wanted = new Set<string>();
  const add = (id: string) => {
    if (wanted.has(id)) return;
    wanted.add(id);
    for (const n of byId.get(id)?.needs ?? []) add(n);
  };
  only.forEach(add);
  return { run: defs.filter((d) => wanted.has(d.id)), reported: new Set(only) };
}

export async function runChecks<Ctx>(defs: CheckDefinition<Ctx>[], ctx: Ctx, opts: RunOptions): Promise<CheckResult[]> {
  const redact = opts.redact ?? ((t: string) => t);
  const { run, reported } = selectChecks(defs, opts.only);
  const byId = new Map(run.map((d) => [d.id, d]));
  const tasks = new Map<string, Promise<CheckResult>>();
  const key = (id: string, target: CheckTarget) => `${id}@${target}`;
  const targetsOf = (d: CheckDefinition<Ctx>) => (d.scope === 'cluster' ? [CLUSTER] : opts.nodeIds);
  // A check run only because an asked-for one needs it is shown when it fails: it is why the other was skipped.
  const shown = (r: CheckResult) => reported.has(r.id) || r.status === 'fail';

  const finish = (d: CheckDefinition<Ctx>, target: CheckTarget, o: CheckOutcome, started: number): CheckResult => {
    const downgrade = o.status === 'fail' && (opts.warn ?? []).includes(d.id);
    const result: CheckResult = {
      id: d.id, title: d.title, area: d.area, target,
      status: downgrade ? 'warn' : o.status,
      detail: redact(downgrade ? `${o.detail} (a failure, reported as a warning as asked)` : o.detail),
      remedy: o.remedy ? mapRemedyText(o.remedy, redact) : null,
      durationMs: Math.round(performance.now() - started),
      ...(downgrade ? { downgraded: true } : {}),
      ...(o.data ? { data: redactRecord(o.data, redact) } : {}),
    };
    if (shown(result)) opts.onEvent?.({ type: 'check-finished', result });
    return result;
  };

  const blockedBy = async (d: CheckDefinition<Ctx>, target: CheckTarget): Promise<string | null> => {
    for (const needId of d.needs ?? []) {
      const need = byId.get(needId);
      if (!need) continue;
      if (need.scope === 'cluster' || target !== CLUSTER) {
        const r = await taskFor(need, need.scope === 'cluster' ? CLUSTER : target);
        if (r.status === 'fail' || r.status === 'skip') {
          return `skipped: needs "${need.title}"${target !== CLUSTER && need.scope === 'cluster' ? ' for the cluster' : ''}, which ${r.status === 'fail' ? 'failed' : 'was skipped'}`;
        }
      } else {
        const rs = await Promise.all(opts.nodeIds.map((n) => taskFor(need, n)));
        if (!rs.some((r) => r.status === 'pass' || r.status === 'warn')) return `skipped: "${need.title}" passed on no server`;
      }
    }
    return null;
  };

  const cancelled = whenCancelled(opts.signal);
  const execute = async (d: CheckDefinition<Ctx>, target: CheckTarget): Promise<CheckResult> => {
    // A check waiting on what it needs stops waiting when the run is cancelled.
    const blocked = cancelled ? await Promise.race([blockedBy(d, target), cancelled.then((c) => c.detail)]) : await blockedBy(d, target);
    const started = performance.now();
    if (opts.signal?.aborted) return finish(d, target, CANCELLED, started);
    if (blocked) return finish(d, target, { status: 'skip', detail: blocked }, started);
    const nodeId = target === CLUSTER ? undefined : target;
    const reason = d.skipReason?.(ctx, nodeId);
    if (reason) return finish(d, target, { status: 'skip', detail: reason }, started);
    if (reported.has(d.id)) opts.onEvent?.({ type: 'check-started', id: d.id, target });
    const timeoutMs = d.timeoutMs ?? opts.checkTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      const outcome = await Promise.race([
        d.run(ctx, nodeId),
        ...(cancelled ? [cancelled] : []),
        new Promise<CheckOutcome>((resolve) => {
          timer = setTimeout(() => resolve({
            status: 'fail',
            detail: `did not finish within ${(timeoutMs / 1000).toFixed(0)} s`,
            remedy: remedy`Check that the server answers and is not overloaded, then ${rerun}.`,
          }), timeoutMs);
        }),
      ]);
      return finish(d, target, outcome, started);
    } catch (e) {
      return finish(d, target, { status: 'fail', detail: e instanceof Error ? e.message : String(e) }, started);
    } finally {
      clearTimeout(timer);
    }
  };

  function taskFor(d: CheckDefinition<Ctx>, target: CheckTarget): Promise<CheckResult> {
    const k = key(d.id, target);
    let t = tasks.get(k);
    if (!t) {
      t = execute(d, target);
      tasks.set(k, t);
    }
    return t;
  }

  const ordered = run.flatMap((d) => targetsOf(d).map((t) => ({ d, t })));
  const first = new Set(opts.startFirst ?? []);
  for (const { d, t } of ordered) if (first.has(d.id)) taskFor(d, t);
  const results = await Promise.all(ordered.map(({ d, t }) => taskFor(d, t)));
  return results.filter(shown);
}

export function summarize(results: CheckResult[]): Record<'pass' | 'warn' | 'fail' | 'skip', number> {
  const s = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) s[r.status]++;
  return s;
}
