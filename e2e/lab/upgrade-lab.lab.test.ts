/**
 * Lab: the lab's product versions for real, driven over SSH through the engine's own remote layer, as
 * the upgrade will: the `docker` subset on every node (pull, image inspect, stop, run --rm upgradedb,
 * up -d), the schema version in the shared database, and the upgrade faults. A full manual coordinated
 * upgrade 2025.14 -> 2026.1 of the three nodes, then back to 2025.14 on the 2026 schema, on PostgreSQL
 * and on the TDS test server (SQL Server cannot run here; the TDS server is the closest real thing).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ClusterContext } from '../../electron/core/run/cluster-context';
import { posixCommand } from '../../electron/core/remote/posix-dialect';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { parseProfile } from '../../electron/shared/profile';
import { injectFault } from './faults';
import { initialNodeConfig } from './initial-node-config';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { serviceAction } from './nodes';
import { LAB_PATH_DIR } from './docker-nodes';
import { PRODUCT_IMAGES } from './stand-in/version-registry';
import { clearSqlServerSchema, readSchemaVersion, writeSchemaVersion, type LabDatabase } from './schema-version';
import { withComposeTag } from './stand-in/compose-file';
import { getJson, sftpRead, sftpWrite, sshTo } from './test-helpers';

const lab = inject('lab');
const state = readLabState()!;
const service = lab.nodes[0]!.composeService;
const configOf = (n: (typeof state.nodes)[number]) => path.join(n.dir, 'config', state.configFileName);
const originalConfigs = Object.fromEntries(state.nodes.map((n) => [n.name, fs.readFileSync(configOf(n))]));
const settings = () => ({ connectTimeoutMs: 3000, checkTimeoutMs: 20_000, knownHostsPath: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json') });

function context(db: LabDatabase): ClusterContext {
  const parsed = parseProfile(labProfile(lab, db));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return new ClusterContext(parsed.profile, settings(), new SecretResolver(envFileSecretSource({ env: {} })));
}

/** `docker ARGS` on a node over the engine's SSH session, argv quoted by the engine's own dialect. */
async function docker(ctx: ClusterContext, node: string, ...args: string[]) {
  const r = await (await ctx.ops(node)).session.exec(posixCommand(['docker', ...args]));
  return { code: r.code, out: `${r.stdout}${r.stderr}` };
}
const compose = (ctx: ClusterContext, node: string, ...args: string[]) => docker(ctx, node, 'compose', '-f', lab.nodes[0]!.composeFile, ...args);

/** Sets the tag in a node's compose file over SFTP, as the node's login (the engine's edit). */
async function setTag(node: string, tag: string): Promise<void> {
  const n = lab.nodes.find((x) => x.name === node)!;
  const ssh = await sshTo(n, 'key');
  try {
    const sftp = await ssh.sftp();
    const text = (await sftpRead(sftp, n.composeFile)).toString();
    await sftpWrite(sftp, n.composeFile, withComposeTag(text, service, tag));
  } finally {
    ssh.close();
  }
}

/** What /health says: healthy or not, and the release (2026 answers plain text; its JSON is at /health/json). */
async function health(node: string): Promise<{ ok: boolean; version: string | null }> {
  const url = lab.nodes.find((x) => x.name === node)!.url;
  const h = await getJson(`${url}/health`).catch(() => null);
  if (!h) return { ok: false, version: null };
  const body = typeof h.body === 'string' ? (await getJson(`${url}/health/json`)).body : h.body;
  return { ok: h.status === 200, version: typeof body === 'object' ? String(body.releaseNumber) : null };
}
const allHealth = () => Promise.all(lab.nodes.map((n) => health(n.name)));

/** Every node on the shared database of `db`, with the cluster's key, running 2025.14 on the 2025 schema. */
async function clusterOn(db: LabDatabase): Promise<void> {
  await writeSchemaVersion(lab, db, 2025);
  for (const n of state.nodes) {
    fs.writeFileSync(configOf(n), initialNodeConfig({ ...state.options, initial: 'clustered', database: db }, state.secrets, n.index).content);
    await injectFault('version', n.name, { clear: true });
  }
  expect(await allHealth()).toEqual(lab.nodes.map(() => ({ ok: true, version: '2025.14' })));
}

afterAll(async () => {
  for (const kind of ['installer-fails', 'upgradedb-fails', 'never-healthy', 'backup-full'] as const) await injectFault(kind, 'node1', { clear: true });
  for (const n of state.nodes) for (const kind of ['installer-fails', 'upgradedb-fails', 'never-healthy'] as const) await injectFault(kind, n.name, { clear: true });
  // The shared databases as the lab made them: PostgreSQL at 2025, the TDS server with no schema yet.
  await writeSchemaVersion(lab, 'postgres', 2025);
  await clearSqlServerSchema();
  for (const n of state.nodes) {
    fs.writeFileSync(configOf(n), originalConfigs[n.name]!);
    await injectFault('version', n.name, { clear: true });
  }
}, 120_000);

// PostgreSQL only: on the TDS server the same commands are run by the engine itself (upgrade.lab.test.ts).
describe.each(['postgres'] as const)('on %s', (db) => {
  it('a coordinated 2025.14 -> 2026.1 upgrade by the docker commands, then back to 2025.14 on the 2026 schema', async () => {
    await clusterOn(db);
    const ctx = context(db);
    try {
      expect(await readSchemaVersion(lab, db)).toBe(2025);
      // The installer is reachable: the target's image can be pulled and is present; an unknown tag is not.
      await setTag('node1', '2026.1');
      expect(await compose(ctx, 'node1', 'pull', service)).toMatchObject({ code: 0 });
      expect(await docker(ctx, 'node1', 'image', 'inspect', `${PRODUCT_IMAGES.proget}:2026.1`)).toMatchObject({ code: 0 });

      // Every service stopped, each stop proven by the service script's status.
      for (const n of lab.nodes) {
        expect((await compose(ctx, n.name, 'stop', service)).code).toBe(0);
        expect((await serviceAction(state.nodes.find((s) => s.name === n.name)!, 'status')).code).toBe(3);
      }
      // Node 1 first: its schema upgraded explicitly (exit code 0), then started and healthy at 2026.1.
      const upgraded = await compose(ctx, 'node1', 'run', '--rm', service, 'upgradedb');
      expect(upgraded).toEqual({ code: 0, out: 'upgraded the database schema from 2025 to 2026\n' });
      expect(await readSchemaVersion(lab, db)).toBe(2026);
      expect((await compose(ctx, 'node1', 'up', '-d', service)).code).toBe(0);
      expect(await health('node1')).toEqual({ ok: true, version: '2026.1' });
      for (const n of ['node2', 'node3']) {
        await setTag(n, '2026.1');
        expect((await compose(ctx, n, 'up', '-d', service)).code).toBe(0);
        expect(await health(n)).toEqual({ ok: true, version: '2026.1' });
      }
      expect(await allHealth()).toEqual(lab.nodes.map(() => ({ ok: true, version: '2026.1' })));
      expect(await readSchemaVersion(lab, db)).toBe(2026);
      // upgradedb again is a no-op; 2025.14's upgradedb never downgrades.
      expect(await compose(ctx, 'node2', 'run', '--rm', service, 'upgradedb')).toEqual({ code: 0, out: 'the database schema is already 2026\n' });

      // Back: the old containers again, on the 2026 schema (2025 reads it: no restore needed).
      for (const n of lab.nodes) expect((await compose(ctx, n.name, 'stop', service)).code).toBe(0);
      for (const n of lab.nodes) {
        await setTag(n.name, '2025.14');
        expect((await compose(ctx, n.name, 'up', '-d', service)).code).toBe(0);
      }
      expect(await allHealth()).toEqual(lab.nodes.map(() => ({ ok: true, version: '2025.14' })));
      expect(await readSchemaVersion(lab, db)).toBe(2026);
      const refused = await compose(ctx, 'node1', 'run', '--rm', service, 'upgradedb');
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/upgradedb failed: the database schema is 2026, newer than 2025\.14/);
    } finally {
      await ctx.close();
    }
  }, 180_000);
});

describe('the docker subset and the upgrade faults', () => {
  it('pull and image inspect know the registry; anything else is not supported', async () => {
    await clusterOn('postgres');
    const ctx = context('postgres');
    try {
      await setTag('node2', '2099.1');
      const pull = await compose(ctx, 'node2', 'pull', service);
      expect(pull.code).toBe(1);
      expect(pull.out).toMatch(/manifest unknown/);
      expect((await compose(ctx, 'node2', 'up', '-d', service)).code).toBe(1);
      expect(await health('node2')).toMatchObject({ ok: true });
      expect((await docker(ctx, 'node2', 'image', 'inspect', `${PRODUCT_IMAGES.proget}:2099.1`)).code).toBe(1);
      expect((await docker(ctx, 'node2', 'image', 'inspect', `${PRODUCT_IMAGES.proget}:2025.20`)).code).toBe(0);
      const other = await docker(ctx, 'node2', 'ps', '-a');
      expect(other).toEqual({ code: 1, out: 'docker ps -a: not supported by the lab\n' });
      expect((await docker(ctx, 'node2', 'compose', '-f', lab.nodes[0]!.composeFile, 'down')).out).toMatch(/not supported by the lab/);
      // The login finds the lab's docker first; the machine has none of its own on the PATH.
      expect((await (await ctx.ops('node2')).session.exec('command -v docker')).stdout.trim()).toBe(path.join(LAB_PATH_DIR, 'docker'));
    } finally {
      await setTag('node2', lab.version);
      await ctx.close();
    }
  }, 60_000);

  it('installer-fails: up -d exits 1 and node2 keeps running its old version', async () => {
    await clusterOn('postgres');
    const ctx = context('postgres');
    try {
      await injectFault('installer-fails', 'node2');
      await setTag('node2', '2025.20');
      const up = await compose(ctx, 'node2', 'up', '-d', service);
      expect(up.code).toBe(1);
      expect(up.out).toMatch(/simulated fault: the installer fails/);
      expect(await health('node2')).toEqual({ ok: true, version: '2025.14' });
      await injectFault('installer-fails', 'node2', { clear: true });
      expect((await compose(ctx, 'node2', 'up', '-d', service)).code).toBe(0);
      expect(await health('node2')).toEqual({ ok: true, version: '2025.20' });
    } finally {
      await setTag('node2', lab.version);
      await compose(ctx, 'node2', 'up', '-d', service);
      await ctx.close();
    }
  }, 60_000);

  it('upgradedb-fails: exit 1 and the schema stays at 2025', async () => {
    await clusterOn('postgres');
    const ctx = context('postgres');
    try {
      await injectFault('upgradedb-fails', 'node1');
      await setTag('node1', '2026.1');
      const r = await compose(ctx, 'node1', 'run', '--rm', service, 'upgradedb');
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/upgradedb failed: simulated fault/);
      expect(await readSchemaVersion(lab, 'postgres')).toBe(2025);
      expect(await health('node1')).toEqual({ ok: true, version: '2025.14' });
    } finally {
      await injectFault('upgradedb-fails', 'node1', { clear: true });
      await setTag('node1', lab.version);
      await ctx.close();
    }
  }, 60_000);

  it('never-healthy 2026.1: node3 at 2026.1 answers Error for ever; back at 2025.14 it is healthy', async () => {
    await clusterOn('postgres');
    const ctx = context('postgres');
    try {
      await injectFault('never-healthy', 'node3', { value: '2026.1' });
      expect(await health('node3')).toEqual({ ok: true, version: '2025.14' });
      await setTag('node3', '2026.1');
      expect((await compose(ctx, 'node3', 'up', '-d', service)).code).toBe(0);
      for (let i = 0; i < 5; i++) {
        expect(await health('node3')).toEqual({ ok: false, version: '2026.1' });
        await new Promise((r) => setTimeout(r, 300));
      }
      await setTag('node3', '2025.14');
      expect((await compose(ctx, 'node3', 'up', '-d', service)).code).toBe(0);
      expect(await health('node3')).toEqual({ ok: true, version: '2025.14' });
    } finally {
      await injectFault('never-healthy', 'node3', { clear: true });
      await setTag('node3', lab.version);
      await ctx.close();
    }
  }, 60_000);

  it('backup-full: a backup written to the full location fails with no space, on a node and here; cleared, it works', async () => {
    const file = path.join(lab.backups.full, 'proget.env.bak');
    await injectFault('backup-full', 'node1');
    const ssh = await sshTo(lab.nodes[0]!, 'key');
    try {
      const sftp = await ssh.sftp();
      await expect(sftpWrite(sftp, file, Buffer.alloc(100_000, 1))).rejects.toThrow();
      expect(() => fs.writeFileSync(file, Buffer.alloc(100_000, 1))).toThrow(/ENOSPC/);
      await injectFault('backup-full', 'node1', { clear: true });
      await sftpWrite(sftp, file, Buffer.alloc(100_000, 1));
      expect(fs.statSync(file).size).toBe(100_000);
    } finally {
      ssh.close();
      await injectFault('backup-full', 'node1', { clear: true });
      fs.rmSync(file, { force: true });
    }
  }, 60_000);

  it('2024.30 refuses the 2025 schema (older releases never read a newer one): up -d says why', async () => {
    await clusterOn('sqlserver');
    const ctx = context('sqlserver');
    try {
      await setTag('node3', '2024.30');
      const up = await compose(ctx, 'node3', 'up', '-d', service);
      expect(up.code).toBe(1);
      expect(up.out).toMatch(/the database schema is 2025, newer than 2024\.30 can read/);
      expect(await readSchemaVersion(lab, 'sqlserver')).toBe(2025);
    } finally {
      await setTag('node3', lab.version);
      await compose(ctx, 'node3', 'up', '-d', service);
      await ctx.close();
    }
  }, 60_000);
});
