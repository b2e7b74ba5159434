/** The plan's steps grouped by server, each keeping its number in the run order (the cluster-wide steps first). */
import type { UpgradePlan, UpgradeStep } from '../../../../electron/shared/upgrade-schema';

export interface StepGroup { nodeId: string | null; title: string; steps: { n: number; step: UpgradeStep }[] }

export function groupSteps(plan: UpgradePlan): StepGroup[] {
  const groups = new Map<string | null, StepGroup>();
  const title = (id: string | null) => {
    if (id === null) return 'The database, the load balancer and the cluster';
    const node = plan.nodes.find((n) => n.id === id);
    return node && node.host !== id ? `${id} (${node.host})` : id;
  };
  groups.set(null, { nodeId: null, title: title(null), steps: [] });
  // Servers in the plan's order, then any step's server the plan did not list (never dropped).
  for (const n of plan.nodes) groups.set(n.id, { nodeId: n.id, title: title(n.id), steps: [] });
  plan.steps.forEach((step, i) => {
    const g = groups.get(step.nodeId) ?? { nodeId: step.nodeId, title: title(step.nodeId), steps: [] };
    g.steps.push({ n: i + 1, step });
    groups.set(step.nodeId, g);
  });
  return [...groups.values()].filter((g) => g.steps.length > 0);
}
