import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { posixCommand, posixScript, ShellQuoteError, shQuote } from './posix-dialect';

const run = promisify(execFile);
const pwned = join(tmpdir(), `pwned-${randomBytes(6).toString('hex')}`);

/** Hostile values: each must reach the program as exactly one argument, byte for byte. */
const hostile: string[] = [
  `/srv/x$(touch ${pwned})`,
  `\`touch ${pwned}\``,
  `;touch ${pwned}; rm -rf /nonexistent-${randomBytes(4).toString('hex')}`,
  `a && touch ${pwned}`,
  `| touch ${pwned}`,
  `> ${pwned}`,
  "it's",
  "'",
  "''",
  "'\\''",
  '"',
  '"$(touch ' + pwned + ')"',
  '\\',
  '\\\\n',
  '$HOME',
  '${HOME}',
  '$1 $@ $* $#',
  'line1\nline2',
  '\n',
  '\r\n',
  '\t',
  'with  spaces ',
  ' ',
  '',
  'ünïcödé ✓ 日本 🚀',
  '-rf',
  '--help',
  '-',
  '~',
  '~root',
  '*',
  '/*',
  '?',
  '[a-z]',
  '{a,b}',
  '#comment',
  'a#b',
  '!',
  '!!',
  '%s%n',
  'FOO=bar',
  '\x01\x7f\x1b[31m',
];

afterAll(() => rmSync(pwned, { force: true }));

/** Runs the command line through the real /bin/sh; the program prints each argument NUL-terminated. */
async function argsSeenBySh(commandLine: string): Promise<string[]> {
  const { stdout } = await run('/bin/sh', ['-c', commandLine], { encoding: 'buffer' });
  const text = stdout.toString('utf8');
  expect(text.endsWith('\0') || text === '').toBe(true);
  return text === '' ? [] : text.slice(0, -1).split('\0');
}

describe('shQuote', () => {
  it.each(hostile.map((value) => [JSON.stringify(value), value]))('carries %s as one exact argument', async (_label, value) => {
    const line = `printf '%s\\0' ${shQuote(value)}`;
    expect(await argsSeenBySh(line)).toEqual([value]);
    expect(existsSync(pwned)).toBe(false);
  });

  it('carries all hostile values at once, in order', async () => {
    const line = posixCommand(['printf', '%s\\0', ...hostile]);
    expect(await argsSeenBySh(line)).toEqual(hostile);
    expect(existsSync(pwned)).toBe(false);
  });

  it('leaves plain words readable and quotes the empty string', () => {
    expect(shQuote('/var/proget/packages')).toBe('/var/proget/packages');
    expect(shQuote('')).toBe("''");
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
    expect(shQuote('FOO=bar')).toBe("'FOO=bar'");
  });

  it('rejects NUL with a clear error', () => {
    expect(() => shQuote('a\0b')).toThrow(ShellQuoteError);
    expect(() => shQuote('a\0b')).toThrow(/NUL/);
  });

  it('survives random byte strings (fuzz)', async () => {
    const values = Array.from({ length: 40 }, () =>
      Array.from(randomBytes(24), (b) => String.fromCharCode(b === 0 ? 1 : b)).join(''),
    );
    // Keep to valid UTF-8 round trips: chars 0x80-0xff are encoded as two-byte UTF-8 by Node.
    expect(await argsSeenBySh(posixCommand(['printf', '%s\\0', ...values]))).toEqual(values);
    expect(existsSync(pwned)).toBe(false);
  });
});

describe('posixCommand / posixScript', () => {
  it('quotes the program name too', async () => {
    const { stdout } = await run('/bin/sh', ['-c', posixCommand(['echo', 'a b'])]);
    expect(stdout).toBe('a b\n');
    expect(posixCommand(['FOO=bar', 'x'])).toBe("'FOO=bar' x");
    expect(() => posixCommand([])).toThrow(ShellQuoteError);
  });

  it('passes values to a fixed script as positional arguments', async () => {
    const script = 'printf "%s\\0" "$1" "$2"';
    const values = [`x$(touch ${pwned})`, "y'\n\"z"];
    expect(await argsSeenBySh(posixScript(script, values))).toEqual(values);
    expect(existsSync(pwned)).toBe(false);
  });
});
