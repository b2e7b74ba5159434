/**
 * Lab: a step past its limit lets go of its remote command (issue 14, robustness item 1). The installer-hangs
 * fault makes node1's `docker compose pull` (the Linux upgrader's install) never end; the install, given a
 * 3 s limit through upgrade-timeouts.ts, fails at that limit in words, and the hung command is gone from
 * node1: its SSH channel was closed and KILL sent (exec-channel.ts) over the node's real sshd and non-root
 * login. Then the same node installs and answers again over the same engine sessions.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ClusterContext } from '../../electron/core/run/cluster-context';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { nodeUpgraders } from '../../electron/core/upgrade/node-upgraders';
import { withStepLimit } from '../../electron/core/upgrade/upgrade-timeouts';
import { parseProfile } from '../../electron/shared/profile';
import { injectFault } from './faults';
import { labUser } from './lab-config';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';

const lab = inject('lab');
const state = readLabState()!;
const node1 = state.nodes[0]!;
const composeOf = path.join(node1.dir, 'compose', path.basename(lab.nodes[0]!.composeFile));
const original = fs.readFileSync(composeOf);

function context(): ClusterContext {
  const parsed = parseProfile(labProfile(lab, 'postgres'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const knownHostsPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json');
  return new ClusterContext(parsed.profile, { connectTimeoutMs: 3000, checkTimeoutMs: 20_000, knownHostsPath }, new SecretResolver(envFileSecretSource({ env: {} })));
}

/** node1's login running `docker compose ... pull` (the lab shares the host's process table). */
function pullRuns(): Promise<boolean> {
  return promisify(execFile)('pgrep', ['-u', labUser(node1.index), '-f', 'compose -f .* pull ']).then(() => true, (e: { code?: number }) => (e.code === 1 ? false : Promise.reject(e)));
}

async function until(cond: () => Promise<boolean>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(async () => {
  await injectFault('installer-hangs', 'node1', { clear: true });
  fs.writeFileSync(composeOf, original);
}, 60_000);

describe('a hung installer on a lab node', () => {
  it('fails at its limit in words, and its remote command is gone: the channel closed, the process killed', async () => {
    const ctx = context();
    try {
      const up = nodeUpgraders(ctx)[0]!;
      expect(await up.installedVersion()).toBe('2025.14');
      await injectFault('installer-hangs', 'node1', { value: '2026.1' });
      const limitMs = 3000;
      const started = Date.now();
      const install = withStepLimit('install', 'node1', { stepLimitsMs: { install: limitMs } }, (signal) => up.install('2026.1', { signal }));
      const failed = install.then(() => null, (e: Error) => e);
      // The download runs on node1 (and hangs) before the limit.
      expect(await until(pullRuns, limitMs - 500)).toBe(true);
      const error = await failed;
      const waited = Date.now() - started;
      expect(error?.message).toBe('the installer on node1 did not finish within 3 s: the wizard stopped waiting and abandoned it (its connection to the command is closed)');
      expect(waited).toBeGreaterThanOrEqual(limitMs);
      expect(waited).toBeLessThan(limitMs + 2000);
      // Let go of on node1 too, not left running there.
      expect(await until(async () => !(await pullRuns()), 5000)).toBe(true);
      console.log(`hung install: failed after ${waited} ms (limit ${limitMs} ms); node1's pull gone`);

      // The node is served on by the same sessions: the old version installs again (the compose file had the new tag).
      await injectFault('installer-hangs', 'node1', { clear: true });
      const back = await up.install('2025.14');
      expect(back.exitCode, back.output).toBe(0);
      expect(await up.installedVersion()).toBe('2025.14');
      expect(fs.readFileSync(composeOf).equals(original)).toBe(true);
    } finally {
      await ctx.close();
    }
  }, 60_000);
});
