import type { ApplyEvent } from '../../shared/apply-schema';
import type { CheckEvent } from '../../shared/check-run-schema';
import type { KeptApplyRun, KeptChecksRun, KeptRun, KeptUpgradeRun, RunSummary } from '../../shared/run-record-schema';
import type { UpgradeEvent, UpgradePlan } from '../../shared/upgrade-schema';

/** What the engine keeps by id between calls (plans, check reports, health snapshots): the newest `limit`. */
export class RecentRecords<V> {
  private readonly items = new Map<string, V>();

  constructor(private readonly limit: number) {}

  set(id: string, value: V): void {
    this.items.delete(id);
    this.items.set(id, value);
    // A Map iterates in insertion order: the first keys are the oldest.
    for (const oldest of this.items.keys()) {
      if (this.items.size <= this.limit) break;
      this.items.delete(oldest);
    }
  }

  get(id: string): V | undefined {
    return this.items.get(id);
  }

  delete(id: string): boolean {
    return this.items.delete(id);
  }

  get size(): number {
    return this.items.size;
  }
}

/** How many events one run keeps: far above a real run's (an apply of five servers sends a few hundred). */
export const MAX_KEPT_EVENTS = 10_000;

type ChecksDone = NonNullable<KeptChecksRun['done']>;
type ApplyDone = NonNullable<KeptApplyRun['done']>;
type UpgradeDone = NonNullable<KeptUpgradeRun['done']>;

/** What a run is when it begins: its kind, its id, and for an apply or upgrade the plan it runs. */
export type RunStart =
  | { kind: 'checks'; runId: string }
  | { kind: 'apply'; runId: string; planId: string }
  | { kind: 'upgrade'; runId: string; planId: string; plan: UpgradePlan };

/**
 * Check runs, applies and upgrades by id, with every event they sent and their outcome, so a UI that was reloaded
 * can read a run back (`run.get`) and go on listening. Kept until dismissed; past `limit`, the oldest
 * finished runs are forgotten, never one still going on (its UI may come back to it).
 */
export class RunJournal {
  private readonly runs = new Map<string, KeptRun>();

  constructor(private readonly limit: number) {}

  begin(run: RunStart): void {
    const startedAt = new Date().toISOString();
    this.runs.delete(run.runId);
    this.runs.set(run.runId, keptAs(run, startedAt));
  }

  checkEvent(runId: string, event: CheckEvent): void {
    const run = this.runs.get(runId);
    if (run?.kind === 'checks' && !run.done && run.events.length < MAX_KEPT_EVENTS) run.events.push(event);
  }

  applyEvent(runId: string, event: ApplyEvent): void {
    const run = this.runs.get(runId);
    if (run?.kind === 'apply' && !run.done && run.events.length < MAX_KEPT_EVENTS) run.events.push(event);
  }

  upgradeEvent(runId: string, event: UpgradeEvent): void {
    const run = this.runs.get(runId);
    if (run?.kind === 'upgrade' && !run.done && run.events.length < MAX_KEPT_EVENTS) run.events.push(event);
  }

  checksDone(runId: string, done: ChecksDone): void {
    const run = this.runs.get(runId);
    if (run?.kind === 'checks') run.done = done;
    this.trim();
  }

  applyDone(runId: string, done: ApplyDone): void {
    const run = this.runs.get(runId);
    if (run?.kind === 'apply') run.done = done;
    this.trim();
  }

  upgradeDone(runId: string, done: UpgradeDone): void {
    const run = this.runs.get(runId);
    if (run?.kind === 'upgrade') run.done = done;
    this.trim();
  }

  get(id: string): KeptRun | null {
    return this.runs.get(id) ?? null;
  }

  list(): RunSummary[] {
    return [...this.runs.values()].map((r) => ({ kind: r.kind, runId: r.runId, startedAt: r.startedAt, running: r.done === null }));
  }

  delete(id: string): boolean {
    return this.runs.delete(id);
  }

  private trim(): void {
    const finished = [...this.runs.values()].filter((r) => r.done !== null);
    for (const r of finished.slice(0, Math.max(0, finished.length - this.limit))) this.runs.delete(r.runId);
  }
}

/** A new run's record: each kind spelled out, so the union stays exact without a cast. */
function keptAs(run: RunStart, startedAt: string): KeptRun {
  switch (run.kind) {
    case 'checks': return { ...run, startedAt, events: [], done: null };
    case 'apply': return { ...run, startedAt, events: [], done: null };
    case 'upgrade': return { ...run, startedAt, events: [], done: null };
  }
}
