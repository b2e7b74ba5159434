/**
 * Issue 3's benchmark: a full check run against lab clusters of 1, 3, 5 and 10 nodes in one run, then
 * a 3-node run with one node's link down. Targets: t(10)/t(1) <= 2.0, one SSH handshake per node,
 * peak RSS < 150 MB, a dead link costing < 1 s beyond the connect timeout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { injectFault } from '../e2e/lab/faults';
import { labDown, labUp } from '../e2e/lab/lab';
import { LAB_PROFILE } from '../e2e/lab/lab-config';
import { bundle, median, runChild, table } from './bench-support';

/** Wall: the child process from spawn to exit (node start, bundle load, run, exit); engine: inside it. */
async function timedChild(file: string, args: string[]): Promise<ChildResult & { wallMs: number }> {
  const started = performance.now();
  const r = await runChild<ChildResult>(file, args);
  return { ...r, wallMs: performance.now() - started };
}

interface ChildResult { engineMs: number; handshakes: Record<string, number>; maxRssMB: number; summary: Record<string, number>; slowest: string[] }
const RUNS = 3;
// Shorter than ARP's ~3 s "host unreachable", so a dead link really costs the timeout.
const CONNECT_TIMEOUT_MS = 2000;

export async function checksBench(): Promise<string[]> {
  const child = await bundle(path.join(__dirname, 'check-child.ts'));
  const knownHosts = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json');
  const rows: Record<string, string | number>[] = [];
  const wall = new Map<number, number>();
  let peakRss = 0;
  let handshakesOk = true;
  for (const nodes of [1, 3, 5, 10]) {
    await labUp({ nodes, initial: 'clustered' });
    const runs: (ChildResult & { wallMs: number })[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await timedChild(child, [LAB_PROFILE, String(CONNECT_TIMEOUT_MS), knownHosts()]));
    const t = median(runs.map((r) => r.engineMs));
    wall.set(nodes, t);
    const rss = Math.max(...runs.map((r) => r.maxRssMB));
    peakRss = Math.max(peakRss, rss);
    const hs = runs.flatMap((r) => Object.values(r.handshakes));
    handshakesOk &&= hs.every((h) => h === 1);
    rows.push({ nodes, 'engine ms (median of 3)': Math.round(t), 'wall ms (median of 3)': Math.round(median(runs.map((r) => r.wallMs))), 'handshakes/node': [...new Set(hs)].join(','), 'peak RSS MB': rss.toFixed(0), fails: runs[0]!.summary.fail ?? 0, slowest: runs[0]!.slowest[0] ?? '' });
  }
  await labUp({ nodes: 3, initial: 'clustered' });
  await injectFault('link-down', 'node2');
  const down = await timedChild(child, [LAB_PROFILE, String(CONNECT_TIMEOUT_MS), knownHosts()]);
  await labDown();
  const ratio = wall.get(10)! / wall.get(1)!;
  const beyond = down.engineMs - CONNECT_TIMEOUT_MS;
  return [
    'checks: full check run per cluster size',
    table(rows),
    `t(10)/t(1) = ${ratio.toFixed(2)} (engine time; target <= 2.0) ${ratio <= 2 ? 'OK' : 'MISSED'}`,
    `SSH handshakes per node per run: ${handshakesOk ? 'exactly 1 everywhere' : 'NOT always 1'} (target 1)`,
    `peak RSS: ${peakRss.toFixed(0)} MB (target < 150) ${peakRss < 150 ? 'OK' : 'MISSED'}`,
    `one node's link down: engine ${Math.round(down.engineMs)} ms (wall ${Math.round(down.wallMs)} ms), ${Math.round(beyond)} ms beyond the ${CONNECT_TIMEOUT_MS} ms connect timeout (target < 1000) ${beyond < 1000 ? 'OK' : 'MISSED'}; slowest: ${down.slowest.join('; ')}`,
  ];
}
