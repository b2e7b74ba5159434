/**
 * Apply's restarts behind a balancer the wizard can drive (issue 13): each server is drained before its
 * restart (until it serves nothing, or a bounded time), and resumed after its health gate, so no request
 * through the balancer reaches a server that is going down. Rollback's restarts are guarded the same
 * way, and any server still drained when a run ends is resumed. Without a control this is not used.
 */
import type { ClusterProfile } from '../../shared/profile';
import type { BalancerControl } from '../balancer/balancer-control';
import { manualRotationStep } from '../balancer/drain-manual';
import { CONFIRM_TIMEOUT_MS, confirmRotation, memberOf } from '../balancer/node-rotation';
import { errorMessage } from '../../shared/error-text';
import type { ApplyEvent } from '../../shared/apply-schema';

export type GuardStepName = 'drain' | 'wait-drained' | 'resume';
/** Runs one named step with apply's events around it (apply.ts's `step`), throwing its failure. */
export type RunStep = <T>(nodeId: string, name: GuardStepName, detail: string, fn: () => Promise<T>) => Promise<T>;

export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
/** How long the balancer's own health checks may take to count a resumed server up. */
export const DEFAULT_READY_TIMEOUT_MS = 30_000;

export interface GuardOptions {
  /** How long a drained server may take to finish what it serves before it is restarted anyway. */
  drainTimeoutMs?: number;
  confirmTimeoutMs?: number;
  readyTimeoutMs?: number;
  pollMs?: number;
  redact?: (t: string) => string;
}

export class BalancerGuard {
  /** Servers this run drained and has not resumed yet (profile node ids). */
  readonly drained = new Set<string>();

  constructor(readonly control: BalancerControl, private readonly profile: ClusterProfile, private readonly o: GuardOptions = {}) {}

  /**
   * Servers to restart that the balancer does not list: it sends them nothing, so they are restarted
   * without a drain (a server being added joins the balancer only after its health gate).
   */
  readonly outside = new Set<string>();

  /** Reads the balancer's members before anything changes (it must answer), and notes the servers it does not list. */
  async preflight(nodeIds: string[]): Promise<void> {
    const members = new Set((await this.control.members()).map((m) => m.node));
    for (const id of nodeIds) if (!members.has(id)) this.outside.add(id);
  }

  /** Drain, then wait until the server serves nothing (or the bounded time: then it is restarted anyway, said in the step). */
  async beforeRestart(nodeId: string, step: RunStep): Promise<void> {
    if (this.outside.has(nodeId)) return;
    const { member } = memberOf(this.profile, nodeId);
    await step(nodeId, 'drain', `take ${member} out of rotation (${this.control.how})`, async () => {
      this.drained.add(nodeId);
      await this.control.drain(nodeId);
      await confirmRotation(this.control, nodeId, 'drain', this.o.confirmTimeoutMs ?? CONFIRM_TIMEOUT_MS);
    });
    const timeoutMs = this.o.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    await step(nodeId, 'wait-drained', `until ${member} serves nothing (up to ${Math.round(timeoutMs / 1000)} s)`, () => this.waitDrained(nodeId, timeoutMs));
  }

  /** Back into rotation after the health gate; a failure names the exact step to run by hand. */
  async afterHealthy(nodeId: string, step: RunStep): Promise<void> {
    if (this.outside.has(nodeId)) return;
    const { member, host } = memberOf(this.profile, nodeId);
    await step(nodeId, 'resume', `put ${member} back into rotation (${this.control.how})`, async () => {
      try {
        await this.control.resume(nodeId);
        await confirmRotation(this.control, nodeId, 'resume', this.o.confirmTimeoutMs ?? CONFIRM_TIMEOUT_MS);
      } catch (e) {
        throw new Error(`${errorMessage(e)}. By hand: ${manualRotationStep(this.profile, member, host, 'resume').detail}`, { cause: e });
      }
      this.drained.delete(nodeId);
      // Back in rotation is not yet serving: the balancer's own health checks must count it up before the
      // next server is drained, or a two-server cluster would be left with none.
      return this.waitServing(nodeId, this.o.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
    });
  }

  /** At the end of a failed run: resumes every server still drained; false when one could not be. */
  async resumeLeft(step: RunStep): Promise<boolean> {
    let ok = true;
    for (const id of [...this.drained]) {
      await this.afterHealthy(id, step).catch(() => {
        ok = false;
      });
    }
    return ok;
  }

  private async waitServing(nodeId: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = (await this.control.members()).find((x) => x.node === nodeId);
      if (m?.state === 'ready') return `in rotation (${m.detail})`;
      if (Date.now() >= deadline) {
        throw new Error(`${nodeId} is back in rotation but the balancer does not count it up after ${Math.round(timeoutMs / 1000)} s (${m?.detail ?? 'not a member'}): check that the balancer reaches its /health`);
      }
      await new Promise((r) => setTimeout(r, this.o.pollMs ?? 250));
    }
  }

  private async waitDrained(member: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = (await this.control.members()).find((x) => x.node === member);
      if (!m) throw new Error(`the balancer no longer has a member ${member}`);
      if (m.activeSessions === null) return 'the balancer does not count its sessions';
      if (m.activeSessions === 0) return 'serves nothing';
      if (Date.now() >= deadline) return `still ${m.activeSessions} session(s) after ${Math.round(timeoutMs / 1000)} s: restarted anyway`;
      await new Promise((r) => setTimeout(r, this.o.pollMs ?? 250));
    }
  }
}

/** Rollback's way to run a guard step: the same events, the failure thrown to the caller. */
export function eventStep(emit: (e: ApplyEvent) => Promise<void>, redact: (t: string) => string): RunStep {
  return async (nodeId, name, detail, fn) => {
    await emit({ type: 'apply-step', nodeId, step: name, status: 'started', detail });
    try {
      const r = await fn();
      await emit({ type: 'apply-step', nodeId, step: name, status: 'done', detail: typeof r === 'string' ? r : detail });
      return r;
    } catch (e) {
      const why = redact(errorMessage(e));
      await emit({ type: 'apply-step', nodeId, step: name, status: 'failed', detail: why });
      throw new Error(why, { cause: e });
    }
  };
}
