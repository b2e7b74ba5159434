/**
 * The production dependency closure as it is installed: every package folder (hoisted or nested)
 * that Node would load starting from package.json's "dependencies". The packaging check expects
 * exactly these in app.asar.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface InstalledPackage {
  readonly name: string;
  /** Folder relative to the project, '/'-separated: node_modules/tedious/node_modules/bl. */
  readonly dir: string;
}

interface Manifest {
  name?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Node's lookup: node_modules/<name> in the requiring folder, then in each parent up to the project. */
function resolveFrom(root: string, fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.relative(root, dir) === '' || dir === path.dirname(dir)) return undefined;
  }
}

/** `skip`: packages deliberately left out of the app, with whatever only they need. */
export function productionDependencies(root: string, skip: (name: string) => boolean = () => false): InstalledPackage[] {
  const found = new Map<string, InstalledPackage>();
  const queue: { from: string; name: string; optional: boolean }[] = [];
  const enqueue = (from: string, m: Manifest) => {
    for (const name of Object.keys(m.dependencies ?? {})) queue.push({ from, name, optional: false });
    for (const name of Object.keys(m.optionalDependencies ?? {})) queue.push({ from, name, optional: true });
    // npm installs required peers itself; optional ones are the host's choice, and ours never chose them.
    for (const name of Object.keys(m.peerDependencies ?? {})) {
      if (!m.peerDependenciesMeta?.[name]?.optional) queue.push({ from, name, optional: false });
    }
  };
  enqueue(root, readManifest(root));
  for (let item = queue.shift(); item; item = queue.shift()) {
    if (skip(item.name)) continue;
    const dir = resolveFrom(root, item.from, item.name);
    if (!dir) {
      if (item.optional) continue;
      throw new Error(`${item.name} (needed by ${path.relative(root, item.from) || 'the app'}) is not installed: run npm ci`);
    }
    const rel = path.relative(root, dir).split(path.sep).join('/');
    if (found.has(rel)) continue;
    found.set(rel, { name: item.name, dir: rel });
    enqueue(dir, readManifest(dir));
  }
  return [...found.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}
