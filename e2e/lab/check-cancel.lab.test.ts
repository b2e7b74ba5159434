/**
 * Lab: cancelling a check run while one node's link is down (its connect would take the whole connect
 * timeout). The run ends within a second of the cancel, no SSH connection of the run is left open, and
 * no sentinel file of the run is left on the shared storage, whether the cancel comes after the nodes
 * wrote their sentinel or while they are writing it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { CheckRunCancelledError, runClusterChecks } from '../../electron/core/engine/check-run';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import type { CheckEvent } from '../../electron/shared/check-types';
import { parseProfile } from '../../electron/shared/profile';
import { faultScope } from './fault-scope';
import { labProfile } from './lab-profile';
import { sshTo } from './test-helpers';

const lab = inject('lab');
const { fault } = faultScope();

/** This process's established SSH connections to the lab's nodes (ss reads the kernel's table). */
function openSshConnections(): string[] {
  const out = execFileSync('ss', ['-Htn', 'state', 'established', '( dport = :22 )'], { encoding: 'utf8' });
  const nodes = new Set(lab.nodes.map((n) => n.address));
  return out.split('\n').filter((l) => [...nodes].some((a) => l.includes(`${a}:22`)));
}

async function sentinelsOnStorage(): Promise<string[]> {
  const ssh = await sshTo(lab.nodes[0]!, 'key');
  try {
    const { stdout } = await ssh.exec(`ls -1A ${lab.storage.path}`);
    return stdout.split('\n').filter((f) => f.startsWith('hawizard-sentinel-'));
  } finally {
    ssh.close();
  }
}

/** Starts a run with node3 unreachable; cancels it when `when` says so; returns how long the end took after the cancel. */
async function cancelWhen(when: (e: CheckEvent) => boolean): Promise<{ afterCancelMs: number; error: unknown }> {
  const parsed = parseProfile(labProfile(lab));
  if (!parsed.ok) throw new Error('lab profile invalid');
  const abort = new AbortController();
  let cancelledAt = 0;
  const run = runClusterChecks({
    profile: parsed.profile,
    secrets: new SecretResolver(envFileSecretSource({ env: {} })),
    settings: { connectTimeoutMs: 8000, checkTimeoutMs: 20_000, knownHostsPath: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json') },
    signal: abort.signal,
    onEvent: (e) => {
      if (!cancelledAt && when(e)) {
        cancelledAt = performance.now();
        abort.abort();
      }
    },
  });
  const error = await run.then(() => null, (e: unknown) => e);
  return { afterCancelMs: cancelledAt ? performance.now() - cancelledAt : Number.NaN, error };
}

describe('cancelling a check run', () => {
  it('after node1 and node2 wrote their sentinels: ends within 1 s, sessions closed, no sentinel left', async () => {
    await fault('link-down', 'node3');
    const wrote = new Set<string>();
    const r = await cancelWhen((e) => {
      if (e.type === 'check-finished' && e.result.id === 'storage.writable' && e.result.status === 'pass') wrote.add(e.result.target);
      return wrote.size === 2;
    });
    expect([...wrote].sort()).toEqual(['node1', 'node2']);
    expect(r.error).toBeInstanceOf(CheckRunCancelledError);
    expect(r.afterCancelMs).toBeLessThan(1000);
    expect(openSshConnections()).toEqual([]);
    expect(await sentinelsOnStorage()).toEqual([]);
  });

  it('while the storage probes are being sent: the files they write are removed too', async () => {
    await fault('link-down', 'node3');
    const r = await cancelWhen((e) => e.type === 'check-started' && e.id === 'storage.writable');
    expect(r.error).toBeInstanceOf(CheckRunCancelledError);
    expect(r.afterCancelMs).toBeLessThan(1000);
    expect(openSshConnections()).toEqual([]);
    expect(await sentinelsOnStorage()).toEqual([]);
  });
});
