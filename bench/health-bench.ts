/**
 * The health monitor's benchmark: a 20-node lab polled every 2 s for 5 minutes (HA_BENCH_HEALTH_SECONDS
 * shortens it for a quick local run) by the monitor in its own process. Reports CPU time per round,
 * round durations, and memory from after the first round to the end. Target: RSS grows no more than 10%.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { labDown, labUp } from '../e2e/lab/lab';
import { LAB_PROFILE } from '../e2e/lab/lab-config';
import { bundle, runChild, table } from './bench-support';

interface Sample { cpuMs: number; userMs: number; rssMB: number; heapMB: number }
interface ChildResult {
  rounds: number; firstRoundMs: number; medianRoundMs: number; p95RoundMs: number; maxRoundMs: number; cpuMsPerRound: number | null; userMsPerRound: number | null; rssTimeline: number[];
  start: Sample | null; end: Sample | null; maxRssMB: number; connections: Record<string, number>; summaries: Record<string, number>; problems: string[];
}
const NODES = 20;
const INTERVAL_MS = 2000;
const RSS_GROWTH_TARGET = 10;

export async function healthBench(): Promise<string[]> {
  const seconds = Number(process.env.HA_BENCH_HEALTH_SECONDS ?? 300);
  if (!Number.isFinite(seconds) || seconds < 5) throw new Error('HA_BENCH_HEALTH_SECONDS wants at least 5 seconds');
  // Bundled as the CLI and the packaged app are, ssh2 included: it cannot load its native cipher there and
  // runs the JavaScript one, so the soak pays what users pay (it used to load ssh2 from node_modules, native).
  const child = await bundle(path.join(__dirname, 'health-child.ts'));
  const knownHosts = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json');
  await labUp({ nodes: NODES, initial: 'clustered' });
  let r: ChildResult;
  try {
    r = await runChild<ChildResult>(child, [LAB_PROFILE, String(INTERVAL_MS), String(seconds), knownHosts], (seconds + 120) * 1000);
  } finally {
    await labDown();
  }
  if (!r.start || !r.end) throw new Error(`the monitor completed only ${r.rounds} round(s)`);
  const growth = ((r.end.rssMB - r.start.rssMB) / r.start.rssMB) * 100;
  const connections = [...new Set(Object.values(r.connections))].join(',');
  return [
    `health: ${NODES}-node lab polled every ${INTERVAL_MS / 1000} s for ${seconds} s by the monitor in its own process`,
    table([{
      rounds: r.rounds, 'CPU ms/round': r.cpuMsPerRound!.toFixed(1), '(user)': r.userMsPerRound!.toFixed(1), 'round ms median': r.medianRoundMs, 'round ms p95': r.p95RoundMs, 'round ms max': r.maxRoundMs,
      'first round ms': r.firstRoundMs, 'SSH connections/node': connections,
    }]),
    // RSS is read after a full GC. The RSS read just before that GC is no longer shown: the issue found it
    // equal to the one after (the GC hands no pages back at that point), a column that measured nothing.
    table([
      { '': 'after round 1', 'RSS MB (after GC)': r.start.rssMB.toFixed(1), 'heap used MB (after GC)': r.start.heapMB.toFixed(1) },
      { '': 'at the end', 'RSS MB (after GC)': r.end.rssMB.toFixed(1), 'heap used MB (after GC)': r.end.heapMB.toFixed(1) },
    ]),
    `RSS growth: ${growth.toFixed(1)}% (target <= ${RSS_GROWTH_TARGET}%) ${growth <= RSS_GROWTH_TARGET ? 'OK' : 'MISSED'}; peak RSS ${r.maxRssMB.toFixed(0)} MB; RSS MB at each fifth of the run: ${r.rssTimeline.join(' → ')}`,
    // System time includes the kernel carrying each packet across the lab's veth bridge, charged to the sender.
    'CPU is user + system time; on the lab, system time includes delivering every packet through the bridge to the node namespaces.',
    `snapshots: ${Object.entries(r.summaries).map(([k, n]) => `${n} ${k}`).join(', ')}${r.problems.length ? `; most frequent problems: ${r.problems.join(' | ')}` : ''}`,
  ];
}
