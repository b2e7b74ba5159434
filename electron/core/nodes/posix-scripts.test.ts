/**
 * The fixed Linux scripts against the real /bin/sh, in a temp folder: files are only ever created new,
 * a symbolic link planted at a sentinel's name is refused (never written or read through).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { posixScript } from '../remote/posix-dialect';
import { parseKeyValues, READ_SENTINELS, REMOVE_SENTINELS, STORAGE_PROBE } from './posix-scripts';

async function runScript(script: string, args: string[]) {
  const { command, stdin } = posixScript(script, args);
  const child = execFile('/bin/sh', ['-c', command]);
  let out = '';
  child.stdout!.on('data', (d: string) => (out += d));
  child.stdin!.end(stdin);
  await new Promise((resolve) => child.on('close', resolve));
  return parseKeyValues(out);
}

let dir = '';
let victim = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hawizard-sentinel-'));
  victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'precious\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('STORAGE_PROBE', () => {
  it('writes a new sentinel in a writable folder', async () => {
    const kv = await runScript(STORAGE_PROBE, [dir, '.probe-1', 'sentinel-a.txt', 'written by a']);
    expect(kv.get('writable')).toBe('true');
    expect(kv.get('sentinel')).toBe('written');
    expect(readFileSync(join(dir, 'sentinel-a.txt'), 'utf8')).toBe('written by a');
    expect(existsSync(join(dir, '.probe-1'))).toBe(false);
  });

  it('refuses a symbolic link planted at the sentinel name, and leaves its target alone', async () => {
    symlinkSync(victim, join(dir, 'sentinel-a.txt'));
    const kv = await runScript(STORAGE_PROBE, [dir, '.probe-1', 'sentinel-a.txt', 'written by a']);
    expect(kv.get('writable')).toBe('true');
    expect(kv.get('sentinel')).toBe('refused');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('refuses a dangling symbolic link too (it would create the file it points at)', async () => {
    const target = join(dir, 'created-through-link');
    symlinkSync(target, join(dir, 'sentinel-a.txt'));
    const kv = await runScript(STORAGE_PROBE, [dir, '.probe-1', 'sentinel-a.txt', 'x']);
    expect(kv.get('sentinel')).toBe('refused');
    expect(existsSync(target)).toBe(false);
  });

  it('refuses an existing file at the sentinel name instead of overwriting it', async () => {
    writeFileSync(join(dir, 'sentinel-a.txt'), 'someone else\n');
    const kv = await runScript(STORAGE_PROBE, [dir, '.probe-1', 'sentinel-a.txt', 'x']);
    expect(kv.get('sentinel')).toBe('refused');
    expect(readFileSync(join(dir, 'sentinel-a.txt'), 'utf8')).toBe('someone else\n');
  });

  it('never writes the probe through a link planted at its name', async () => {
    symlinkSync(victim, join(dir, '.probe-1'));
    const kv = await runScript(STORAGE_PROBE, [dir, '.probe-1', '', '']);
    expect(kv.get('writable')).toBe('false');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });
});

describe('READ_SENTINELS / REMOVE_SENTINELS', () => {
  it('skips a symbolic link with the prefix (never reads through it) and removes the link, not its target', async () => {
    writeFileSync(join(dir, 'hw-node1.txt'), 'written by node1\n');
    symlinkSync(victim, join(dir, 'hw-node2.txt'));
    const kv = await runScript(READ_SENTINELS, [dir, 'hw-']);
    expect(kv.all('sentinel')).toEqual(['hw-node1.txt\twritten by node1']);
    await runScript(REMOVE_SENTINELS, [dir, 'hw-']);
    expect(existsSync(join(dir, 'hw-node1.txt'))).toBe(false);
    expect(existsSync(join(dir, 'hw-node2.txt'))).toBe(false);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });
});
