/**
 * Issues 3 and 10's benchmark: a full check run against lab clusters of 1, 3, 5 and 10 nodes in one run,
 * beside the network's floor (floor-child.ts) and the admin's own sequential scripts (admin-check.sh,
 * plain and with ControlMaster), then a 3-node run with one node's link down. Targets: t(10)/t(1) <= 1.5,
 * the 10-node check within 2x the floor, at least 2x faster than the ControlMaster script at every size
 * and 10x faster than the plain one at 5, one SSH handshake per node, peak RSS < 150 MB, a dead link
 * costing < 1 s beyond the connect timeout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { injectFault } from '../e2e/lab/faults';
import { labDown, labUp } from '../e2e/lab/lab';
import { LAB_PROFILE } from '../e2e/lab/lab-config';
import { runAdminScript } from './admin-script';
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
  const floorChild = await bundle(path.join(__dirname, 'floor-child.ts'));
  const floor = new Map<number, number>();
  const scripts = new Map<number, { plain: number; master: number }>();
  const checkWall = new Map<number, number>();
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
    const floors: { floorMs: number; sshMs: number; dbMs: number }[] = [];
    for (let i = 0; i < RUNS; i++) floors.push(await runChild(floorChild, [LAB_PROFILE, String(CONNECT_TIMEOUT_MS), knownHosts()]));
    floor.set(nodes, median(floors.map((f) => f.floorMs)));
    const plain: number[] = [];
    const master: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      plain.push(await runAdminScript('plain', LAB_PROFILE));
      master.push(await runAdminScript('master', LAB_PROFILE));
    }
    scripts.set(nodes, { plain: median(plain), master: median(master) });
    checkWall.set(nodes, median(runs.map((r) => r.wallMs)));
    const rss = Math.max(...runs.map((r) => r.maxRssMB));
    peakRss = Math.max(peakRss, rss);
    const hs = runs.flatMap((r) => Object.values(r.handshakes));
    handshakesOk &&= hs.every((h) => h === 1);
    rows.push({ nodes, 'check wall ms': Math.round(checkWall.get(nodes)!), 'engine ms': Math.round(t), 'floor ms': Math.round(floor.get(nodes)!),
      'plain script ms': Math.round(scripts.get(nodes)!.plain), 'ControlMaster script ms': Math.round(scripts.get(nodes)!.master), 'handshakes/node': [...new Set(hs)].join(','), 'peak RSS MB': rss.toFixed(0), fails: runs[0]!.summary.fail ?? 0, slowest: runs[0]!.slowest[0] ?? '' });
  }
  await labUp({ nodes: 3, initial: 'clustered' });
  await injectFault('link-down', 'node2');
  const down = await timedChild(child, [LAB_PROFILE, String(CONNECT_TIMEOUT_MS), knownHosts()]);
  await labDown();
  const ratio = wall.get(10)! / wall.get(1)!;
  const beyond = down.engineMs - CONNECT_TIMEOUT_MS;
  const ofFloor = wall.get(10)! / floor.get(10)!;
  const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
  const vsMaster = [...scripts].map(([n, s]) => ({ n, x: s.master / checkWall.get(n)! }));
  const vsPlain5 = scripts.get(5)!.plain / checkWall.get(5)!;
  return [
    'checks: full check run per cluster size (medians of 3; wall: the bundled engine in its own node process, spawn to exit;',
    '  engine: inside it, runClusterChecks alone; floor: every node\'s ssh2 handshake and one command in parallel with one',
    '  PostgreSQL login and query, same code path; scripts: bench/admin-check.sh run one probe after another, plain and with',
    '  ControlMaster, doing the same work with OpenSSH, curl and psql but judging nothing; see its header for what it cannot match)',
    table(rows),
    `t(10)/t(1) = ${ratio.toFixed(2)} (engine time; target <= 1.5) ${verdict(ratio <= 1.5)}`,
    `10-node check / floor = ${ofFloor.toFixed(2)} (engine ${Math.round(wall.get(10)!)} ms, floor ${Math.round(floor.get(10)!)} ms; target <= 2) ${verdict(ofFloor <= 2)}`,
    `ControlMaster script / check wall: ${vsMaster.map(({ n, x }) => `${n} nodes ${x.toFixed(2)}x`).join(', ')} (target >= 2x at each) ${verdict(vsMaster.every(({ x }) => x >= 2))}`,
    `plain script / check wall at 5 nodes: ${vsPlain5.toFixed(1)}x (target >= 10x) ${verdict(vsPlain5 >= 10)}`,
    `SSH handshakes per node per run: ${handshakesOk ? 'exactly 1 everywhere' : 'NOT always 1'} (target 1)`,
    `peak RSS: ${peakRss.toFixed(0)} MB (target < 150) ${peakRss < 150 ? 'OK' : 'MISSED'}`,
    `one node's link down: engine ${Math.round(down.engineMs)} ms (wall ${Math.round(down.wallMs)} ms), ${Math.round(beyond)} ms beyond the ${CONNECT_TIMEOUT_MS} ms connect timeout (target < 1000) ${beyond < 1000 ? 'OK' : 'MISSED'}; slowest: ${down.slowest.join('; ')}`,
  ];
}
