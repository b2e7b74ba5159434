/**
 * Lab: the engine does not depend on the login shell (fish, tcsh, zsh), reaches a node over IPv6,
 * executes nothing a hostile storage path carries, and never writes through a symbolic link planted at
 * a sentinel's name.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { applyPlan } from '../../electron/core/apply/apply';
import { createPlan } from '../../electron/core/apply/plan';
import { ClusterContext } from '../../electron/core/run/cluster-context';
import { storageChecks } from '../../electron/core/checks/storage-checks';
import { parseProfile, type ClusterProfile, type ClusterProfileInput } from '../../electron/shared/profile';
import { SftpError } from '../../electron/core/remote/remote-errors';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { runLabChecks } from './check-helpers';
import { readLabState } from './lab';
import { labProfile, overIpv6 } from './lab-profile';
import { SHARED_DIR, nodePaths, serviceAction, setLoginShell } from './nodes';

const lab = inject('lab');
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});
const settings = () => ({ connectTimeoutMs: 3000, checkTimeoutMs: 20_000, knownHostsPath: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json') });
const secrets = () => new SecretResolver(envFileSecretSource({ env: {} }));
const SHELLS: Record<string, string> = { node1: '/usr/bin/fish', node2: '/usr/bin/tcsh', node3: '/usr/bin/zsh' };

async function useShells(): Promise<void> {
  const state = readLabState()!;
  for (const n of state.nodes) cleanups.push(await setLoginShell(n, SHELLS[n.name]!));
}
function parsed(input: ClusterProfileInput): ClusterProfile {
  const p = parseProfile(input);
  if (!p.ok) throw new Error(`profile invalid: ${JSON.stringify(p.problems)}`);
  return p.profile;
}
/** Every result as id@target -> status (details name addresses, which differ between the runs). */
const statuses = (results: { id: string; target: string; status: string }[]) => Object.fromEntries(results.map((r) => [`${r.id}@${r.target}`, r.status]));

describe('login shells and IPv6', () => {
  it('every check gives the same answers under fish, tcsh and zsh with node2 over IPv6 as under sh over IPv4', async () => {
    const baseline = await runLabChecks(lab);
    await useShells();
    const run = await runLabChecks(lab, { change: (p) => overIpv6(lab, p, ['node2']) });
    expect(statuses(run.results)).toEqual(statuses(baseline.results));
    for (const id of ['server.login', 'server.product-installed', 'server.service-running', 'storage.writable', 'network.messenger']) {
      expect(run.statuses(id), id).toEqual({ node1: 'pass', node2: 'pass', node3: 'pass' });
    }
    expect(run.get('storage.shared').status).toBe('pass');
    expect(run.get('servers.distinct').status).toBe('pass');
    expect(run.get('server.host-key', 'node2').detail).toContain(lab.nodes[1]!.hostKeyFingerprint);
    expect(run.get('server.service-running', 'node2').detail).toMatch(/\/health answers 200/);
  });

  it('plan and apply work through fish, tcsh and zsh, with node2 over IPv6', async () => {
    const state = readLabState()!;
    const original = Object.fromEntries(state.nodes.map((n) => [n.name, fs.readFileSync(path.join(n.dir, 'config', state.configFileName))]));
    cleanups.push(async () => {
      for (const n of state.nodes) {
        fs.writeFileSync(path.join(n.dir, 'config', state.configFileName), original[n.name]!);
        for (const f of fs.readdirSync(path.join(n.dir, 'config')).filter((x) => x.includes('.ha-wizard-'))) fs.rmSync(path.join(n.dir, 'config', f));
        await serviceAction(n, 'restart');
      }
    });
    await useShells();
    const profile = parsed(overIpv6(lab, labProfile(lab), ['node2']));
    expect(profile.nodes[1]!.host).toBe(lab.nodes[1]!.address6);
    const plan = await createPlan({ profile, settings: settings(), secrets: secrets(), tool: { name: 'ha-wizard', version: 'test' }, healthTimeoutMs: 8000 });
    expect(plan.nodes.filter((n) => n.changed).map((n) => n.id)).toEqual(expect.arrayContaining(['node2', 'node3']));
    const report = await applyPlan({ plan, settings: settings(), secrets: secrets(), healthTimeoutMs: 8000 });
    expect(report.status, JSON.stringify(report.nodes)).toBe('applied');
    const keys = state.nodes.map((n) => /PROGET_ENCRYPTION_KEY=(\w+)/.exec(fs.readFileSync(path.join(n.dir, 'config', state.configFileName), 'utf8'))?.[1]);
    expect(new Set(keys).size).toBe(1);
    // No temp file is left beside any config file (they have unguessable names now).
    expect(state.nodes.flatMap((n) => fs.readdirSync(path.join(n.dir, 'config')).filter((f) => f.includes('.ha-wizard-new')))).toEqual([]);
  });

  it('a hostile storage path executes nothing under any of the three shells', async () => {
    // No '/' in a folder name: the commands create files in the login's working folder (its home).
    const marker = `hawizard-pwned-${crypto.randomBytes(6).toString('hex')}`;
    const name = `x$(touch ${marker}-a)\`touch ${marker}-b\`'; touch ${marker}-c; '"; touch ${marker}-d; "\\\\ ! #% * & | < >`;
    const onHost = path.join(SHARED_DIR, name);
    fs.mkdirSync(onHost);
    fs.chownSync(onHost, 0, fs.statSync(SHARED_DIR).gid);
    fs.chmodSync(onHost, 0o2775);
    cleanups.push(() => fs.rmSync(onHost, { recursive: true, force: true }));
    await useShells();
    const storage = path.join(nodePaths.storage, name);
    const run = await runLabChecks(lab, { change: (p) => ({ ...p, storage: { path: storage } }), only: ['storage.writable', 'storage.shared', 'storage.free-space'] });
    expect(run.statuses('storage.writable')).toEqual({ node1: 'pass', node2: 'pass', node3: 'pass' });
    expect(run.get('storage.shared').status, run.get('storage.shared').detail).toBe('pass');
    const state = readLabState()!;
    const places = [...state.nodes.map((n) => path.join(n.dir, 'home')), SHARED_DIR, onHost, process.cwd()];
    expect(places.flatMap((d) => fs.readdirSync(d).filter((f) => f.startsWith(marker)))).toEqual([]);
    // The sentinels were written there, and removed again at the end of the run.
    expect(fs.readdirSync(onHost)).toEqual([]);
  });
});

describe('sentinels never follow a planted symbolic link', () => {
  it('the storage probe and the SFTP sentinel write refuse a link at the sentinel name, leaving its target alone', async () => {
    const state = readLabState()!;
    const node1 = state.nodes[0]!;
    // A file the node's own login may write: what a planted link would make it overwrite.
    const victimOnHost = path.join(node1.dir, 'home', 'victim.txt');
    fs.writeFileSync(victimOnHost, 'precious\n');
    fs.chownSync(victimOnHost, fs.statSync(path.join(node1.dir, 'home')).uid, fs.statSync(path.join(node1.dir, 'home')).gid);
    const dangling = path.join(node1.dir, 'home', 'created-through-link');
    const names = { file: `.hawizard-sentinel-planted-${crypto.randomBytes(4).toString('hex')}.txt`, dangling: `.hawizard-sentinel-dangling-${crypto.randomBytes(4).toString('hex')}.txt` };
    fs.symlinkSync(path.join(nodePaths.home, 'victim.txt'), path.join(SHARED_DIR, names.file));
    fs.symlinkSync(path.join(nodePaths.home, 'created-through-link'), path.join(SHARED_DIR, names.dangling));
    cleanups.push(() => {
      for (const f of [victimOnHost, dangling, path.join(SHARED_DIR, names.file), path.join(SHARED_DIR, names.dangling)]) fs.rmSync(f, { force: true });
    });

    const ctx = new ClusterContext(parsed(labProfile(lab)), settings(), secrets());
    cleanups.push(() => ctx.close());
    const ops = await ctx.ops('node1');
    for (const name of [names.file, names.dangling]) {
      const probe = await ops.storageProbe(lab.storage.path, { name, content: 'written by node1' });
      expect(probe).toMatchObject({ writable: true, sentinelWritten: false, sentinelRefused: true });
      const error = await ops.writeSentinel(lab.storage.path, name, 'written by node1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SftpError);
      expect((error as Error).message).toMatch(/symbolic link/);
    }
    expect(fs.readFileSync(victimOnHost, 'utf8')).toBe('precious\n');
    expect(fs.existsSync(dangling)).toBe(false);
    // Listing sentinels skips the links (never reads through them); removing them removes the links only.
    const listed = await ops.readSentinels(lab.storage.path, '.hawizard-sentinel-');
    expect(listed.filter((f) => f.name === names.file || f.name === names.dangling)).toEqual([]);
    await ops.removeSentinels(lab.storage.path, names.file);
    expect(fs.existsSync(path.join(SHARED_DIR, names.file))).toBe(false);
    expect(fs.readFileSync(victimOnHost, 'utf8')).toBe('precious\n');
  });

  it('storage.writable fails naming a link planted at this run\'s sentinel name', async () => {
    const state = readLabState()!;
    const victimOnHost = path.join(state.nodes[1]!.dir, 'home', 'victim-2.txt');
    fs.writeFileSync(victimOnHost, 'precious\n');
    cleanups.push(() => fs.rmSync(victimOnHost, { force: true }));
    const ctx = new ClusterContext(parsed(labProfile(lab)), settings(), secrets());
    cleanups.push(() => ctx.close());
    // Planted the moment before node2 probes, at the name only this run uses.
    const link = path.join(SHARED_DIR, ctx.sentinels.ofNode('node2').name);
    fs.symlinkSync(path.join(nodePaths.home, 'victim-2.txt'), link);
    cleanups.push(() => fs.rmSync(link, { force: true }));
    const writable = storageChecks.find((c) => c.id === 'storage.writable')!;
    const r = await writable.run(ctx, 'node2');
    expect(r.status).toBe('fail');
    expect(r.detail).toContain(`${ctx.sentinels.ofNode('node2').name} in ${lab.storage.path} (a file or a symbolic link); it was not written through`);
    expect(await writable.run(ctx, 'node1')).toMatchObject({ status: 'pass' });
    expect(fs.readFileSync(victimOnHost, 'utf8')).toBe('precious\n');
  });
});
