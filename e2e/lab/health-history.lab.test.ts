/**
 * Lab: the history of a real cluster (issue 13). The harness (the real engine, the real store on a data
 * folder) watches the 3-node lab every second; node2's service is stopped for a few rounds and started
 * again: the history records node-down then node-back for node2 with the reason, nothing for node1 and
 * node3, the notifications are recorded (the switch on); then the harness is closed, a new one starts
 * on the same folder, and `health.history` still has those events.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, inject, it } from 'vitest';
import { isLocalRef, type LocalSecretRef } from '../../electron/shared/local-secrets';
import { parseProfile } from '../../electron/shared/profile';
import { startHarness, type Harness } from '../harness/server';
import { injectFault } from './faults';
import { faultScope } from './fault-scope';
import { labProfile } from './lab-profile';
import { waitFor } from './run';

const lab = inject('lab');
const { cleanups, fault } = faultScope();

function rendererDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renderer-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<html><head></head><body></body></html>');
  return dir;
}

it('node2 stopped for a few rounds and started again: node-down then node-back with reasons, no false alarm, kept across a restart of the host', async () => {
  const parsed = parseProfile(labProfile(lab));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const profile = parsed.profile;
  // The lab's secrets sit in files: allowed for this call, as an admin allows them in the wizard.
  const allowLocalSecrets = [profile.database.password, profile.apiKey].filter((r): r is LocalSecretRef => !!r && isLocalRef(r));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-history-'));
  const first: Harness = await startHarness({ rendererDir: rendererDir(), dataDir, settings: { connectTimeoutMs: 3000 } });
  cleanups.unshift(() => first.close());
  await first.service.call('settings.set', { notifications: true });
  const history = async (h: Harness) => {
    const r = await h.service.call('health.history', { profile, hours: 1 });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const kinds = async (h: Harness) => (await history(h)).events.filter((e) => e.node).map((e) => `${e.kind} ${e.node}`);

  expect(await first.service.call('health.watch', { runId: 'lab-history', profile, secrets: {}, allowLocalSecrets, intervalSeconds: 1 })).toEqual({ ok: true, value: { started: true } });
  // Two healthy rounds everywhere first: the servers are believed up.
  await waitFor('three rounds', async () => ((await history(first)).nodes.every((n) => n.buckets.at(-1)!.state === 'healthy') ? true : undefined), 20_000, 500);
  await new Promise((r) => setTimeout(r, 2500));
  const downAt = Date.now();
  await fault('no-start', 'node2');
  await waitFor('node-down node2', async () => ((await kinds(first)).includes('node-down node2') ? true : undefined), 30_000, 500);
  const downMs = Date.now() - downAt;
  await injectFault('no-start', 'node2', { clear: true });
  cleanups.pop();
  await waitFor('node-back node2', async () => ((await kinds(first)).includes('node-back node2') ? true : undefined), 60_000, 500);
  const h1 = await history(first);
  const down = h1.events.find((e) => e.kind === 'node-down')!;
  expect(down.text).toMatch(/^node2 went down \(service stopped\): its service is stopped: the service is stopped: the server answers over SSH, but http:\/\/\S+ refuses connections \(ECONNREFUSED\)/);
  expect(h1.events.find((e) => e.kind === 'node-back')!.text).toMatch(/^node2 is back: \/health answers healthy \(was service stopped\)$/);
  expect(await kinds(first)).toEqual(['node-down node2', 'node-back node2']);
  // A bucket keeps the worst state of its minute: on a loaded machine a round may also have timed out
  // (not-answering outranks service-stopped), so the down period shows as either, never as healthy.
  expect(h1.nodes.find((n) => n.id === 'node2')!.buckets.some((b) => ['service-stopped', 'not-answering'].includes(b.state))).toBe(true);
  expect(first.host.notifications.map((n) => n.title)).toEqual(['HA Wizard: node2 is down', 'HA Wizard: node2 is back']);
  // No secret of the lab in what is kept.
  const file = fs.readFileSync(path.join(dataDir, 'history', fs.readdirSync(path.join(dataDir, 'history'))[0]!), 'utf8');
  for (const secret of [lab.databases.postgres.password, lab.apiKey]) expect(file).not.toContain(secret);
  process.stdout.write(`history lab: node-down recorded ${downMs} ms after node2's service was stopped (watch every 1 s, 2 rounds to confirm)\n`);

  await first.close();
  cleanups.length = 0;
  const second = await startHarness({ rendererDir: rendererDir(), dataDir });
  try {
    const h2 = await history(second);
    expect(h2.events.map((e) => e.kind)).toEqual(['watch-started', 'node-down', 'node-back', 'watch-stopped']);
    expect(h2.events[1]!.text).toBe(down.text);
  } finally {
    await second.close();
  }
}, 180_000);
