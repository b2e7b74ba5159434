/** Runs the real check engine against the lab, with a profile the test may change. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckResult } from '../../electron/shared/check-types';
import { runClusterChecks, type CheckRunOutput } from '../../electron/core/engine/check-run';
import { parseProfile, type ClusterProfileInput } from '../../electron/shared/profile';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import type { LabDescription } from './lab-description';
import { labProfile } from './lab-profile';
import { readLabState } from './lab';
import { updateTdsModel } from './tds-service';
import type { TdsModel } from './tds/model';

export interface LabCheckRun extends CheckRunOutput {
  get(id: string, target?: string): CheckResult;
  statuses(id: string): Record<string, string>;
}

export async function runLabChecks(lab: LabDescription, o: {
  change?: (p: ClusterProfileInput) => ClusterProfileInput;
  only?: string[];
  knownHostsPath?: string;
  acceptedHostKeys?: Record<string, string>;
  connectTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  database?: 'postgres' | 'sqlserver';
} = {}): Promise<LabCheckRun> {
  const input = (o.change ?? ((p) => p))(labProfile(lab, o.database));
  const parsed = parseProfile(input);
  if (!parsed.ok) throw new Error(`test profile invalid: ${JSON.stringify(parsed.problems)}`);
  const out = await runClusterChecks({
    profile: parsed.profile,
    secrets: new SecretResolver(envFileSecretSource({ env: o.env ?? {} })),
    settings: {
      connectTimeoutMs: o.connectTimeoutMs ?? 3000, checkTimeoutMs: 20_000,
      knownHostsPath: o.knownHostsPath ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json'),
      ...(o.acceptedHostKeys ? { acceptedHostKeys: o.acceptedHostKeys } : {}),
    },
    ...(o.only ? { only: o.only } : {}),
  });
  return {
    ...out,
    get(id, target = 'cluster') {
      const r = out.results.find((x) => x.id === id && x.target === target);
      if (!r) throw new Error(`no result ${id}@${target}`);
      return r;
    },
    statuses(id) {
      return Object.fromEntries(out.results.filter((x) => x.id === id).map((x) => [x.target, x.status]));
    },
  };
}

/** Changes the running TDS server's model; returns a function that restores it. */
export async function withTdsModel(change: (m: TdsModel) => TdsModel): Promise<() => Promise<void>> {
  const state = readLabState();
  if (!state) throw new Error('the lab is not up');
  let before: TdsModel | undefined;
  await updateTdsModel(state.pids.tds, (m) => {
    before = m;
    return change(structuredClone(m));
  });
  return () => updateTdsModel(state.pids.tds, () => before!);
}

/** Rewrites a node's config file as root (the lab's side door), returning a restore function. */
export function editNodeConfig(lab: LabDescription, nodeName: string, change: (text: string) => string): () => void {
  const state = readLabState();
  const node = state?.nodes.find((n) => n.name === nodeName);
  if (!state || !node) throw new Error(`no lab node ${nodeName}`);
  const file = path.join(node.dir, 'config', state.configFileName);
  const before = fs.readFileSync(file);
  fs.writeFileSync(file, change(before.toString()));
  return () => fs.writeFileSync(file, before);
}
