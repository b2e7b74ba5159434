/**
 * The opened-profile flow of item 3, in the store: a profile's file/env secrets are listed by name
 * and held back until the admin answers; yes allows exactly those for this opened profile; no drops
 * them so the pages ask for the values; opening another profile forgets the yes.
 */
import { describe, expect, it } from 'vitest';
import { localSecretUses } from '../../../electron/shared/local-secrets';
import type { ClusterProfileInput } from '../../../electron/shared/profile';
import { fromProfile, toProfile } from './profile-mapping';
import { wizard } from './wizard-store';

const handedOver: ClusterProfileInput = {
  version: 1, product: 'proget',
  nodes: [
    { id: 'node1', host: 'pg1.corp', user: 'admin', os: 'windows', auth: { kind: 'password', password: { env: 'PG1_SSH_PASSWORD' } } },
    { id: 'node2', host: 'pg2.corp', user: 'admin', os: 'linux', configPath: '/etc/proget.env', auth: { kind: 'key', keyPath: '/home/a/.ssh/id_ed25519', passphrase: { prompt: 'pp' } } },
  ],
  database: { kind: 'postgres', connectionString: 'Host=db.corp;Database=proget;Username=proget', password: { file: '/home/a/.ssh/id_rsa' } },
  storage: { path: '/var/proget/packages' },
  encryptionKey: { mode: 'provided', key: { file: 'C:\\keys\\proget.key' } },
  loadBalancer: { type: 'haproxy' },
  apiKey: { encrypted: 'AAAA' },
};

function open(p: ClusterProfileInput = handedOver, saved: Record<string, string> = { pp: 'typed-passphrase' }) {
  const { draft, secrets } = fromProfile(p, saved, 'Handed over');
  wizard().loadProfile(draft, secrets);
}

describe('an opened profile’s file and env secrets', () => {
  it('are listed by name, with where each goes, and nothing is allowed yet', () => {
    open();
    const asked = wizard().localConsent;
    expect(asked?.map((u) => [u.where, u.label, u.ref])).toEqual([
      ['database.password', 'Database password', { file: '/home/a/.ssh/id_rsa' }],
      ['nodes.0.auth.password', 'SSH password of node1', { env: 'PG1_SSH_PASSWORD' }],
      ['encryptionKey.key', 'Encryption key', { file: 'C:\\keys\\proget.key' }],
    ]);
    expect(asked?.[0]?.goesTo).toMatch(/^Sent to the database server/);
    expect(wizard().allowedLocal).toEqual([]);
  });

  it('yes: exactly those are allowed, and the profile still refers to them', () => {
    open();
    wizard().answerLocalSecrets(true);
    expect(wizard().localConsent).toBeNull();
    expect(wizard().allowedLocal).toEqual([{ file: '/home/a/.ssh/id_rsa' }, { env: 'PG1_SSH_PASSWORD' }, { file: 'C:\\keys\\proget.key' }]);
    const p = toProfile(wizard().draft, wizard().secrets).profile;
    expect(p.database.password).toEqual({ file: '/home/a/.ssh/id_rsa' });
  });

  it('no: none is allowed and none is left in the profile; typed and other secrets stay', () => {
    open();
    wizard().answerLocalSecrets(false);
    expect(wizard().allowedLocal).toEqual([]);
    const { profile, secrets } = toProfile(wizard().draft, wizard().secrets);
    expect(localSecretUses(profile)).toEqual([]);
    expect(profile.database.password).toEqual({ prompt: 'db' });
    expect(profile.nodes[0]!.auth).toEqual({ kind: 'password', password: { prompt: 'ssh:node1' } });
    expect(profile.apiKey).toEqual({ encrypted: 'AAAA' });
    expect(Object.values(secrets)).toContain('typed-passphrase');
  });

  it('opening another profile forgets the yes; a profile without such secrets asks nothing', () => {
    open();
    wizard().answerLocalSecrets(true);
    open({ ...handedOver, database: { ...handedOver.database, password: { file: '/etc/shadow' } } });
    expect(wizard().allowedLocal).toEqual([]);
    expect(wizard().localConsent?.[0]?.ref).toEqual({ file: '/etc/shadow' });
    open({ ...handedOver, nodes: [handedOver.nodes[1]!], database: { ...handedOver.database, password: { prompt: 'db' } }, encryptionKey: { mode: 'auto' } });
    expect(wizard().localConsent).toBeNull();
  });
});
