/**
 * What app.asar must and must not hold, as pure functions over its file list, so the rules are tested
 * on made-up lists and the packaging check only reads the archive and prints the verdict.
 */
import type { InstalledPackage } from './dependency-tree';

export interface ExpectedContent {
  /** Files that must be there: the main, preload and renderer entry points and package.json. */
  readonly requiredFiles: readonly string[];
  /** Production dependencies, each expected as <dir>/package.json. */
  readonly requiredPackages: readonly InstalledPackage[];
  /** Packages that must not ship, by name, with the reason shown when one does. */
  readonly forbiddenPackages: ReadonlyMap<string, string>;
}

export interface Finding {
  readonly path: string;
  readonly reason: string;
}

export interface AsarVerdict {
  readonly missing: Finding[];
  readonly extra: Finding[];
}

/** Rules for single files, first match wins; applied outside package folders already reported. */
const FILE_RULES: readonly [RegExp, string][] = [
  [/\.map$/, 'source map'],
  [/(^|\/)[^/]+\.(test|spec)\.[^/]+$/, 'test file'],
  [/^e2e\//, 'the lab (e2e/)'],
  [/(^|\/)\.env(\.[^/]*)?$/, '.env file'],
  [/\.(ts|tsx|mts|cts)$/, 'TypeScript source'],
  [/^(electron|renderer|scripts|bench|build)\//, 'source folder, not a build output'],
  [/^(?!out\/|node_modules\/|package\.json$)/, 'not part of the app (only out/, package.json and dependencies ship)'],
];

const PACKAGE_JSON = /^((?:.*\/)?node_modules\/(?:@[^/]+\/)?[^/@][^/]*)\/package\.json$/;
const PACKAGE_DIR = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//;

/** The package folders present, from their package.json files (a package's own sub-package.json files do not count). */
export function packageDirs(files: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    const m = PACKAGE_JSON.exec(f);
    if (m) out.set(m[1]!, m[1]!.replace(/^.*node_modules\//, ''));
  }
  return out;
}

/** The innermost package folder a file belongs to, or undefined for the app's own files. */
export function packageOf(file: string): string | undefined {
  return PACKAGE_DIR.exec(file)?.[1];
}

export function checkAsar(files: readonly string[], expected: ExpectedContent): AsarVerdict {
  const present = new Set(files);
  const missing: Finding[] = [];
  const extra: Finding[] = [];

  for (const f of expected.requiredFiles) if (!present.has(f)) missing.push({ path: f, reason: 'required file' });
  if (!files.some((f) => /^out\/renderer\/assets\/[^/]+\.js$/.test(f))) missing.push({ path: 'out/renderer/assets/*.js', reason: 'renderer bundle' });

  const dirs = packageDirs(files);
  const wanted = new Map(expected.requiredPackages.map((p) => [p.dir, p.name]));
  for (const [dir, name] of wanted) if (!dirs.has(dir)) missing.push({ path: dir, reason: `production dependency ${name}` });

  const reported = new Set<string>();
  for (const [dir, name] of dirs) {
    const forbidden = expected.forbiddenPackages.get(name) ?? [...expected.forbiddenPackages].find(([k]) => k.endsWith('/*') && name.startsWith(k.slice(0, -1)))?.[1];
    if (forbidden !== undefined) extra.push({ path: dir, reason: forbidden });
    else if (!wanted.has(dir)) extra.push({ path: dir, reason: `${name} is not a production dependency` });
    else continue;
    reported.add(dir);
  }

  for (const f of files) {
    const pkg = packageOf(f);
    // One line per unwanted package, not one per file in it.
    if (pkg && [...reported].some((d) => pkg === d || pkg.startsWith(`${d}/`))) continue;
    const rule = FILE_RULES.find(([re]) => re.test(f));
    if (rule) extra.push({ path: f, reason: rule[1] });
  }
  return { missing, extra };
}

export interface PackageSize {
  readonly dir: string;
  readonly bytes: number;
  readonly files: number;
}

/** Bytes per package folder (its own files; nested dependencies count on their own). */
export function packageSizes(files: readonly { path: string; size: number }[]): PackageSize[] {
  const sizes = new Map<string, { bytes: number; files: number }>();
  for (const f of files) {
    const dir = packageOf(f.path);
    if (!dir) continue;
    const s = sizes.get(dir) ?? { bytes: 0, files: 0 };
    s.bytes += f.size;
    s.files += 1;
    sizes.set(dir, s);
  }
  return [...sizes].map(([dir, s]) => ({ dir, ...s })).sort((a, b) => b.bytes - a.bytes || a.dir.localeCompare(b.dir));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}
