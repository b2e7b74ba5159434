/**
 * "Restart the host, history still there" (issue 13): a harness on a data folder watches a cluster whose
 * server stops and starts again, with the notification switch on; it is closed, a new harness starts on
 * the same folder, and `health.history` still has the events, the switch is still on. The watcher is a
 * fake here (the lab test health-history.lab.test.ts watches real servers); the store, files and host are real.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { ClusterHealthSnapshot, NodeState } from '../../electron/shared/health-snapshot';
import { PROFILE, SNAPSHOT } from '../../electron/core/engine/testing/service-fakes';
import type { EngineDeps } from '../../electron/core/engine/engine-deps';
import { startHarness, type Harness } from './server';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

function rendererDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renderer-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<html><head></head><body></body></html>');
  return dir;
}

const snapshot = (state: NodeState): ClusterHealthSnapshot => ({
  ...SNAPSHOT, at: new Date().toISOString(),
  nodes: [{ ...SNAPSHOT.nodes[0]!, state, healthy: state === 'healthy', error: state === 'healthy' ? null : '/health: no answer within 5000 ms' }],
});
const watcher = (states: NodeState[]): Partial<EngineDeps> => ({
  healthWatcher: () => ({
    async watch(_ms, onSnapshot, signal) {
      for (const s of states) await onSnapshot(snapshot(s));
      await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
    },
  }),
});

it('a new harness on the same data folder has the old history and the notification switch; notifications were recorded', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-history-'));
  const first = await startHarness({ rendererDir: rendererDir(), dataDir, engine: watcher(['healthy', 'healthy', 'not-answering', 'not-answering', 'healthy', 'healthy']) });
  open.push(first);
  expect(await first.service.call('settings.set', { notifications: true })).toEqual({ ok: true, value: { notifications: true } });
  await first.service.call('health.watch', { runId: 'w1', profile: PROFILE, intervalSeconds: 5 });
  await expect.poll(() => first.host.notifications.length).toBe(2);
  expect(first.host.notifications).toEqual([
    { title: 'HA Wizard: n1 is down', body: 'n1 went down (not answering): it gives no answer (a dead link or a hung server): /health: no answer within 5000 ms' },
    { title: 'HA Wizard: n1 is back', body: 'n1 is back: /health answers healthy (was not answering)' },
  ]);
  await first.close();
  open.pop();
  expect(fs.readdirSync(path.join(dataDir, 'history'))).toHaveLength(1);

  const second = await startHarness({ rendererDir: rendererDir(), dataDir });
  open.push(second);
  const h = await second.service.call('health.history', { profile: PROFILE, hours: 1 });
  if (!h.ok) throw new Error(h.error.message);
  expect(h.value.events.map((e) => [e.kind, e.node])).toEqual([['watch-started', null], ['node-down', 'n1'], ['node-back', 'n1'], ['watch-stopped', null]]);
  expect(h.value.nodes[0]!.buckets.some((b) => b.state === 'not-answering')).toBe(true);
  expect(await second.service.call('settings.get', {})).toEqual({ ok: true, value: { notifications: true } });
  expect(second.host.warnings).toEqual([]);
});

it('with the switch off (the default), nothing is notified', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-history-'));
  const h = await startHarness({ rendererDir: rendererDir(), dataDir, engine: watcher(['not-answering', 'not-answering']) });
  open.push(h);
  await h.service.call('health.watch', { runId: 'w2', profile: PROFILE, intervalSeconds: 5 });
  await expect.poll(async () => {
    const r = await h.service.call('health.history', { profile: PROFILE, hours: 1 });
    return r.ok ? r.value.events.map((e) => e.kind) : [];
  }).toContain('node-down');
  expect(h.host.notifications).toEqual([]);
});
