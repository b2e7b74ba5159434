import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../shared/profile';
import { updateProfileFile } from './profile-update';

const profile = {
  version: 1, product: 'proget', name: 'the admin\'s own name',
  nodes: [
    { id: 'node1', host: '10.0.0.1', user: 'admin', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget.env' },
    { host: '10.0.0.2', user: 'admin', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget.env' },
  ],
  database: { kind: 'postgres', connectionString: 'Host=db;Database=proget;Username=proget', password: { env: 'PG_PASSWORD' } },
  storage: { path: '/srv/shared' }, encryptionKey: { mode: 'keep-node', node: '10.0.0.2' }, loadBalancer: { type: 'haproxy' },
};

function file(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-update-'));
  const f = path.join(dir, 'cluster.json');
  fs.writeFileSync(f, JSON.stringify(profile, null, 2));
  return f;
}

describe('the profile file after add and remove', () => {
  it('adds the server, keeps the old file beside it, and leaves the rest as the admin wrote it', async () => {
    const f = file();
    const backup = await updateProfileFile(f, { add: { id: 'node3', host: '10.0.0.3', port: 22, user: 'admin', os: 'linux', auth: { kind: 'agent' }, configPath: '/etc/proget.env' } }, new Date('2026-11-30T21:00:00Z'));
    expect(backup).toBe(`${f}.ha-wizard-20261130T210000Z.bak`);
    expect(JSON.parse(fs.readFileSync(backup, 'utf8'))).toEqual(profile);
    const now = JSON.parse(fs.readFileSync(f, 'utf8'));
    expect(now.nodes.map((n: { id?: string; host: string }) => n.id ?? n.host)).toEqual(['node1', '10.0.0.2', 'node3']);
    expect(now.database).toEqual(profile.database);
    expect(now.name).toBe(profile.name);
    expect(parseProfile(now).ok).toBe(true);
  });

  it('removes a server named by its host, and the key kept from it becomes the cluster\'s (auto)', async () => {
    const f = file();
    await updateProfileFile(f, { remove: '10.0.0.2' });
    const now = JSON.parse(fs.readFileSync(f, 'utf8'));
    expect(now.nodes.map((n: { id: string }) => n.id)).toEqual(['node1']);
    expect(now.encryptionKey).toEqual({ mode: 'auto' });
    expect(parseProfile(now).ok).toBe(true);
  });

  it('refuses a change that would leave an invalid profile, and writes nothing', async () => {
    const f = file();
    await expect(updateProfileFile(f, { add: { ...profile.nodes[0]!, port: 22, os: 'linux', auth: { kind: 'agent' } } as never })).rejects.toThrow(/would not be valid/);
    expect(JSON.parse(fs.readFileSync(f, 'utf8'))).toEqual(profile);
    expect(fs.readdirSync(path.dirname(f))).toEqual(['cluster.json']);
  });

  it('a file that holds no profile object, or nodes that are no list, is refused with words, never a TypeError, and nothing is written', async () => {
    const f = file();
    for (const [content, words] of [['null', /does not hold a profile/], ['[1]', /does not hold a profile/], [JSON.stringify({ ...profile, nodes: { a: 1 } }), /would not be valid/]] as const) {
      fs.writeFileSync(f, content);
      await expect(updateProfileFile(f, { remove: '10.0.0.2' }), content).rejects.toThrow(words);
      expect(fs.readFileSync(f, 'utf8')).toBe(content);
      expect(fs.readdirSync(path.dirname(f))).toEqual(['cluster.json']);
    }
  });
});
