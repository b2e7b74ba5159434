/**
 * Apply on a fake remote (testing/fake-nodes.ts), no lab: the order of its steps across the cluster,
 * its health gate, the settings call last, and a second apply that has nothing to do.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCluster } from './testing/fake-nodes';
import { BACKUP_SUFFIX, DB_PASSWORD, KEEP_KEY, applyOn, planOn, threeNodes } from './testing/fake-run';

let cluster: FakeCluster;
beforeEach(async () => {
  cluster = await FakeCluster.start(threeNodes());
});
afterEach(() => cluster.stop());

const IDS = ['node1', 'node2', 'node3'];
const cfg = (id: string) => `/srv/${id}/proget.env`;

/** What apply does on one node, in order: its events and the operations between them. */
function nodeSteps(id: string, health: string[] = ['health 200']): string[] {
  return [
    `event ${id} backup started`, `${id} create ${cfg(id)}${BACKUP_SUFFIX}`, `${id} read ${cfg(id)}${BACKUP_SUFFIX}`, `event ${id} backup done`,
    `event ${id} write started`, `${id} create ${cfg(id)}.ha-wizard-new-*`, `${id} rename ${cfg(id)}.ha-wizard-new-* -> ${cfg(id)}`, `${id} read ${cfg(id)}`, `event ${id} write done`,
    `event ${id} restart started`, `${id} restart ok`, `event ${id} restart done`,
    `event ${id} wait-healthy started`, ...health.map((h) => `${id} ${h}`), `event ${id} wait-healthy done`,
  ];
}

describe('apply on a fake cluster', () => {
  it('a backup name already taken (a run cut short in the same second left it) gets the next name; the file there is left alone', async () => {
    const plan = await planOn(cluster);
    const taken = `${cfg('node2')}${BACKUP_SUFFIX}`;
    cluster.node('node2').files.set(taken, { bytes: Buffer.from('an older backup'), mode: 0o100600 });
    const original = cluster.node('node2').config()!;
    const { report } = await applyOn(cluster, plan);
    expect(report.status, report.reason ?? '').toBe('applied');
    const second = taken.replace(/\.bak$/, '-2.bak');
    expect(report.nodes.find((n) => n.id === 'node2')?.backupPath).toBe(second);
    expect(cluster.node('node2').files.get(second)!.bytes.equals(original)).toBe(true);
    expect(cluster.node('node2').files.get(taken)!.bytes.toString()).toBe('an older backup');
    expect(report.nodes.find((n) => n.id === 'node1')?.backupPath).toBe(`${cfg('node1')}${BACKUP_SUFFIX}`);
  });

  it('backs up, writes through a temp file and a rename, restarts and waits for health, one node at a time; settings last', async () => {
    const plan = await planOn(cluster);
    const originals = IDS.map((id) => cluster.node(id).config()!);
    const mark = cluster.journal.length;
    const { report } = await applyOn(cluster, plan);

    expect(report.status, report.reason ?? '').toBe('applied');
    const j = cluster.journal.slice(mark);
    expect(j.slice(j.indexOf('event node1 backup started'))).toEqual([
      ...IDS.flatMap((id) => nodeSteps(id)),
      'event - settings started', 'settings set Storage.PackagesRootPath=/mnt/packages', 'event - settings done',
      'event - settings started', 'settings set Web.BaseUrl=https://proget.example', 'event - settings done',
    ]);
    // Before the first step, apply only read: the files (the stale-plan check) and the key.
    expect(cluster.changes(mark).indexOf('event node1 backup started')).toBe(0);
    for (const [i, id] of IDS.entries()) {
      const n = cluster.node(id);
      expect(n.files.get(`${cfg(id)}${BACKUP_SUFFIX}`)!.bytes.equals(originals[i]!), `${id} backup`).toBe(true);
      expect(n.files.get(`${cfg(id)}${BACKUP_SUFFIX}`)!.mode & 0o7777).toBe(0o640);
      expect(n.files.get(cfg(id))!.mode & 0o7777, `${id} keeps its mode`).toBe(0o640);
      expect(n.extras(), `${id}: no temp file left`).toEqual([`${cfg(id)}${BACKUP_SUFFIX}`]);
      const text = n.config()!.toString();
      expect(text).toContain(`PROGET_ENCRYPTION_KEY=${KEEP_KEY}`);
      expect(text).toContain(`Password=${DB_PASSWORD}`);
      expect(n.running!.equals(n.config()!), `${id} runs the new file`).toBe(true);
    }
    expect(report.nodes.map((n) => [n.id, n.result, n.backupPath])).toEqual(IDS.map((id) => [id, 'changed', `${cfg(id)}${BACKUP_SUFFIX}`]));
    expect(report.settings.map((s) => [s.name, s.status])).toEqual([['Storage.PackagesRootPath', 'set'], ['Web.BaseUrl', 'set']]);
    expect(JSON.stringify(report)).not.toContain(DB_PASSWORD);
  });

  it('does not touch the next node until the one before reports healthy', async () => {
    cluster.node('node1').slowStart = 1;
    const plan = await planOn(cluster);
    const mark = cluster.journal.length;
    const { report } = await applyOn(cluster, plan);
    expect(report.status).toBe('applied');
    const j = cluster.journal.slice(mark);
    expect(j.slice(j.indexOf('event node1 backup started'), j.indexOf('event node1 wait-healthy done') + 1)).toEqual(nodeSteps('node1', ['health 503', 'health 200']));
    expect(j.indexOf('node1 health 200')).toBeLessThan(j.indexOf('event node2 backup started'));
  });

  it('a second apply with nothing changed does nothing, and the first plan, now stale, is refused', async () => {
    const plan = await planOn(cluster);
    expect((await applyOn(cluster, plan)).report.status).toBe('applied');
    const after = IDS.map((id) => cluster.node(id).config()!);

    const again = await planOn(cluster);
    expect(again.noChange).toBe(true);
    expect(again.nodes.map((n) => n.changed)).toEqual([false, false, false]);
    const mark = cluster.journal.length;
    const second = await applyOn(cluster, again);
    expect(second.report.status).toBe('nothing-to-do');
    expect(second.events).toEqual([]);
    expect(cluster.changes(mark)).toEqual([]);

    const stale = await applyOn(cluster, plan);
    expect(stale.report.status).toBe('refused');
    expect(cluster.changes(mark)).toEqual([]);
    expect(IDS.map((id) => cluster.node(id).config()!)).toEqual(after);
  });
});
