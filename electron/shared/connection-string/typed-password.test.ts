import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random';
import { readFields } from './connection-fields';
import { quoteValue } from './connection-string-text';
import { tokenize } from './connection-string-tokens';
import { PASSWORD_KEYS } from './connection-strings';
import { liftPassword, withoutPassword } from './typed-password';

describe('a password written into the connection string box', () => {
  it('moves out once its segment is complete, with its `;`, so what is typed next starts a new key', () => {
    expect(liftPassword('Server=db;Username=proget;Password=typed-secr', false)).toEqual({ text: 'Server=db;Username=proget;Password=typed-secr', password: null });
    expect(liftPassword('Server=db;Username=proget;Password=typed-secret;', false)).toEqual({ text: 'Server=db;Username=proget;', password: 'typed-secret' });
    expect(liftPassword('Server=db;Password=x;Database=d', false)).toEqual({ text: 'Server=db;Database=d', password: 'x' });
  });

  it('moves out at once when the box loses focus or the text is pasted, taking the `;` before it', () => {
    expect(liftPassword('Server=db;Username=proget;Password=typed-secret', true)).toEqual({ text: 'Server=db;Username=proget', password: 'typed-secret' });
    expect(liftPassword('Host=db;Password="a;b";Database=x')).toEqual({ text: 'Host=db;Database=x', password: 'a;b' });
    expect(liftPassword('Host=db;Database=x')).toEqual({ text: 'Host=db;Database=x', password: null });
    // Issue 9 item 7: Npgsql's PSW synonym is a password too.
    expect(liftPassword('Host=db; psw = "x;y";Database=x')).toEqual({ text: 'Host=db;Database=x', password: 'x;y' });
  });

  it('a string still being typed (a quote open) is left alone, but the draft never keeps what looks like a password', () => {
    expect(liftPassword('Server=db;Password="a;b', true)).toEqual({ text: 'Server=db;Password="a;b', password: null });
    expect(withoutPassword('Server=db;Password="a;b')).toBe('Server=db;');
    expect(withoutPassword('Server=db;Password=typ')).toBe('Server=db');
    expect(withoutPassword('Server=db;Database="a')).toBe('Server=db;Database="a');
  });
});

// Typing, property: intended strings of both kinds, with odd values (quotes, braces, `=`, `;`, blanks,
// unicode) and a password somewhere, typed one character at a time as the Database page does it.
const KEYS = {
  sqlserver: ['Server', 'Data Source', 'Database', 'Initial Catalog', 'User ID', 'uid', 'Encrypt', 'TrustServerCertificate', 'Application Name', 'Connect Timeout'],
  postgres: ['Host', 'Server', 'Port', 'Database', 'Username', 'User Id', 'Timeout', 'Application Name'],
} as const;
const PASSWORD_NAMES = ['Password', 'password', 'Pwd', 'PWD', 'psw'];
const ALPHABET = [...'abcXYZ019', '"', "'", '{', '}', '=', ';', ' ', '\\', ',', ':', 'ü', 'é', '密', '🔑', '$', '%'];

function oddValue(next: () => number): string {
  const n = 1 + Math.floor(next() * 9);
  let v = '';
  for (let i = 0; i < n; i++) v += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return v;
}

interface Intended { text: string; segments: { key: string; value: string }[]; password: string | null }

function intended(next: () => number, kind: 'sqlserver' | 'postgres'): Intended {
  const pick = <T,>(a: readonly T[]) => a[Math.floor(next() * a.length)]!;
  const segments: { key: string; value: string }[] = [];
  const parts: string[] = [];
  const count = 1 + Math.floor(next() * 6);
  const at = next() < 0.85 ? Math.floor(next() * (count + 1)) : -1;
  let password: string | null = null;
  for (let i = 0; i <= count; i++) {
    const eq = next() < 0.2 ? ' = ' : '=';
    if (i === at) {
      password = oddValue(next);
      parts.push(`${pick(PASSWORD_NAMES)}${eq}${quoteValue(password)}`);
    }
    if (i === count) break;
    const key = pick(KEYS[kind]);
    const value = next() < 0.5 ? oddValue(next) : pick(['sql01', 'ProGet', 'pg', 'True', '5433']);
    segments.push({ key: key.toLowerCase(), value });
    parts.push(`${key}${eq}${quoteValue(value)}`);
  }
  return { text: parts.join(';') + (next() < 0.2 ? ';' : ''), segments, password };
}

const readable = (text: string) => {
  try {
    return tokenize(text, 'tedious');
  } catch {
    return null;
  }
};
const noPasswordKey = (text: string) => {
  const tokens = readable(text);
  return tokens ? tokens.every((t) => !PASSWORD_KEYS.includes(t.key)) : !/p\s*a\s*s\s*s\s*w\s*o\s*r\s*d|p\s*w\s*d|p\s*s\s*w/i.test(text);
};

/** The Database page's step for one change of the box (typed), or its blur (final). */
function step(box: string, field: string, final: boolean) {
  const l = liftPassword(box, final);
  return { box: l.text, field: l.password ? l.password : field, draft: withoutPassword(l.text) };
}

describe('typing a connection string character by character (property)', () => {
  for (const kind of ['sqlserver', 'postgres'] as const) {
    it(`${kind}: no state corrupts an earlier key, order is kept, and the password ends in its own field only`, () => {
      const next = seededRandom(kind === 'sqlserver' ? 611 : 612);
      let withPassword = 0;
      for (let n = 0; n < 250; n++) {
        const want = intended(next, kind);
        if (want.password !== null) withPassword++;
        let box = '';
        let field = '';
        for (const ch of want.text) {
          ({ box, field } = step(box + ch, field, false));
          const ctx = `${JSON.stringify(want.text)} at ${JSON.stringify(box)}`;
          // The draft (saved in session storage) never holds a password, not even half typed.
          expect(noPasswordKey(withoutPassword(box)), ctx).toBe(true);
          const tokens = readable(box);
          if (!tokens) continue; // a quote still open: the grammar cannot read it yet
          const done = tokens.filter((t, i) => i < tokens.length - 1 || /;\s*$/.test(box)).filter((t) => !PASSWORD_KEYS.includes(t.key));
          expect(done.map((t) => ({ key: t.key, value: t.value })), ctx).toEqual(want.segments.slice(0, done.length));
        }
        ({ box, field } = step(box, field, true));
        const ctx = `${JSON.stringify(want.text)} -> ${JSON.stringify(box)}`;
        const tokens = readable(box);
        expect(tokens, ctx).not.toBeNull();
        expect(tokens!.map((t) => ({ key: t.key, value: t.value })), ctx).toEqual(want.segments);
        expect(noPasswordKey(box), ctx).toBe(true);
        expect(field, ctx).toBe(want.password ?? '');
        const pasted = liftPassword(want.text, true);
        expect(box, ctx).toBe(pasted.text);
        expect(readFields(kind, box), ctx).toEqual(readFields(kind, withoutPassword(want.text)));
      }
      expect(withPassword).toBeGreaterThan(180);
    });
  }
});
