/**
 * The password file line, read back by libpq's own rules (fe-connect.c passwordFromFile: fields split at an
 * unescaped `:`, `\` escaping the next character, trailing line breaks stripped), for hundreds of seeded
 * random passwords full of the characters that break naive files: `\`, `:`, quotes, `#`, `*`, spaces, unicode.
 */
import { describe, expect, it } from 'vitest';
import { conninfoValue, pgpassLine } from './pgpass';
import { UpgradeStepError } from './upgrade-ports';
import { seededRandom } from '../../shared/testing/seeded-random';


const AWKWARD = ['\\', ':', "'", '"', '#', '*', ' ', '\t', '$', '`', ';', '=', '%', '!', '&', '|', '@', 'é', 'ß', '密', '🔑', '\\:', '::', '\\\\'];
function randomPassword(next: () => number): string {
  const length = Math.floor(next() * 40);
  let s = '';
  for (let i = 0; i < length; i++) {
    s += next() < 0.5 ? AWKWARD[Math.floor(next() * AWKWARD.length)]! : String.fromCharCode(33 + Math.floor(next() * 94));
  }
  return s;
}

/** What libpq reads as the password of a line whose four other fields match (or null when they cannot). */
function libpqPassword(file: string): string | null {
  const line = file.replace(/[\r\n]+$/, '');
  if (line.includes('\n') || line.startsWith('#')) return null;
  let i = 0;
  for (let field = 0; field < 4; field++) {
    // Each of host, port, database, user: '*' matches anything; the field ends at an unescaped ':'.
    let value = '';
    while (i < line.length && line[i] !== ':') {
      if (line[i] === '\\' && i + 1 < line.length) i++;
      value += line[i++];
    }
    if (value !== '*' || line[i] !== ':') return null;
    i++;
  }
  let password = '';
  while (i < line.length && line[i] !== ':') {
    if (line[i] === '\\' && i + 1 < line.length) i++;
    password += line[i++];
  }
  return password;
}

describe('pgpassLine', () => {
  it('every one of 2000 seeded random awkward passwords reads back exactly, on one line', () => {
    const next = seededRandom(0x5eed14);
    for (let n = 0; n < 2000; n++) {
      const password = randomPassword(next);
      const line = pgpassLine(password);
      expect(line.endsWith('\n') && line.indexOf('\n') === line.length - 1, JSON.stringify(password)).toBe(true);
      expect(libpqPassword(line), JSON.stringify(password)).toBe(password);
    }
  });

  it('the cases a naive file gets wrong: a colon, a backslash, a trailing backslash', () => {
    expect(pgpassLine('a:b')).toBe('*:*:*:*:a\\:b\n');
    expect(pgpassLine('a\\b')).toBe('*:*:*:*:a\\\\b\n');
    expect(libpqPassword(pgpassLine('ends\\'))).toBe('ends\\');
    // Unescaped, libpq would stop at the colon and lose the rest.
    expect(libpqPassword('*:*:*:*:a:b\n')).toBe('a');
  });

  it('refuses a password a line cannot carry', () => {
    for (const bad of ['a\nb', 'a\rb', 'x\0']) expect(() => pgpassLine(bad)).toThrow(UpgradeStepError);
  });
});

describe('conninfoValue', () => {
  it('quotes a database name so libpq reads it whole (backslash and quote escaped)', () => {
    expect(conninfoValue("it's\\x db=y")).toBe("'it\\'s\\\\x db=y'");
  });
});
