/**
 * The upgrade plan (issue 14, item 2): every step on every server in the order the runner takes them, each
 * with what it runs and how it is undone, the backups and where they go, the expected outage (coordinated)
 * or mixed-version window (rolling), and the warnings to read first. Built from the profile, the preflight's
 * `from` and the rule table's path; it asks no server anything and holds no secret (no connection string,
 * no sign-in, only hosts, paths and versions).
 */
import { PRODUCTS } from '../../shared/products';
import { LOAD_BALANCER_NAMES, nodeId, type ClusterProfile, type NodeProfile } from '../../shared/profile';
import { UPGRADE_SCHEMA_ID, type UpgradeBackup, type UpgradeMode, type UpgradePath, type UpgradePlan, type UpgradeStep, type UpgradeStepKind } from '../../shared/upgrade-schema';
import { listNames } from '../checks/check';
import type { Redactor } from '../secrets';
import type { DatabaseUpgradeOps, NodeUpgrader } from './upgrade-ports';
import { words, type StepWords, type TextContext } from './upgrade-step-text';

export interface UpgradePlanInput {
  profile: ClusterProfile;
  from: string;
  to: string;
  mode: UpgradeMode;
  path: Extract<UpgradePath, { allowed: true }>;
  backupDir: string;
  upgraders: NodeUpgrader[];
  database: DatabaseUpgradeOps;
  balancerDriven: boolean;
  /** The run's secrets: the ports' descriptions are masked with it before they enter the plan. */
  redactor?: Redactor;
}

const said = (i: UpgradePlanInput, text: string) => (i.redactor ? i.redactor.redact(text) : text);

function step(kind: UpgradeStepKind, node: string | null, w: StepWords): UpgradeStep {
  return { id: node === null ? kind : `${kind}:${node}`, kind, nodeId: node, text: w.text, undo: w.undo };
}

function backupSteps(c: TextContext, i: UpgradePlanInput, nodes: [NodeProfile, string][]): UpgradeStep[] {
  return [
    step('backup-database', null, words.backupDatabase(c, said(i, i.database.describe(i.backupDir)))),
    ...nodes.flatMap(([n, id]) => [step('backup-config', id, words.backupConfig(c, n, id)), step('backup-extensions', id, words.backupExtensions(c, id))]),
    step('verify-backups', null, words.verifyBackups()),
  ];
}

function coordinatedSteps(c: TextContext, i: UpgradePlanInput, nodes: [NodeProfile, string][]): UpgradeStep[] {
  const [[firstNode, first], ...rest] = nodes as [[NodeProfile, string], ...[NodeProfile, string][]];
  return [
    ...backupSteps(c, i, nodes),
    step('balancer-maintenance', null, words.balancerMaintenance(c)),
    ...nodes.map(([n, id]) => step('stop', id, words.stop(c, n, id))),
    step('install', first, words.install(c, firstNode, first)),
    ...(i.path.schemaChanges ? [step('upgrade-schema', first, words.upgradeSchema(c, firstNode, first, i.path.restoreDatabaseOnRollback))] : []),
    step('start', first, words.start(c, firstNode, first)),
    step('wait-healthy', first, words.waitHealthy(c, firstNode, first)),
    ...rest.flatMap(([n, id]) => [
      step('install', id, words.install(c, n, id)),
      step('start', id, words.start(c, n, id)),
      step('wait-healthy', id, words.waitHealthy(c, n, id)),
    ]),
    step('check-sync', null, words.checkSync(c)),
    step('balancer-reopen', null, words.balancerReopen(c)),
  ];
}

function rollingSteps(c: TextContext, i: UpgradePlanInput, nodes: [NodeProfile, string][]): UpgradeStep[] {
  return [
    ...backupSteps(c, i, nodes),
    ...nodes.flatMap(([n, id]) => [
      step('drain', id, words.drain(c, id)),
      step('stop', id, words.stop(c, n, id)),
      step('install', id, words.install(c, n, id)),
      step('start', id, words.start(c, n, id)),
      step('wait-healthy', id, words.waitHealthy(c, n, id)),
      step('resume', id, words.resume(c, id)),
    ]),
    step('check-sync', null, words.checkSync(c)),
  ];
}

function expected(i: UpgradePlanInput, ids: string[]): string {
  const name = PRODUCTS[i.profile.product].name;
  const [first, ...rest] = ids;
  if (i.mode === 'rolling') {
    if (ids.length === 1) return `${first} is the only server: users have no ${name} while it is out of rotation and upgraded.`;
    return `No outage: one server at a time is out of rotation while the other ${ids.length - 1} serve. ${i.from} and ${i.to} serve side by side from the moment ${first} is back in rotation on ${i.to} until ${ids[ids.length - 1]} is, for about ${ids.length - 1} server upgrade${ids.length === 2 ? '' : 's'}.`;
  }
  const then = rest.length ? `, then ${listNames(rest)} upgraded and healthy one at a time` : '';
  const schema = i.path.schemaChanges ? ' with the database schema' : '';
  return `Users have no ${name} from the moment the first server stops until the balancer reopens: all ${ids.length} server${ids.length === 1 ? '' : 's'} stopped, ${first} upgraded to ${i.to}${schema}, started and healthy${then}. Each server's health wait is bounded by the health timeout; the report gives the outage measured.`;
}

function warnings(i: UpgradePlanInput): string[] {
  const name = PRODUCTS[i.profile.product].name;
  const out: string[] = [];
  if (i.path.restoreDatabaseOnRollback) {
    out.push(`Going back to ${i.from} after the upgrade needs the database restored from the backup taken at the start: anything changed after the upgrade (packages pushed, settings changed) would be lost.`);
  }
  if (i.mode === 'coordinated' && !i.balancerDriven) {
    out.push(`The wizard cannot drive the ${LOAD_BALANCER_NAMES[i.profile.loadBalancer.type]} balancer: put it in maintenance yourself before the first server stops, and reopen it at the end.`);
  }
  out.push(`Check that your ${name} licence key is valid for ${i.to} before upgrading: a key may not cover releases published after its maintenance period ended.`);
  out.push(`The backups stay in ${i.backupDir} on each server and where the database backup was written; delete them yourself once you no longer need them.`);
  return out;
}

export function buildUpgradePlan(i: UpgradePlanInput): UpgradePlan {
  const nodes = i.profile.nodes.map((n): [NodeProfile, string] => [n, nodeId(n)]);
  const c: TextContext = { profile: i.profile, from: i.from, to: i.to, backupDir: i.backupDir, balancerDriven: i.balancerDriven };
  const describe = (id: string) => said(i, i.upgraders.find((u) => u.nodeId === id)?.describe() ?? 'not known');
  const backups: UpgradeBackup[] = [
    { what: 'database', nodeId: null, path: i.backupDir },
    ...nodes.flatMap(([, id]): UpgradeBackup[] => [{ what: 'config', nodeId: id, path: i.backupDir }, { what: 'extensions', nodeId: id, path: i.backupDir }]),
  ];
  return {
    $schema: UPGRADE_SCHEMA_ID,
    product: i.profile.product,
    from: i.from,
    to: i.to,
    mode: i.mode,
    path: i.path,
    nodes: nodes.map(([n, id]) => ({ id, host: n.host, os: n.os, installer: describe(id) })),
    steps: i.mode === 'rolling' ? rollingSteps(c, i, nodes) : coordinatedSteps(c, i, nodes),
    backups,
    expected: expected(i, nodes.map(([, id]) => id)),
    warnings: warnings(i),
  };
}
