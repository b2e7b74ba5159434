/**
 * Removing one server from a running cluster, as a run with apply's events and report: drained at the
 * balancer, waited on until it serves nothing (or the admin's timeout), its config backed up beside
 * itself, its service stopped, and the balancer's member list rewritten without it. The others' /health
 * is read before and between steps: the cluster must stay healthy, or the run stops, puts the server
 * back (service started, back in rotation) and says why. The last healthy server is never removed.
 *
 * Without access to the balancer the wizard does not stop a server the balancer still sends requests
 * to: it refuses with the steps to run there, unless the caller says the balancer is already handled
 * (drainTimeoutMs 0).
 *
 * The whole run holds the cluster lock (apply/cluster-lock.ts), as apply and upgrade do: a second wizard
 * changing the same cluster is refused by name, before anything is read or changed.
 */
import type { BalancerControl } from '../balancer/balancer-control';
import { backupSuffix } from '../apply/plan';
import type { ApplyEvent, ApplyReport, ApplyStepName, NodeOutcome } from '../../shared/apply-schema';
import type { ManualStep } from '../../shared/plan-schema';
import type { ClusterProfile } from '../../shared/profile';
import { resolveNodes, type ResolvedNode } from '../run/cluster-context';
import { NodeChangeRefused, withoutNode } from './grown-profile';
import { manualBalancerStep, membersOf, waitDrained } from './balancer-steps';
import { lockLeftStep } from '../apply/cluster-lock';

/** What the run does to the server being removed (the real one: remove-node-deps.ts). */
export interface RemovedServer {
  /** Copies its config beside itself; the backup's path (null: it had no config file). */
  backupConfig(path: string): Promise<string | null>;
  stopService(): Promise<void>;
  startService(): Promise<void>;
}

export interface RemoveNodeInput {
  profile: ClusterProfile;
  node: string;
  /** 0: the balancer is already handled (the server is out of it); no balancer step is taken. */
  drainTimeoutMs: number;
  openControl(): Promise<BalancerControl | null>;
  /** Whether a server's /health is OK now, by its base URL. */
  healthy(webUrl: string): Promise<{ ok: boolean; detail: string }>;
  server(node: ResolvedNode): RemovedServer;
  onEvent?: (e: ApplyEvent) => void | Promise<void>;
  /** Takes the cluster lock for the run (throws naming its holder); stop() releases it. None: no lock. */
  lock?: () => Promise<{ broke: string | null; stop(): Promise<unknown> }>;
  /** How long the others may take to read healthy again at a gate before the run stops. */
  gateMs?: number;
  pollMs?: number;
  now?: () => Date;
}

class StepFailed extends Error {}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function removeNode(input: RemoveNodeInput): Promise<ApplyReport> {
  const startedAt = (input.now ?? (() => new Date()))();
  const manualSteps: ManualStep[] = [];
  const outcome: NodeOutcome = { id: input.node, result: 'untouched', backupPath: null, steps: [], manual: null };
  const report = (status: ApplyReport['status'], reason: string | null): ApplyReport => ({
    status, reason, nodes: [outcome], settings: [], manualSteps, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(),
  });
  const emit = async (step: ApplyStepName, status: 'started' | 'done' | 'failed', detail: string, nodeId: string | null = input.node) => {
    if (nodeId === input.node) outcome.steps.push({ step, status, detail });
    await input.onEvent?.({ type: 'apply-step', nodeId, step, status, detail });
  };
  const log = (level: 'info' | 'warn' | 'error', message: string) => input.onEvent?.({ type: 'apply-log', level, message });

  let shrunk: ClusterProfile;
  try {
    shrunk = withoutNode(input.profile, input.node);
  } catch (e) {
    if (e instanceof NodeChangeRefused) return report('refused', e.message);
    throw e;
  }
  const all = resolveNodes(input.profile);
  const target = all.find((n) => n.id === input.node)!;
  const others = all.filter((n) => n.id !== input.node);
  const healthNow = await Promise.all(others.map(async (n) => ({ n, h: await input.healthy(n.webUrl) })));
  const healthyOthers = healthNow.filter((x) => x.h.ok).map((x) => x.n);
  if (!healthyOthers.length) {
    const others = healthNow.map((x) => `${x.n.id}: ${x.h.detail}`).join('; ');
    const self = await input.healthy(target.webUrl);
    return report('refused', self.ok
      ? `${input.node} is the cluster's last healthy server: ${others}. Bring another server back to health before removing it`
      : `no server of the cluster is healthy now (${input.node}: ${self.detail}; ${others}): the wizard removes a server only while another serves. Bring one back to health first`);
  }
  const unhealthy = healthNow.filter((x) => !x.h.ok);
  if (unhealthy.length) await log('warn', `not healthy before the removal, so not watched: ${unhealthy.map((x) => `${x.n.id} (${x.h.detail})`).join(', ')}`);

  // The cluster lock once the refusals that need no server are said, before the balancer is touched.
  let held: Awaited<ReturnType<NonNullable<RemoveNodeInput['lock']>>> | null;
  try {
    held = input.lock ? await input.lock() : null;
  } catch (e) {
    return report('refused', e instanceof Error ? e.message : String(e));
  }
  try {
    if (held?.broke) await log('warn', held.broke);
    return await changeUnderLock();
  } finally {
    // A lock that could not be removed is one more thing left for the admin: added to the report's own
    // list (manualSteps, which the report returned above holds), as apply does.
    const left = await held?.stop();
    if (typeof left === 'string') manualSteps.push(lockLeftStep(left));
  }

  async function changeUnderLock(): Promise<ApplyReport> {
    const control = input.drainTimeoutMs > 0 ? await input.openControl() : null;
    if (!control && input.drainTimeoutMs > 0) {
      manualSteps.push(manualBalancerStep(input.profile, 'remove', input.node));
      return report('refused', `the wizard cannot reach the ${input.profile.loadBalancer.type} load balancer, so it does not stop ${input.node} while the balancer may still send it requests: take it out of the balancer first (the steps below), then remove it again saying the balancer is already handled`);
    }

    // The servers that were healthy must stay so; a gate waits briefly for one that blinks.
    const gate = async (after: string) => {
      const until = Date.now() + (input.gateMs ?? 10_000);
      for (;;) {
        const down = (await Promise.all(healthyOthers.map(async (n) => ({ n, h: await input.healthy(n.webUrl) })))).filter((x) => !x.h.ok);
        if (!down.length) return;
        if (Date.now() >= until) throw new StepFailed(`after ${after}, the cluster is not healthy: ${down.map((x) => `${x.n.id}: ${x.h.detail}`).join('; ')}`);
        await sleep(input.pollMs ?? 1000);
      }
    };
    const step = async <T>(name: ApplyStepName, detail: string, fn: () => Promise<T>): Promise<T> => {
      await emit(name, 'started', detail);
      try {
        const r = await fn();
        await emit(name, 'done', detail);
        return r;
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        await emit(name, 'failed', why);
        throw new StepFailed(`${name} failed: ${why}`);
      }
    };

    const server = input.server(target);
    let drained = false;
    let stopped = false;
    try {
      if (control) {
        await step('drain', `take ${input.node} out of rotation at ${control.how}`, async () => {
          await control.drain(input.node);
          drained = true;
          await gate('the drain');
        });
        await step('wait-drained', `until ${input.node} serves nothing (up to ${Math.round(input.drainTimeoutMs / 1000)} s)`, async () => {
          const r = await waitDrained(control, input.node, input.drainTimeoutMs, input.pollMs);
          if (!r.drained) await log('warn', `${input.node} still had ${r.last?.activeSessions ?? 'an unknown number of'} sessions after ${Math.round(input.drainTimeoutMs / 1000)} s; going on as the timeout says`);
        });
      }
      outcome.result = 'changed';
      outcome.backupPath = await step('backup', `${target.configPath}${backupSuffix(startedAt)}`, () => server.backupConfig(target.configPath));
      await step('stop', `stop ${input.node}'s service`, async () => {
        stopped = true;
        await server.stopService();
        await gate(`stopping ${input.node}`);
      });
      if (control) {
        await step('balancer', `${control.how}: members ${membersOf(shrunk).map((b) => b.name).join(', ')}`, async () => {
          await control.setMembers(membersOf(shrunk));
          const left = (await control.members()).find((m) => m.node === input.node);
          if (left) throw new Error(`${control.how} still lists ${input.node} (${left.state})`);
          await gate(`the balancer's change`);
        });
        if (input.profile.loadBalancer.access?.kind === 'haproxy-api') manualSteps.push({ title: `Take ${input.node} out of haproxy.cfg`, detail: `The wizard removed ${input.node} through HAProxy's runtime API, which HAProxy forgets at its next reload: install the generated configuration (without ${input.node}) before you next reload HAProxy.`, url: null });
      } else {
        manualSteps.push({ title: `Keep ${input.node} out of the load balancer`, detail: `You said the balancer no longer sends requests to ${input.node}. Install the generated configuration without it, so a reload does not bring it back.`, url: null });
      }
      return report('applied', null);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      const undo: string[] = [];
      // Put the server back as it was: its service running, then back in rotation.
      if (stopped) {
        await emit('rollback', 'started', `start ${input.node}'s service again`);
        try {
          await server.startService();
          await emit('rollback', 'done', `${input.node}'s service started`);
        } catch (err) {
          undo.push(`start ${input.node}'s service: ${err instanceof Error ? err.message : String(err)}`);
          await emit('rollback', 'failed', undo[undo.length - 1]!);
        }
      }
      if (drained && control) {
        try {
          await control.resume(input.node);
          await emit('resume', 'done', `${input.node} is back in rotation`);
        } catch (err) {
          undo.push(`put ${input.node} back in rotation: ${err instanceof Error ? err.message : String(err)}`);
          await emit('resume', 'failed', undo[undo.length - 1]!);
        }
      }
      outcome.result = undo.length ? 'rollback-failed' : (stopped || drained ? 'restored' : outcome.result);
      if (undo.length) outcome.manual = `Still to do by hand: ${undo.join('; ')}.`;
      return report(undo.length ? 'rollback-failed' : 'rolled-back', why);
    } finally {
      await control?.close().catch(() => undefined);
    }
  }
}
