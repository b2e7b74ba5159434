/**
 * Lab: rotating the database password works, on PostgreSQL and on the SQL Server test server, with
 * the profile's API key set. Once the password changed on the database server, every node fails to
 * log in and its settings API answers 500: plan must still plan (the settings are set after the nodes
 * are healthy again), and apply writes the new password, restarts, and then sets the settings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { applyPlan } from '../../electron/core/apply/apply';
import { createPlan } from '../../electron/core/apply/plan';
import { listSettings } from '../../electron/core/apply/settings-api';
import { parseProfile, type ClusterProfile } from '../../electron/shared/profile';
import { SecretResolver, envFileSecretSource } from '../../electron/core/secrets';
import { readLabState } from './lab';
import { labProfile } from './lab-profile';
import { serviceAction } from './nodes';
import { setPostgresPassword } from './postgres';
import { updateTdsModel } from './tds-service';
import { getJson } from './test-helpers';

const lab = inject('lab');
const tool = { name: 'ha-wizard', version: 'test' };
const settings = () => ({ connectTimeoutMs: 3000, checkTimeoutMs: 20_000, knownHostsPath: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts.json') });
const ROTATED = 'Rotated-Pw-4417;x';

const state = () => readLabState()!;
const configOf = (n: { dir: string }) => path.join(n.dir, 'config', state().configFileName);
const original = Object.fromEntries(state().nodes.map((n) => [n.name, fs.readFileSync(configOf(n))]));

/** The lab's profile on `kind`, with the password and the API key as the admin would give them. */
function profile(kind: 'postgres' | 'sqlserver'): { profile: ClusterProfile; secrets: () => SecretResolver } {
  const input = labProfile(lab, kind);
  const p = parseProfile({ ...input, database: { ...input.database, password: { env: 'DB_PASSWORD' } }, apiKey: { env: 'API_KEY' } });
  if (!p.ok) throw new Error('lab profile invalid');
  return { profile: p.profile, secrets: () => new SecretResolver(envFileSecretSource({ env: { DB_PASSWORD: current[kind], API_KEY: lab.apiKey } })) };
}
const current = { postgres: lab.databases.postgres.password, sqlserver: lab.databases.sqlserver.password };

async function rotate(kind: 'postgres' | 'sqlserver', password: string): Promise<void> {
  if (kind === 'postgres') await setPostgresPassword(lab.databases.postgres.user, password);
  else await updateTdsModel(state().pids.tds, (m) => ({ ...m, logins: m.logins.map((l) => (l.name === lab.databases.sqlserver.user ? { ...l, password } : l)) }));
  current[kind] = password;
}

async function planAndApply(kind: 'postgres' | 'sqlserver') {
  const { profile: p, secrets } = profile(kind);
  const plan = await createPlan({ profile: p, settings: settings(), secrets: secrets(), tool, healthTimeoutMs: 15_000 });
  const report = await applyPlan({ plan, settings: settings(), secrets: secrets(), healthTimeoutMs: 15_000 });
  return { plan, report };
}
const restartAll = () => Promise.all(state().nodes.map((n) => serviceAction(n, 'restart')));
const statuses = async () => Promise.all(lab.nodes.map(async (n) => (await getJson(`${n.url}/health`).catch(() => ({ status: 0 }))).status));

afterEach(async () => {
  // Back to the lab's own passwords and files, running them.
  if (current.postgres !== lab.databases.postgres.password) await rotate('postgres', lab.databases.postgres.password);
  if (current.sqlserver !== lab.databases.sqlserver.password) await rotate('sqlserver', lab.databases.sqlserver.password);
  for (const n of state().nodes) {
    fs.writeFileSync(configOf(n), original[n.name]!);
    for (const f of fs.readdirSync(path.dirname(configOf(n))).filter((x) => x.includes('.ha-wizard-'))) fs.rmSync(path.join(path.dirname(configOf(n)), f));
  }
  await restartAll();
});

describe.each(['postgres', 'sqlserver'] as const)('database password rotation on %s', (kind) => {
  it('plan plans while every node fails to log in, and apply brings the cluster back with the new password', async () => {
    if (kind === 'sqlserver') {
      // The lab's nodes start on PostgreSQL: first the cluster moves to the SQL Server test server.
      const moved = await planAndApply('sqlserver');
      expect(moved.report.status, moved.report.reason ?? '').toBe('applied');
    }
    expect(await statuses()).toEqual([200, 200, 200]);

    await rotate(kind, ROTATED);
    await restartAll();
    // What the admin sees: no node logs in, the settings API answers 500.
    expect(await statuses()).toEqual([500, 500, 500]);
    await expect(listSettings(lab.nodes[0]!.url, lab.apiKey, 3000, { allowHttp: true })).rejects.toThrow(/HTTP 500/);

    const { plan, report } = await planAndApply(kind);
    expect(plan.settings.map((s) => [s.name, s.how])).toEqual([['Storage.PackagesRootPath', 'api'], ['Web.BaseUrl', 'api']]);
    expect(plan.settings[0]!.where).toMatch(/after the nodes are healthy again \(it cannot be read now: the settings API answered HTTP 500/);
    expect(plan.nodes.map((n) => n.changed)).toEqual([true, true, true]);
    const shown = JSON.stringify(plan);
    for (const secret of [ROTATED, lab.databases.postgres.password, lab.databases.sqlserver.password, lab.apiKey]) expect(shown).not.toContain(secret);

    expect(report.status, report.reason ?? '').toBe('applied');
    expect(report.settings.map((s) => [s.name, s.status])).toEqual([['Storage.PackagesRootPath', 'set'], ['Web.BaseUrl', 'set']]);
    expect(await statuses()).toEqual([200, 200, 200]);
    const read = await listSettings(lab.nodes[2]!.url, lab.apiKey, 3000, { allowHttp: true });
    expect(read.find((s) => s.name === 'Web.BaseUrl')?.value).toBe(lab.loadBalancers.haproxy);
  }, 180_000);
});
