/** `ha-wizard node add` and `ha-wizard node remove`: grow or shrink a running cluster, then say so in the profile file. */
import fs from 'node:fs/promises';
import { applyPlan } from '../core/apply/apply';
import type { ApplyEvent, ApplyReport } from '../core/apply/apply-steps';
import { PlanError } from '../core/apply/plan';
import { FileJournal, defaultJournalDir } from '../core/apply/journal';
import { currentOwner } from '../core/apply/cluster-lock';
import { openBalancerControl } from '../core/balancer/open-balancer-control';
import { planAdd } from '../core/cluster-change/plan-add';
import { takeAddedIntoRotation } from '../core/cluster-change/apply-add';
import { removeNodeRun } from '../core/cluster-change/remove-node-run';
import { NodeChangeRefused } from '../core/cluster-change/grown-profile';
import { NodeSchema, nodeId, type ClusterProfile, type NodeProfile } from '../shared/profile';
import { PRODUCTS } from '../shared/products';
import { errorMessage } from '../shared/error-text';
import { cliEngineSettings, cliSecrets, type ConnectionOptions } from './engine-settings';
import { UsageError, loadProfile } from './profile-file';
import { formatApplyReport, formatPlan } from './plan-command';
import { updateProfileFile } from './profile-update';
import { keepReport } from './kept-reports';
import { styler } from './terminal-output';
import { TOOL } from './tool';

type Io = { out: NodeJS.WriteStream; err: NodeJS.WriteStream };
const STD: Io = { out: process.stdout, err: process.stderr };

export interface NodeAddOptions extends ConnectionOptions {
  profile: string;
  host?: string;
  id?: string;
  user?: string;
  nodeJson?: string;
  leaveDataBehind?: boolean;
  planOnly?: boolean;
  json?: boolean;
  healthTimeout: number;
  breakLock?: boolean;
}

/**
 * The new server: from --node-json, or --host with everything else like the cluster's first server
 * (same login, OS, config path and service), which is how a server cloned from the others is added.
 */
export async function newNodeFrom(o: NodeAddOptions, profile: ClusterProfile): Promise<NodeProfile> {
  if (o.nodeJson && o.host) throw new UsageError('give --host or --node-json, not both');
  let raw: unknown;
  if (o.nodeJson) {
    try {
      raw = JSON.parse(await fs.readFile(o.nodeJson, 'utf8'));
    } catch (e) {
      throw new UsageError(`cannot read the server ${o.nodeJson}: ${errorMessage(e)}`);
    }
  } else if (o.host) {
    const { id: _id, hostKeyFingerprint: _pin, ...like } = profile.nodes[0]!;
    raw = { ...like, host: o.host, ...(o.id ? { id: o.id } : {}), ...(o.user ? { user: o.user } : {}) };
  } else {
    throw new UsageError('say which server to add: --host ADDRESS (set up like the cluster\'s first server) or --node-json FILE');
  }
  const r = NodeSchema.safeParse(raw);
  if (!r.success) throw new UsageError(`the server to add is not valid: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

const progress = (io: Io, json?: boolean) => (e: ApplyEvent) => {
  if (json) return;
  if (e.type === 'apply-step') io.err.write(`${e.nodeId ?? 'cluster'}: ${e.step} ${e.status}${e.status === 'failed' || e.step === 'rollback' || e.step === 'balancer' ? ` — ${e.detail}` : ''}\n`);
  else io.err.write(`${e.message}\n`);
};

export async function nodeAddCommand(o: NodeAddOptions, io: Io = STD): Promise<number> {
  const profile = await loadProfile(o.profile);
  const node = await newNodeFrom(o, profile);
  const settings = cliEngineSettings(o);
  const secrets = cliSecrets();
  let r;
  try {
    r = await planAdd({ profile, node, leaveDataBehind: o.leaveDataBehind === true, settings, secrets, tool: TOOL, healthTimeoutMs: o.healthTimeout * 1000 });
  } catch (e) {
    if (e instanceof PlanError || e instanceof NodeChangeRefused) {
      io.err.write(`ha-wizard: ${nodeId(node)} cannot be added: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const bold = styler(io.out.isTTY === true && !process.env.NO_COLOR).bold;
  if (r.licenceNote) io.err.write(`${bold('Licence:')} ${r.licenceNote}\n`);
  if (!r.plan) {
    io.err.write(`ha-wizard: ${r.nodeId} is not added: ${r.refused}\n${/data of its own/.test(r.refused ?? '') ? 'Add --leave-data-behind if its data may be left behind.\n' : ''}`);
    return 1;
  }
  if (o.json && o.planOnly) io.out.write(`${JSON.stringify({ plan: r.plan, licenceNote: r.licenceNote }, null, 2)}\n`);
  else if (!o.json) io.out.write(`${formatPlan(r.plan, io.out.isTTY === true && !process.env.NO_COLOR)}\n`);
  if (o.planOnly) return 0;

  const applied = await applyPlan({ plan: r.plan, settings, secrets, healthTimeoutMs: o.healthTimeout * 1000, onEvent: progress(io, o.json), journal: FileJournal.for(defaultJournalDir(), r.plan.profile),
    lock: { owner: currentOwner(`${TOOL.name} ${TOOL.version}`), breakLock: o.breakLock === true } });
  const report = await takeAddedIntoRotation(applied, { nodeId: r.nodeId, grown: r.grown }, () => openBalancerControl({ profile: r.grown, secrets, settings }), progress(io, o.json));
  return finish(o, io, report, { add: node });
}

export interface NodeRemoveOptions extends ConnectionOptions {
  profile: string;
  node: string;
  drainTimeout: number;
  json?: boolean;
  breakLock?: boolean;
}

export async function nodeRemoveCommand(o: NodeRemoveOptions, io: Io = STD): Promise<number> {
  const profile = await loadProfile(o.profile);
  const report = await removeNodeRun({ profile, node: o.node, drainTimeoutMs: o.drainTimeout * 1000, settings: cliEngineSettings(o), secrets: cliSecrets(), onEvent: progress(io, o.json),
    lock: { owner: currentOwner(`${TOOL.name} ${TOOL.version}`), breakLock: o.breakLock === true } });
  return finish(o, io, report, { remove: o.node });
}

/** The report kept and shown; on success the profile file says the cluster as it now runs. */
async function finish(o: { profile: string; json?: boolean }, io: Io, report: ApplyReport, change: { add: NodeProfile } | { remove: string }): Promise<number> {
  const product = PRODUCTS[(await loadProfile(o.profile)).product].name;
  const kept = await keepReport((folder) => folder.writeApply(report, { product, toolVersion: TOOL.version }), io.err);
  const ok = report.status === 'applied' || report.status === 'nothing-to-do';
  let profileNote = '';
  if (ok) {
    const backup = await updateProfileFile(o.profile, change);
    profileNote = `The profile ${o.profile} now lists the cluster's servers as they run (the old one is kept as ${backup}).`;
  }
  if (o.json) io.out.write(`${JSON.stringify({ ...report, profileUpdated: ok }, null, 2)}\n`);
  else io.out.write(`${formatApplyReport(report)}\n${profileNote ? `${profileNote}\n` : ''}${kept ? `${kept}\n` : ''}`);
  return ok ? 0 : 1;
}
