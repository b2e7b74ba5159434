/** The harness saves profiles through the app's own store, on its folder; secrets stay in its memory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parseProfile } from '../../electron/shared/profile';
import { harnessHost } from './harness-host';

it('saves, lists and opens profiles with the real store, secrets in memory only', async () => {
  const parsed = parseProfile({
    version: 1, product: 'proget', nodes: [{ host: 'a', user: 'u', os: 'linux', configPath: '/p.env', auth: { kind: 'password', password: { prompt: 'ssh:a' } } }],
    database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=p', password: { prompt: 'db' } },
    storage: { path: '/mnt/p' }, loadBalancer: { type: 'haproxy' },
  });
  if (!parsed.ok) throw new Error('test profile invalid');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-'));
  const host = harnessHost({ dataDir, version: 'test' });
  expect(host.info().secretStorage).toBe('memory-only');
  expect(await host.saveProfile({ name: 'Lab cluster', profile: parsed.profile, secrets: { db: 'hunter2-db' } })).toEqual({ id: 'lab-cluster', secretsStored: 'memory-only' });
  expect(fs.readFileSync(path.join(dataDir, 'profiles', 'lab-cluster.hawizard.json'), 'utf8')).not.toContain('hunter2');
  expect((await host.listProfiles()).map((p) => p.name)).toEqual(['Lab cluster']);
  expect(await host.openProfile('lab-cluster')).toEqual({ name: 'Lab cluster', profile: parsed.profile, secrets: { db: 'hunter2-db' } });
  // A new harness on the same folder (a restart) has the profile, not the secrets.
  expect((await harnessHost({ dataDir, version: 'test' }).openProfile('lab-cluster')).secrets).toEqual({});
  await expect(host.openProfile('nope')).rejects.toThrow('no saved profile nope');
});
