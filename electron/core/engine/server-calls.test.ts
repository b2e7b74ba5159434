/**
 * The Servers page's engine calls, through the real dispatcher and a real known hosts file: a changed
 * host key is trusted only after the admin typed the end of the NEW fingerprint, and then the store
 * holds the new key and not the old one (issue 11, item 3); the public key beside a key file is read
 * only when it is one (item 17).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintOf, HostKeyPolicy, KnownHostsStore } from '../remote/known-hosts';
import { fakeHost } from './testing/service-fakes';
import { WizardService } from './wizard-service';

const run = promisify(execFile);
let dir: string;
let knownHostsPath: string;
let service: WizardService;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hawizard-server-calls-'));
  knownHostsPath = join(dir, 'known_hosts.json');
  service = new WizardService(fakeHost([]), () => undefined, { connectTimeoutMs: 2000, checkTimeoutMs: 5000, knownHostsPath });
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const blob = (seed: string) => Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, seed)]);

describe('hostKey.replace', () => {
  const oldKey = blob('o');
  const newKey = blob('n');
  const input = (confirm: string, expected = fingerprintOf(oldKey)) => ({ host: 'Node2.corp', port: 22, expected, presented: fingerprintOf(newKey), keyType: 'ssh-ed25519', confirm });

  beforeEach(async () => {
    const store = new KnownHostsStore(knownHostsPath);
    await store.set('node2.corp', 22, { fingerprint: fingerprintOf(oldKey), keyType: 'ssh-ed25519' });
    await store.set('node1.corp', 22, { fingerprint: fingerprintOf(blob('1')), keyType: 'ssh-ed25519' });
  });

  it('refuses a confirmation that is not the end of the new fingerprint (the old one\'s end, a wrong one, nothing) and changes nothing', async () => {
    const before = await readFile(knownHostsPath, 'utf8');
    for (const confirm of [fingerprintOf(oldKey).slice(-6), 'abcdef', '', fingerprintOf(newKey).slice(-5)]) {
      const r = await service.call('hostKey.replace', input(confirm));
      expect(r, confirm).toMatchObject({ ok: false, error: { kind: 'refused', message: expect.stringMatching(/nothing was changed/i) } });
    }
    expect(await readFile(knownHostsPath, 'utf8')).toBe(before);
    expect((await new HostKeyPolicy({ store: new KnownHostsStore(knownHostsPath) }).evaluate('node2.corp', 22, newKey)).verdict).toBe('changed');
  });

  it('replaces the entry once the last 6 characters are typed: the store holds the new key, the old one is gone, the others stay', async () => {
    const r = await service.call('hostKey.replace', input(` ${fingerprintOf(newKey).slice(-6)} `));
    expect(r).toEqual({ ok: true, value: { replaced: true, fingerprint: fingerprintOf(newKey) } });
    const all = await new KnownHostsStore(knownHostsPath).readAll();
    expect(all['node2.corp:22']).toMatchObject({ fingerprint: fingerprintOf(newKey), keyType: 'ssh-ed25519' });
    expect(JSON.stringify(all)).not.toContain(fingerprintOf(oldKey));
    expect(all['node1.corp:22']?.fingerprint).toBe(fingerprintOf(blob('1')));
    expect(await new HostKeyPolicy({ store: new KnownHostsStore(knownHostsPath) }).evaluate('node2.corp', 22, newKey)).toMatchObject({ verdict: 'trusted', source: 'store' });
  });

  it('refuses when the store holds a key other than the one shown as the old one', async () => {
    const r = await service.call('hostKey.replace', input(fingerprintOf(newKey).slice(-6), fingerprintOf(blob('x'))));
    expect(r).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect((await new KnownHostsStore(knownHostsPath).get('node2.corp', 22))?.fingerprint).toBe(fingerprintOf(oldKey));
  });

  it('records the new key when the old one was only pinned in the profile (nothing in the store)', async () => {
    const r = await service.call('hostKey.replace', { ...input(fingerprintOf(newKey).slice(-6)), host: 'node3.corp' });
    expect(r.ok).toBe(true);
    expect((await new KnownHostsStore(knownHostsPath).get('node3.corp', 22))?.fingerprint).toBe(fingerprintOf(newKey));
  });
});

describe('ssh.publicKey', () => {
  it('reads the .pub beside a key file made by ssh-keygen', async () => {
    const key = join(dir, 'id_ed25519');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'admin@wizard-pc', '-f', key]);
    const r = await service.call('ssh.publicKey', { keyPath: key });
    expect(r).toEqual({ ok: true, value: { publicKey: (await readFile(`${key}.pub`, 'utf8')).trim(), path: `${key}.pub`, reason: null } });
  });

  it('says why there is none: no file, or a file that is not a public key (a private key is never returned)', async () => {
    expect(await service.call('ssh.publicKey', { keyPath: join(dir, 'missing') })).toMatchObject({ ok: true, value: { publicKey: null, reason: 'no such file' } });
    const key = join(dir, 'odd');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    // A private key saved where the public one should be.
    await writeFile(`${key}.pub`, await readFile(key, 'utf8'));
    const r = await service.call('ssh.publicKey', { keyPath: key });
    expect(r).toMatchObject({ ok: true, value: { publicKey: null, reason: 'it is not an OpenSSH public key' } });
    expect(JSON.stringify(r)).not.toContain('PRIVATE KEY');
  });
});
