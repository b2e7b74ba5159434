/**
 * Apply refuses a plan the cluster no longer matches, before it writes anything, naming each node
 * whose file changed since the plan: a property over random edits of random nodes (seeded).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Plan } from '../../shared/plan-schema';
import { seededRandom } from '../../shared/testing/seeded-random';
import { FakeCluster } from './testing/fake-nodes';
import { applyOn, planOn, threeNodes } from './testing/fake-run';
import { formatApplyReport } from '../../cli/plan-command';

/** Edits an admin (or another tool) might make; each one changes the bytes. */
const EDITS: ((b: Buffer, r: () => number) => Buffer | null)[] = [
  (b, r) => { const c = Buffer.from(b); const i = Math.floor(r() * c.length); c[i] = c[i]! ^ (1 + Math.floor(r() * 255)); return c; },
  (b, r) => Buffer.concat([b, Buffer.from(`EXTRA_${Math.floor(r() * 1e6)}=1\n`)]),
  (b, r) => b.subarray(0, Math.floor(r() * b.length)),
  (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
  (b) => Buffer.from(b.toString().replace(/\n/g, '\r\n')),
  () => null,
];

let cluster: FakeCluster;
let plan: Plan;
let originals: Map<string, Buffer>;
beforeAll(async () => {
  cluster = await FakeCluster.start(threeNodes());
  plan = await planOn(cluster);
  originals = new Map(cluster.nodes.map((n) => [n.id, n.config()!]));
});
afterAll(() => cluster.stop());

it('a file changed since the plan, on any nodes, in any way: refused before anything is written, naming exactly those nodes', async () => {
  const random = seededRandom(12);
  for (let run = 0; run < 300; run++) {
    const edited = cluster.nodes.filter(() => random() < 0.4);
    if (!edited.length) edited.push(cluster.nodes[Math.floor(random() * 3)]!);
    for (const n of edited) {
      const next = EDITS[Math.floor(random() * EDITS.length)]!(originals.get(n.id)!, random);
      if (next) n.files.set(n.configPath, { bytes: next, mode: 0o100640 });
      else n.files.delete(n.configPath);
    }
    const now = new Map(cluster.nodes.map((n) => [n.id, n.config()]));
    const mark = cluster.journal.length;
    const { report, events } = await applyOn(cluster, plan);
    const named = cluster.nodes.filter((n) => report.reason?.includes(`${n.id}: ${n.configPath}`)).map((n) => n.id);
    const label = `run ${run}: ${edited.map((n) => n.id).join(',')}`;
    expect(report.status, label).toBe('refused');
    expect(report.reason, label).toMatch(/^node\d: .* changed since the plan was made; make a new plan$/);
    // The reason is only the reason: the CLI's head says once that nothing was changed.
    expect(formatApplyReport(report).match(/nothing was changed/gi), label).toHaveLength(1);
    expect(named, label).toEqual(edited.map((n) => n.id));
    expect(events, label).toEqual([]);
    expect(cluster.changes(mark), label).toEqual([]);
    for (const n of cluster.nodes) expect(n.config(), label).toEqual(now.get(n.id));
    for (const n of cluster.nodes) n.files.set(n.configPath, { bytes: originals.get(n.id)!, mode: 0o100640 });
  }
  // The same plan on the files it was made from is not refused.
  const { report } = await applyOn(cluster, plan);
  expect(report.status, JSON.stringify(report)).toBe('applied');
});
