/**
 * What the upgrade lab files share: `ha-wizard upgrade` run through the CLI's own code with its output
 * caught, each node's release as its /health names it, and the outage line the CLI prints.
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import { upgradeCommand } from '../../electron/cli/upgrade-command';
import type { LabDescription } from './lab-description';
import { injectFault } from './faults';
import { waitFor } from './run';
import { getJson } from './test-helpers';

/** Caught output; with `since`, each line starts with the seconds since then (where a run spends its time). */
export function sink(since?: number): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stamp = () => (since === undefined ? '' : `+${((Date.now() - since) / 1000).toFixed(1)}s `);
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk).replace(/^(?=.)/gm, stamp); done(); } }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

/** `err` is the step log, each line stamped with the seconds since the run began. */
export interface CliUpgrade { code: number; out: string; err: string; ms: number }

/** A coordinated `ha-wizard upgrade --yes`; known hosts kept in `dir` (the lab's keys are pinned in the profile). */
export async function upgradeThroughCli(o: { profileFile: string; dir: string; to: string; backupDir: string; healthTimeoutS?: number }): Promise<CliUpgrade> {
  const started = Date.now();
  const [out, err] = [sink(), sink(started)];
  const code = await upgradeCommand(
    { profile: o.profileFile, to: o.to, mode: 'coordinated', backupDir: o.backupDir, yes: true, healthTimeout: o.healthTimeoutS ?? 20, connectTimeout: 3000, knownHosts: path.join(o.dir, 'known_hosts.json') },
    { out: out.stream, err: err.stream },
  );
  return { code, out: out.text(), err: err.text(), ms: Date.now() - started };
}

/** "<node> <status> <release>" per node (2026 answers /health in plain text; its JSON is at /health/json). */
export function nodeReleases(lab: LabDescription): Promise<string[]> {
  return Promise.all(lab.nodes.map(async (n) => {
    const r = await getJson(`${n.url}/health`).catch(() => null);
    if (!r) return `${n.name} down ?`;
    const b = typeof r.body === 'object' ? r.body : (await getJson(`${n.url}/health/json`).catch(() => null))?.body;
    return `${n.name} ${r.status} ${b && typeof b === 'object' ? String(b.releaseNumber) : '?'}`;
  }));
}

/** What nodeReleases says when every node is healthy at `version`. */
export const allHealthyOn = (lab: LabDescription, version: string): string[] => lab.nodes.map((n) => `${n.name} 200 ${version}`);

/** The outage the CLI printed ("outage: 4.2 s (4213 ms, …)"), in words for the test's log line. */
export function outageSaid(out: string): string {
  const m = /outage: [^\n]*?\((\d+) ms/.exec(out);
  return m ? `outage ${m[1]} ms` : 'outage not printed';
}

/**
 * Every node healthy on `version` (a test's starting point): a node that is not, or every node when `restart`
 * (its config was just rewritten), is restarted there through the lab's version fault, in parallel.
 */
export async function everyNodeOn(lab: LabDescription, version: string, o: { restart?: boolean } = {}): Promise<void> {
  const now = await nodeReleases(lab);
  const want = allHealthyOn(lab, version);
  const clear = version === lab.version;
  await Promise.all(lab.nodes.filter((n, i) => o.restart || now[i] !== want[i]).map((n) => injectFault('version', n.name, clear ? { clear } : { value: version })));
  await waitFor(`every node healthy on ${version}`, async () => (JSON.stringify(await nodeReleases(lab)) === JSON.stringify(want) ? true : undefined), 30_000, 250);
}
