/** Lab: the database, storage and encryption-key checks, each passing on the healthy lab and failing when broken. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { editNodeConfig, runLabChecks, withTdsModel } from './check-helpers';
import { faultScope } from './fault-scope';

const lab = inject('lab');
const { cleanups: clearAfter, fault } = faultScope();
const secretFile = (value: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'secret-')), 's');
  fs.writeFileSync(file, value, { mode: 0o600 });
  return { file };
};

describe('database checks', () => {
  it('PostgreSQL: all pass or warn as they should on the healthy lab, from here and from every node', async () => {
    const run = await runLabChecks(lab);
    for (const id of ['database.connection-string', 'database.product-kind', 'database.login', 'database.exists', 'database.owner']) {
      expect(run.get(id).status, `${id}: ${run.get(id).detail}`).toBe('pass');
    }
    // The lab's PostgreSQL is InedoDB's 17, the database UTF8 with ICU en-US: no warning. One server is a single point of failure.
    expect(run.get('database.server-version'), run.get('database.server-version').detail).toMatchObject({ status: 'pass', data: { major: 17, encoding: 'UTF8', localeProvider: 'icu' } });
    expect(run.get('database.server-version').detail).toMatch(/^PostgreSQL 17\.\d+; database encoding UTF8, locale icu en-US$/);
    expect(run.get('database.high-availability').status).toBe('warn');
    expect(run.get('database.collation').status).toBe('skip');
    expect(run.statuses('database.reachable-from-node')).toEqual({ node1: 'pass', node2: 'pass', node3: 'pass' });
  });

  it('SQL Server (TDS test server): passes; the topology decides high availability', async () => {
    const run = await runLabChecks(lab, { database: 'sqlserver' });
    for (const id of ['database.login', 'database.exists', 'database.owner', 'database.collation', 'database.server-version', 'database.recovery-model']) {
      expect(run.get(id).status, `${id}: ${run.get(id).detail}`).toBe('pass');
    }
    expect(run.get('database.high-availability').status).toBe('warn');
    clearAfter.push(await withTdsModel((m) => ({ ...m, topology: 'always-on', databases: m.databases.map((d) => ({ ...d, availabilityGroup: 'InedoAG' })) })));
    expect((await runLabChecks(lab, { database: 'sqlserver', only: ['database.high-availability'] })).get('database.high-availability').status).toBe('pass');
    await withTdsModel((m) => ({ ...m, topology: 'mirroring' }));
    expect((await runLabChecks(lab, { database: 'sqlserver', only: ['database.high-availability'] })).get('database.high-availability').status).toBe('warn');
  });

  it('database.login: a wrong password fails with its remedy and without the password', async () => {
    for (const database of ['postgres', 'sqlserver'] as const) {
      const run = await runLabChecks(lab, { database, only: ['database.login'], change: (p) => ({ ...p, database: { ...p.database, password: secretFile('not-the-password') } }) });
      const r = run.get('database.login');
      expect(r.status, `${database}: ${r.detail}`).toBe('fail');
      expect(r.remedy).toBeTruthy();
      expect(JSON.stringify(r)).not.toContain('not-the-password');
    }
  });

  it('database.exists, database.owner, database.collation: a missing database, a login without db_owner, a wrong collation', async () => {
    const missing = await runLabChecks(lab, { database: 'sqlserver', only: ['database.login', 'database.exists'], change: (p) => ({ ...p, database: { ...p.database, connectionString: p.database.connectionString.replace(/Database=ProGet/, 'Database=Nope') } }) });
    expect(missing.get('database.login').status).toBe('pass');
    expect(missing.get('database.exists').status).toBe('fail');
    clearAfter.push(await withTdsModel((m) => ({ ...m, databases: m.databases.map((d) => ({ ...d, owners: [], collation: 'Latin1_General_CI_AS' })) })));
    const run = await runLabChecks(lab, { database: 'sqlserver', only: ['database.owner', 'database.collation'] });
    expect(run.get('database.owner').status).toBe('fail');
    expect(run.get('database.collation').status).toBe('fail');
  });

  it('database.product-kind: BuildMaster cannot use PostgreSQL', async () => {
    const run = await runLabChecks(lab, { only: ['database.product-kind'], change: (p) => ({ ...p, product: 'buildmaster' }) });
    expect(run.get('database.product-kind').status).toBe('fail');
  });

  it('database.reachable-from-node: a node that cannot reach the database port', async () => {
    await fault('block-port', 'node3', { value: '5432' });
    const run = await runLabChecks(lab, { only: ['database.reachable-from-node'] });
    expect(run.statuses('database.reachable-from-node')).toEqual({ node1: 'pass', node2: 'pass', node3: 'fail' });
  });
});

describe('storage checks', () => {
  it('pass on the healthy lab, and every sentinel is removed after', async () => {
    const run = await runLabChecks(lab, { only: ['storage.path-form', 'storage.writable', 'storage.shared', 'storage.free-space', 'storage.service-account'] });
    expect(run.get('storage.path-form').status).toBe('pass');
    expect(run.statuses('storage.writable')).toEqual({ node1: 'pass', node2: 'pass', node3: 'pass' });
    expect(run.get('storage.shared')).toMatchObject({ status: 'pass', detail: 'all 3 servers read each other\'s files' });
    expect(run.statuses('storage.service-account')).toEqual({ node1: 'skip', node2: 'skip', node3: 'skip' });
    expect(fs.readdirSync('/srv/ha-wizard-lab/shared').filter((f) => f.startsWith('hawizard-sentinel-'))).toEqual([]);
  });

  it('storage.shared names the node whose folder is local', async () => {
    await fault('local-storage', 'node3');
    const r = (await runLabChecks(lab, { only: ['storage.shared'] })).get('storage.shared');
    expect(r).toMatchObject({ status: 'fail', detail: 'node3 sees only its own file; node1 sees the files of node1 and node2; node2 sees the files of node1 and node2', data: { misconfigured: ['node3'] } });
    expect(r.remedy).toMatch(/^node3 writes to a folder of its own/);
  });

  it('storage.path-form and storage.writable: a relative path, and a folder that does not exist', async () => {
    const relative = await runLabChecks(lab, { only: ['storage.path-form'], change: (p) => ({ ...p, storage: { path: 'packages' } }) });
    expect(relative.get('storage.path-form').status).toBe('fail');
    const windows = await runLabChecks(lab, { only: ['storage.path-form'], change: (p) => ({ ...p, nodes: p.nodes.map((n) => ({ ...n, os: 'windows' as const })), storage: { path: 'P:\\packages' } }) });
    expect(windows.get('storage.path-form').detail).toMatch(/drive letter/);
    const gone = await runLabChecks(lab, { only: ['storage.writable'], change: (p) => ({ ...p, storage: { path: '/srv/ha-wizard-lab/node/nope' } }) });
    expect(gone.statuses('storage.writable')).toEqual({ node1: 'fail', node2: 'fail', node3: 'fail' });
  });
});

describe('encryption-key checks', () => {
  const key2 = 'abcdefabcdefabcdefabcdefabcdef12';

  it('the fresh lab keeps node1\'s key and will write it to the two nodes without one', async () => {
    const run = await runLabChecks(lab, { only: ['encryption.present', 'encryption.format', 'encryption.cluster-key'] });
    expect(run.statuses('encryption.present')).toEqual({ node1: 'pass', node2: 'warn', node3: 'warn' });
    expect(run.get('encryption.cluster-key')).toMatchObject({ status: 'pass', data: { decision: { kind: 'keep', fromNodes: ['node1'], nodesToChange: ['node2', 'node3'] } } });
    expect(JSON.stringify(run.results)).not.toMatch(/[0-9a-f]{32}/);
  });

  it('a malformed key fails; two keys on the cluster database are a conflict the admin must settle', async () => {
    clearAfter.push(editNodeConfig(lab, 'node3', (t) => `${t}PROGET_ENCRYPTION_KEY=not-a-key\n`));
    clearAfter.push(editNodeConfig(lab, 'node2', (t) => `${t.replace(/Database=proget_node2/, 'Database=proget')}PROGET_ENCRYPTION_KEY=${key2}\n`));
    const run = await runLabChecks(lab, { only: ['encryption.format', 'encryption.cluster-key'] });
    expect(run.statuses('encryption.format')).toEqual({ node1: 'pass', node2: 'pass', node3: 'fail' });
    expect(run.get('encryption.cluster-key')).toMatchObject({ status: 'fail', data: { decision: { kind: 'conflict' } } });
    expect(JSON.stringify(run.results)).not.toContain(key2);
    const settled = await runLabChecks(lab, { only: ['encryption.cluster-key'], change: (p) => ({ ...p, encryptionKey: { mode: 'keep-node', node: 'node2' } }) });
    expect(settled.get('encryption.cluster-key').data).toMatchObject({ decision: { kind: 'keep', fromNodes: ['node2'] } });
  });
});
