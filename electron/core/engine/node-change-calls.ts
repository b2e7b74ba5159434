/**
 * The engine's calls for growing and shrinking a running cluster (issue 13, helper "grow-shrink"):
 * node.checkAdd (a check run for the new server), node.planAdd (a plan for it alone, kept by id for
 * apply.start, whose apply then takes it into the balancer's rotation), node.remove (a run with apply's
 * events). The service gives what it keeps (plans, the journal, checked events); the work is in
 * electron/core/cluster-change.
 */
import type { AcquireOptions } from '../apply/cluster-lock';
import { openBalancerControl } from '../balancer/open-balancer-control';
import type { EngineSettings } from '../run/engine-settings';
import type { SecretResolver } from '../secrets';
import { runAddChecks } from './add-check-run';
import { planAdd } from '../cluster-change/plan-add';
import { removeNodeRun } from '../cluster-change/remove-node-run';
import { takeAddedIntoRotation, type AddFollowUp } from '../cluster-change/apply-add';
import { NodeChangeRefused } from '../cluster-change/grown-profile';
import type { ApplyEvent, ApplyReport } from '../../shared/apply-schema';
import type { CallParsedInput, EventName, EventPayload } from '../../shared/contract';
import type { LocalSecretRef } from '../../shared/local-secrets';
import type { Plan } from '../../shared/plan-schema';
import { ApplyReportSchema } from '../../shared/apply-schema';
import { redactDeep } from '../../shared/redact-deep';
import { RefusedError, type Handlers } from './dispatcher';
import type { RecentRecords, RunJournal } from './run-records';

/** The cluster-change functions, real by default; the service's tests give fakes. */
export interface NodeChangeEngine {
  runAddChecks: typeof runAddChecks;
  planAdd: typeof planAdd;
  removeNodeRun: typeof removeNodeRun;
}
const REAL: NodeChangeEngine = { runAddChecks, planAdd, removeNodeRun };

export interface NodeChangeHost {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  journal: RunJournal;
  plans: RecentRecords<Plan>;
  /** Add plans by id: what apply.start does after applying one (takeAddedIntoRotation). */
  addFollowUps: Map<string, AddFollowUp>;
  resolver(i: { secrets: Record<string, string>; allowLocalSecrets: LocalSecretRef[] }): SecretResolver;
  settings(acceptedHostKeys: Record<string, string>): EngineSettings;
  version(): string;
  newPlanId(): string;
  /** The cluster lock a removal holds, in the app's name (apply.start holds it for an add plan). */
  lock(): AcquireOptions;
  engine?: Partial<NodeChangeEngine>;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function nodeChangeCalls(host: NodeChangeHost): Pick<Handlers, 'node.checkAdd' | 'node.planAdd' | 'node.remove'> {
  const engine = { ...REAL, ...host.engine };
  return {
    'node.checkAdd': async (i) => {
      const s = host.resolver(i);
      const { runId } = i;
      host.journal.begin({ kind: 'checks', runId });
      void engine.runAddChecks({
        profile: i.profile, node: i.node, secrets: s, settings: host.settings(i.acceptedHostKeys),
        onEvent: (event) => {
          host.emit('checks.event', { runId, event });
          host.journal.checkEvent(runId, event);
        },
      }).then((output) => {
        const done = { ok: true as const, output: { ...output, startedAt: output.startedAt.toISOString(), finishedAt: output.finishedAt.toISOString() } };
        host.journal.checksDone(runId, done);
        host.emit('checks.done', { runId, ...done });
      }).catch((e: unknown) => {
        const done = { ok: false as const, error: s.redactor.redact(messageOf(e)) };
        host.journal.checksDone(runId, done);
        host.emit('checks.done', { runId, ...done });
      });
      return { started: true };
    },
    'node.planAdd': async (i) => {
      const s = host.resolver(i);
      try {
        const r = await engine.planAdd({ profile: i.profile, node: i.node, leaveDataBehind: i.leaveDataBehind, secrets: s, settings: host.settings(i.acceptedHostKeys), tool: { name: 'ha-wizard', version: host.version() } });
        if (!r.plan) return { planId: null, plan: null, refused: r.refused, licenceNote: r.licenceNote };
        const planId = host.newPlanId();
        host.plans.set(planId, r.plan);
        host.addFollowUps.set(planId, { nodeId: r.nodeId, grown: r.grown });
        // Kept as long as its plan is (the newest KEPT_RUNS, or until dismissed), never longer.
        for (const id of host.addFollowUps.keys()) if (!host.plans.get(id)) host.addFollowUps.delete(id);
        return { planId, plan: r.plan, refused: null, licenceNote: r.licenceNote };
      } catch (e) {
        if (e instanceof NodeChangeRefused) throw new RefusedError(e.message);
        throw new Error(s.redactor.redact(messageOf(e)), { cause: e });
      }
    },
    'node.remove': async (i) => startRemove(host, engine, i),
  };
}

function startRemove(host: NodeChangeHost, engine: NodeChangeEngine, i: CallParsedInput<'node.remove'>): { started: true } {
  const { runId } = i;
  const s = host.resolver(i);
  // A removal is journalled as an apply (its events are apply's); it has no kept plan behind it.
  host.journal.begin({ kind: 'apply', runId, planId: `plan-remove-${runId}`.slice(0, 69) });
  const onEvent = (event: ApplyEvent) => {
    host.emit('apply.event', { runId, event });
    host.journal.applyEvent(runId, event);
  };
  void engine.removeNodeRun({ profile: i.profile, node: i.node, drainTimeoutMs: i.drainTimeoutSeconds * 1000, secrets: s, settings: host.settings(i.acceptedHostKeys), onEvent, lock: host.lock() })
    .then((report) => {
      const kept = ApplyReportSchema.parse(redactDeep(report, (t) => s.redactor.redact(t)));
      host.journal.applyDone(runId, { ok: true, report: kept });
      host.emit('apply.done', { runId, ok: true, report: kept });
    })
    .catch((e: unknown) => {
      const done = { ok: false as const, error: s.redactor.redact(messageOf(e)) };
      host.journal.applyDone(runId, done);
      host.emit('apply.done', { runId, ...done });
    });
  return { started: true };
}

/** For apply.start: an applied add plan's server is taken into the balancer's rotation; any other plan passes through. */
export function afterApplied(followUp: AddFollowUp | undefined, report: ApplyReport, o: { secrets: SecretResolver; settings: EngineSettings; onEvent: (e: ApplyEvent) => void }): Promise<ApplyReport> {
  if (!followUp) return Promise.resolve(report);
  return takeAddedIntoRotation(report, followUp, () => openBalancerControl({ profile: followUp.grown, secrets: o.secrets, settings: o.settings }), o.onEvent);
}
