/**
 * One apply of the matrix's plan, as the CLI runs it (journal in a data folder, the cluster lock), with a
 * hook when the cell's step starts on its node. Used in the test's own process, and in a child process
 * that kills itself with SIGKILL in the middle of the step (killed-apply.ts).
 */
import { applyPlan } from '../../../electron/core/apply/apply';
import type { ApplyEvent, ApplyReport } from '../../../electron/core/apply/apply-steps';
import { FileJournal } from '../../../electron/core/apply/journal';
import { currentOwner } from '../../../electron/core/apply/cluster-lock';
import { SecretResolver, envFileSecretSource } from '../../../electron/core/secrets';
import type { EngineSettings } from '../../../electron/core/run/engine-settings';
import type { Plan } from '../../../electron/shared/plan-schema';
import { injectFault } from '../faults';
import type { StepPosition } from './matrix-cells';

export interface MatrixApply {
  plan: Plan;
  journalDir: string;
  knownHostsPath: string;
  healthTimeoutMs: number;
  /** Where the cell's fault starts: the first time this step starts on this node. */
  at: Pick<StepPosition, 'step' | 'nodeId'>;
  /**
   * A rollback cell's first failure: this node (the last) answers /health Error from its health wait until
   * its rollback starts, so the apply fails after every node was written and rolls all of them back.
   */
  failLast: { node: string; version: string } | null;
}

export const matrixSettings = (knownHostsPath: string): EngineSettings => ({ connectTimeoutMs: 3000, checkTimeoutMs: 20_000, knownHostsPath });
export const matrixSecrets = () => new SecretResolver(envFileSecretSource({ env: {} }));

export async function matrixApply(a: MatrixApply, atStep: () => Promise<void>, onEvent?: (e: ApplyEvent) => void): Promise<ApplyReport> {
  let fired = false;
  return applyPlan({
    plan: a.plan, settings: matrixSettings(a.knownHostsPath), secrets: matrixSecrets(), healthTimeoutMs: a.healthTimeoutMs,
    journal: FileJournal.for(a.journalDir, a.plan.profile),
    lock: { owner: currentOwner('ha-wizard fault-matrix') },
    onEvent: async (e) => {
      onEvent?.(e);
      if (e.type !== 'apply-step' || e.status !== 'started') return;
      if (a.failLast && e.nodeId === a.failLast.node && e.step === 'wait-healthy') await injectFault('never-healthy', a.failLast.node, { value: a.failLast.version });
      if (a.failLast && e.nodeId === a.failLast.node && e.step === 'rollback') await injectFault('never-healthy', a.failLast.node, { clear: true });
      if (!fired && e.step === a.at.step && e.nodeId === a.at.nodeId) {
        fired = true;
        await atStep();
      }
    },
  });
}
