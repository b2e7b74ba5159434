/**
 * What survives a reload, and what never does: the draft, page and runs followed come back; no secret
 * is ever written to sessionStorage, whether typed into a password field, typed into the connection
 * string (whole or half-way), or held as a profile's encrypted reference. Property tests over seeded
 * random passwords; the store and the session code are the real ones.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { withPassword } from '../../../electron/shared/connection-string/connection-strings';
import { HOSTILE_PASSWORDS, randomPassword } from '../../../electron/shared/testing/hostile-passwords';
import { seededRandom } from '../../../electron/shared/testing/seeded-random';
import { SECRET, emptyNode } from './draft-types';
import { SESSION_KEY, readSession, secretLabel, withoutPassword } from './session-persist';
import { keepSession, restoreSession, useRetype } from './session-keeper';
import { hasUnsavedWork, useWizard, wizard } from './wizard-store';

/** A Storage over a Map (Node has no sessionStorage): the same interface the window gives. */
function memoryStorage(): Storage & { dump(): string } {
  const m = new Map<string, string>();
  return {
    get length() { return m.size; },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => { m.delete(k); },
    setItem: (k, v) => { m.set(k, String(v)); },
    dump: () => [...m.values()].join('\n'),
  };
}

/** The secret, raw or as JSON escapes it, anywhere in what was stored. */
function leaks(stored: string, secret: string): boolean {
  return stored.includes(secret) || stored.includes(JSON.stringify(secret).slice(1, -1));
}

beforeEach(() => wizard().reset());

describe('no secret is ever kept', () => {
  it('typed passwords, a password in the connection string (whole or half typed) and encrypted references: none reaches storage (400 seeded cases)', () => {
    const rnd = seededRandom(2026);
    const passwords = [...HOSTILE_PASSWORDS.filter((p) => p.length >= 6), ...Array.from({ length: 400 }, () => randomPassword(rnd, 8, 24))];
    for (const [i, pw] of passwords.entries()) {
      wizard().reset();
      const storage = memoryStorage();
      const stop = keepSession(storage);
      const node = { ...emptyNode('linux'), host: `node${i}.lab`, user: 'admin', configPath: '/etc/proget.env', serviceCommand: 'systemctl restart proget' };
      wizard().setDraft({ nodes: [node], storagePath: '/mnt/proget' });
      wizard().setSecret(SECRET.ssh(node.key), pw);
      wizard().setSecret(SECRET.apiKey, `${pw}-api`);
      // Half-typed, then whole: the password segment as the admin types it key by key.
      const base = 'Server=db01;Database=proget;User Id=proget';
      const cut = 6 + Math.floor(rnd() * (pw.length - 5));
      wizard().setDatabase({ connectionString: `${base};Password=${pw.slice(0, cut)}` });
      expect(leaks(storage.dump(), pw.slice(0, cut)), `half typed, case ${i}: ${JSON.stringify(pw)}`).toBe(false);
      wizard().setDatabase({ connectionString: withPassword(base, pw) });
      wizard().updateNode(node.key, { passphraseRef: { encrypted: `ENC(${pw})` } });
      wizard().setDraft({ encryption: { mode: 'provided', node: '', keyRef: { encrypted: `KEY(${pw})` } } });
      stop();
      const stored = storage.dump();
      expect(stored).toContain(`node${i}.lab`);
      expect(leaks(stored, pw), `case ${i}: ${JSON.stringify(pw)}`).toBe(false);
      const kept = readSession(storage);
      expect(kept?.draft.database.connectionString).toBe(base);
      expect(kept?.retype).toEqual([SECRET.apiKey, SECRET.db, SECRET.encryptionKey, SECRET.passphrase(node.key), SECRET.ssh(node.key)].sort());
    }
  });

  it('withoutPassword cuts every password value and keeps every other key in its order', () => {
    expect(withoutPassword('Server=db;Password=a;b;Database=x')).toEqual({ text: expect.not.stringContaining('a;b'), had: true });
    expect(withoutPassword('Server=db;Database=x;User Id=u')).toEqual({ text: 'Server=db;Database=x;User Id=u', had: false });
    expect(withoutPassword('Server=db;Pwd="half typed').text).not.toContain('half typed');
  });
});

describe('the session comes back after a reload', () => {
  it('the draft, the page and the accepted host keys come back; the secrets do not, and the wizard names what to type again', () => {
    const storage = memoryStorage();
    const stop = keepSession(storage);
    const node = { ...emptyNode('windows'), host: '10.0.0.7', user: 'Administrator' };
    wizard().setDraft({ nodes: [node], storagePath: '\\\\nas\\proget', name: 'prod' });
    wizard().setSecret(SECRET.ssh(node.key), 'Secret-1');
    wizard().acceptHostKey('10.0.0.7:22', `SHA256:${'A'.repeat(43)}`);
    wizard().goTo('storage');
    stop();
    const before = wizard().draft;

    // A reload: a fresh store, then what was kept.
    wizard().reset();
    expect(restoreSession(storage)).toBe(true);
    expect(wizard().draft).toEqual(before);
    expect(wizard().step).toBe('storage');
    expect(wizard().furthest).toBe(3);
    expect(wizard().acceptedHostKeys).toEqual({ '10.0.0.7:22': `SHA256:${'A'.repeat(43)}` });
    expect(wizard().secrets).toEqual({});
    expect(useRetype.getState().keys).toEqual([SECRET.ssh(node.key)]);
    expect(secretLabel(SECRET.ssh(node.key), wizard().draft)).toBe('the password for 10.0.0.7');
    // Restored work is still unsaved work (the baseline came back too).
    expect(hasUnsavedWork(wizard())).toBe(true);
  });

  it('nothing kept, or something unreadable, starts fresh', () => {
    const storage = memoryStorage();
    expect(restoreSession(storage)).toBe(false);
    storage.setItem(SESSION_KEY, '{not json');
    expect(restoreSession(storage)).toBe(false);
    storage.setItem(SESSION_KEY, JSON.stringify({ v: 0, draft: {} }));
    expect(restoreSession(storage)).toBe(false);
    expect(useWizard.getState().step).toBe('welcome');
  });
});
