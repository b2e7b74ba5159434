import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { STORAGE_PROBE } from '../nodes/posix-scripts';
import { POSIX_SCRIPT_COMMAND, posixCommand, posixScript, ShellQuoteError, shQuote } from './posix-dialect';
import { seededRandom as seeded } from '../../shared/testing/seeded-random';

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

  it('passes values to a fixed script as positional arguments, on stdin of a fixed command', async () => {
    const script = 'printf "%s\\0" "$@"';
    const values = [`x$(touch ${pwned})`, "y'\n\"z", ...hostile];
    const { command, stdin } = posixScript(script, values);
    expect(command).toBe(POSIX_SCRIPT_COMMAND);
    expect(await argsSeenThrough('/bin/sh', command, stdin)).toEqual(values);
    expect(existsSync(pwned)).toBe(false);
  });

  it('never lets a command inside the script read the rest of the script', async () => {
    // `cat` would print the script's remaining lines if sh had not read them all first.
    const { command, stdin } = posixScript('cat\nprintf "%s\\0" "$1"', ['after']);
    expect(await argsSeenThrough('/bin/sh', command, stdin)).toEqual(['after']);
  });
});

/** Runs `command` as sshd would, through a login shell (`shell -c command`), with `stdin`; splits the NUL-terminated output. */
async function argsSeenThrough(shell: string, command: string, stdin: string): Promise<string[]> {
  const child = execFile(shell, ['-c', command], { encoding: 'buffer', env: { PATH: '/usr/bin:/bin', HOME: tmpdir() } });
  const out: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stdin!.end(stdin);
  await new Promise((resolve, reject) => child.on('close', resolve).on('error', reject));
  const text = Buffer.concat(out).toString('utf8');
  return text === '' ? [] : text.replace(/\0$/, '').split('\0');
}

const ALPHABET = ['a', 'Z', '0', ' ', '\t', '\n', "'", '"', '\\', '$', '`', '(', ')', '{', '}', ';', '&', '|', '<', '>', '*', '?', '[', ']', '#', '~', '!', '%', '^', '-', '=', ',', '@', 'ü', '日', '🚀', '\r', '\x1b'];
function randomValue(next: () => number): string {
  const length = Math.floor(next() * 24);
  let value = '';
  for (let i = 0; i < length; i++) value += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return next() < 0.2 ? `$(touch ${pwned})${value}` : value;
}

/** The login shells a Linux admin may have (Debian packages); sshd runs our command through the user's. */
const LOGIN_SHELLS = ['/bin/sh', '/bin/bash', '/usr/bin/zsh', '/usr/bin/fish', '/usr/bin/tcsh'].filter((s) => existsSync(s));

describe('posixScript under every login shell', () => {
  it('has the shells to test (fish, tcsh, zsh: scripts/install-system-deps.sh)', () => {
    expect(LOGIN_SHELLS).toEqual(['/bin/sh', '/bin/bash', '/usr/bin/zsh', '/usr/bin/fish', '/usr/bin/tcsh']);
  });

  it.each(LOGIN_SHELLS)('%s: 200 random hostile argument lists arrive byte for byte, nothing runs', async (shell) => {
    const next = seeded(0x5eed + shell.length);
    const script = 'printf "%s\\0" "$@"';
    for (let round = 0; round < 200; round++) {
      const values = Array.from({ length: 1 + Math.floor(next() * 4) }, () => randomValue(next));
      const { command, stdin } = posixScript(script, values);
      expect(await argsSeenThrough(shell, command, stdin), `round ${round}: ${JSON.stringify(values)}`).toEqual(values);
    }
    expect(existsSync(pwned)).toBe(false);
  });

  it.each(LOGIN_SHELLS)('%s: every engine script at least parses and runs', async (shell) => {
    // STORAGE_PROBE with a missing folder: its first lines run, a clean exit follows.
    const { command, stdin } = posixScript(STORAGE_PROBE, ['/nonexistent/x$(touch ' + pwned + ')', 'p', '', '']);
    const child = execFile(shell, ['-c', command], { env: { PATH: '/usr/bin:/bin', HOME: tmpdir() } });
    let out = '';
    child.stdout!.on('data', (d: string) => (out += d));
    child.stdin!.end(stdin);
    await new Promise((resolve) => child.on('close', resolve));
    expect(out).toContain('exists\tfalse');
    expect(existsSync(pwned)).toBe(false);
  });
});
