/**
 * What the upgrade lab files share: `ha-wizard upgrade` run through the CLI's own code with its output
 * caught, each node's release as its /health names it, and the outage line the CLI prints.
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import { upgradeCommand } from '../../electron/cli/upgrade-command';
import type { LabDescription } from './lab-description';
import { getJson } from './test-helpers';

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

export interface CliUpgrade { code: number; out: string; err: string; ms: number }

/** A coordinated `ha-wizard upgrade --yes`; known hosts kept in `dir` (the lab's keys are pinned in the profile). */
export async function upgradeThroughCli(o: { profileFile: string; dir: string; to: string; backupDir: string; healthTimeoutS?: number }): Promise<CliUpgrade> {
  const [out, err] = [sink(), sink()];
  const started = Date.now();
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
