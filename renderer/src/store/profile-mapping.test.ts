import { describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../../electron/shared/profile';
import { SECRET, emptyDraft, emptyNode, type Draft } from './draft-types';
import { PLACEHOLDER, fromProfile, toProfile } from './profile-mapping';

function draft(): { d: Draft; secrets: Record<string, string> } {
  const n = { ...emptyNode('windows'), id: 'node1', host: 'pg1.corp', user: 'admin' };
  const k = { ...emptyNode('linux'), host: 'pg2.corp', user: 'root', authKind: 'key' as const, keyPath: '/k', usePassphrase: true, configPath: '/etc/p.env', serviceCommand: '/bin/svc' };
  const d: Draft = {
    ...emptyDraft(), name: 'Corp', nodes: [n, k],
    database: { kind: 'sqlserver', connectionString: 'Server=sql01;Database=ProGet;User ID=pg' },
    storagePath: '\\\\nas\\p', encryption: { mode: 'provided', node: '' }, useApiKey: true,
  };
  return { d, secrets: { [SECRET.ssh(n.key)]: 'pw', [SECRET.passphrase(k.key)]: 'pp', db: 'dbpw', 'api-key': 'ak', 'encryption-key': 'a'.repeat(32) } };
}

describe('draft <-> profile', () => {
  it('references every secret by prompt and sends the values beside the profile', () => {
    const { d, secrets } = draft();
    const { profile, secrets: out } = toProfile(d, secrets);
    expect(ProfileSchema.safeParse(profile).success).toBe(true);
    expect(JSON.stringify(profile)).not.toMatch(/dbpw|"pw"|"pp"|"ak"|aaaa/);
    expect(profile.nodes[0]!.auth).toEqual({ kind: 'password', password: { prompt: 'ssh:node1' } });
    expect(profile.nodes[1]!.auth).toEqual({ kind: 'key', keyPath: '/k', passphrase: { prompt: 'ssh-passphrase:pg2.corp' } });
    expect(out).toEqual({ 'ssh:node1': 'pw', 'ssh-passphrase:pg2.corp': 'pp', db: 'dbpw', 'api-key': 'ak', 'encryption-key': 'a'.repeat(32) });
  });

  it('restores every field and secret from a saved profile', () => {
    const { d, secrets } = draft();
    const { profile, secrets: sent } = toProfile(d, secrets);
    const back = fromProfile(profile, sent, 'Corp');
    const again = toProfile(back.draft, back.secrets);
    expect(again.profile).toEqual(profile);
    expect(again.secrets).toEqual(sent);
  });

  it('keeps a node\'s SHA-1 allowance through the editor (it is set in the profile file only)', () => {
    const { d, secrets } = draft();
    d.nodes[1] = { ...d.nodes[1]!, allowSha1: true };
    const { profile, secrets: sent } = toProfile(d, secrets);
    expect(profile.nodes[1]!.allowSha1).toBe(true);
    expect(profile.nodes[0]!.allowSha1).toBeUndefined();
    expect(toProfile(fromProfile(profile, sent, 'Corp').draft, sent).profile).toEqual(profile);
  });

  it('fills unfinished sections with placeholders that come back empty', () => {
    const d: Draft = { ...emptyDraft(), nodes: [{ ...emptyNode('linux'), host: 'h', user: 'u', authKind: 'agent', configPath: '/e', serviceCommand: '/s' }] };
    const { profile } = toProfile(d, {});
    expect(ProfileSchema.safeParse(profile).success).toBe(true);
    expect(profile.storage.path).toBe(PLACEHOLDER);
    const back = fromProfile(profile, {}, 'x').draft;
    expect(back.database.connectionString).toBe('');
    expect(back.storagePath).toBe('');
  });

  it('keeps a non-prompt reference until a value is typed', () => {
    const { d } = draft();
    const { profile } = toProfile(d, {});
    const withFile = { ...profile, database: { ...profile.database, password: { file: '/secrets/db' } } };
    const back = fromProfile(withFile, {}, 'x');
    expect(toProfile(back.draft, back.secrets).profile.database.password).toEqual({ file: '/secrets/db' });
    expect(toProfile(back.draft, { db: 'typed' }).profile.database.password).toEqual({ prompt: 'db' });
  });
});
