/**
 * Lab: the engine's Linux upgrader (electron/core/upgrade/node-upgraders.ts) on the lab's Docker-style nodes, over
 * the engine's own sessions: node1 backed up, stopped (proven), installed at 2026.1 and answering there once
 * started, back to 2025.14, its files restored byte-identical; the installer-fails fault (the lab's `up -d` fails)
 * gives the exit code and the installer's words and leaves node2 on its version.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ClusterContext } from '../../electron/core/run/cluster-context';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { nodeUpgraders } from '../../electron/core/upgrade/node-upgraders';
import { UpgradeStepError } from '../../electron/core/upgrade/upgrade-ports';
import { parseProfile } from '../../electron/shared/profile';
import { injectFault } from './faults';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { serviceAction } from './nodes';
import { writeSchemaVersion } from './schema-version';
import { getJson } from './test-helpers';

const lab = inject('lab');
const state = readLabState()!;
const composeOf = (name: string) => path.join(state.nodes.find((n) => n.name === name)!.dir, 'compose', path.basename(lab.nodes[0]!.composeFile));
const configOf = (name: string) => path.join(state.nodes.find((n) => n.name === name)!.dir, 'config', state.configFileName);
const originals = Object.fromEntries(state.nodes.map((n) => [n.name, { compose: fs.readFileSync(composeOf(n.name)), config: fs.readFileSync(configOf(n.name)) }]));

function context(): ClusterContext {
  const parsed = parseProfile(labProfile(lab, 'postgres'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const knownHostsPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json');
  return new ClusterContext(parsed.profile, { connectTimeoutMs: 3000, checkTimeoutMs: 20_000, knownHostsPath }, new SecretResolver(envFileSecretSource({ env: {} })));
}

/** The release a node's /health names (2026 answers plain text there; its JSON is at /health/json), polled until `want`. */
async function releaseOf(node: string, want: string, withinMs = 20_000): Promise<string | null> {
  const url = lab.nodes.find((x) => x.name === node)!.url;
  const deadline = Date.now() + withinMs;
  let seen: string | null = null;
  while (Date.now() < deadline) {
    const h = await getJson(`${url}/health`).catch(() => null);
    const body = h && typeof h.body === 'string' ? (await getJson(`${url}/health/json`).catch(() => null))?.body : h?.body;
    seen = body && typeof body === 'object' ? String(body.releaseNumber) : null;
    if (seen === want) return seen;
    await new Promise((r) => setTimeout(r, 300));
  }
  return seen;
}

afterAll(async () => {
  await injectFault('backup-full', 'node1', { clear: true });
  for (const n of state.nodes) await injectFault('installer-fails', n.name, { clear: true });
  // 2026.1 upgraded the shared schema at start: the lab's database as it was.
  await writeSchemaVersion(lab, 'postgres', 2025);
  for (const n of state.nodes) {
    fs.writeFileSync(composeOf(n.name), originals[n.name]!.compose);
    fs.writeFileSync(configOf(n.name), originals[n.name]!.config);
    await injectFault('version', n.name, { clear: true });
  }
}, 120_000);

describe('the Linux upgrader on the lab nodes', () => {
  it('node1: backed up, stopped and proven, 2026.1 installed and answering, back to 2025.14, files restored byte-identical', async () => {
    const ctx = context();
    try {
      const node1 = nodeUpgraders(ctx)[0]!;
      expect(node1.nodeId).toBe('node1');
      expect(await node1.installedVersion()).toBe('2025.14');
      expect(await node1.canInstall('2026.1')).toMatchObject({ ok: true });
      expect(await node1.freeBytes(lab.backups.roomy)).toBeGreaterThan(0);

      // The backup location full (the lab's backup-full fault): refused before anything is written, in words.
      await injectFault('backup-full', 'node1');
      try {
        await expect(node1.backupFiles(lab.backups.full)).rejects.toThrow(/node1: only \d+ bytes are free at .*; the backups of .* need \d+ bytes/);
      } finally {
        await injectFault('backup-full', 'node1', { clear: true });
      }
      const backups = await node1.backupFiles(lab.backups.roomy);
      expect(backups.map((b) => b.what)).toEqual(['config', 'config']);
      for (const b of backups) await node1.verifyBackup(b);

      await node1.stop();
      expect((await serviceAction(state.nodes[0]!, 'status')).code).toBe(3);
      const up = await node1.install('2026.1');
      expect(up.exitCode, up.output).toBe(0);
      expect(await node1.installedVersion()).toBe('2026.1');
      // Installed, not yet running: the runner starts it (after the schema upgrade).
      expect((await serviceAction(state.nodes[0]!, 'status')).code).toBe(3);
      await node1.start();
      expect(await releaseOf('node1', '2026.1')).toBe('2026.1');

      // The rollback's way back: stopped, the old version through the same installer, the files as they were, started.
      fs.appendFileSync(configOf('node1'), '# changed by the upgrade\n');
      await node1.stop();
      const back = await node1.install('2025.14');
      expect(back.exitCode, back.output).toBe(0);
      await node1.restoreFiles(backups);
      await node1.start();
      expect(await releaseOf('node1', '2025.14')).toBe('2025.14');
      expect(fs.readFileSync(composeOf('node1')).equals(originals.node1!.compose)).toBe(true);
      expect(fs.readFileSync(configOf('node1')).equals(originals.node1!.config)).toBe(true);
    } finally {
      await ctx.close();
    }
  }, 120_000);

  it('installer-fails on node2: starting the new version fails with the exit code and the installer\'s words; node2 stays on 2025.14', async () => {
    const ctx = context();
    try {
      const node2 = nodeUpgraders(ctx)[1]!;
      await injectFault('installer-fails', 'node2');
      expect((await node2.install('2026.1')).exitCode).toBe(0);
      const error = await node2.start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpgradeStepError);
      expect(error).toMatchObject({ message: 'node2: docker compose up -d failed with exit code 1', exitCode: 1, output: expect.stringMatching(/simulated fault: the installer fails/) });
      expect(await releaseOf('node2', '2025.14')).toBe('2025.14');
      await injectFault('installer-fails', 'node2', { clear: true });
      // Back to its version: the compose file byte for byte as it was.
      expect((await node2.install('2025.14')).exitCode).toBe(0);
      expect(fs.readFileSync(composeOf('node2')).equals(originals.node2!.compose)).toBe(true);
      expect(await node2.installedVersion()).toBe('2025.14');
    } finally {
      await injectFault('installer-fails', 'node2', { clear: true });
      await ctx.close();
    }
  }, 60_000);
});
