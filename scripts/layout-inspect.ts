/**
 * Looks at one unpacked layout (what electron-builder --dir leaves): app.asar against the rules, the
 * CLI beside it, the fuses, and for Windows the resources electron-builder writes into the .exe.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { FUSE_SENTINEL, FUSES, STAND_IN_MESSAGE } from '../build/after-pack';
import { CLI_FILES } from '../build/cli-files';
import { parseIco } from '../build/ico-writer';
import { ICO_FILE } from '../build/render-icons';
import { listAsar, type AsarFile } from './asar-reader';
import { checkAsar, formatBytes, packageSizes, type AsarVerdict, type ExpectedContent } from './asar-rules';

// @electron/fuses' FuseState, which its package root does not export: the wire holds '0' and '1'.
const FUSE_ON = '1'.charCodeAt(0);
const FUSE_OFF = '0'.charCodeAt(0);

export interface LayoutReport {
  readonly platform: string;
  readonly asarBytes: number;
  readonly files: AsarFile[];
  readonly verdict: AsarVerdict;
  /** Problems outside the asar (CLI, executable); empty when all is well. */
  readonly problems: string[];
  readonly notes: string[];
}

export interface Layout {
  readonly platform: 'win32' | 'linux';
  readonly dir: string;
  readonly executable: string;
}

function checkCli(resources: string, version: string, problems: string[], notes: string[]): void {
  const dir = path.join(resources, 'cli');
  const missing = CLI_FILES.filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length) {
    problems.push(...missing.map((f) => `resources/cli/${f} is missing`));
    return;
  }
  // The shipped files themselves, on this machine's Node, as an admin would run them.
  const cli = path.join(dir, CLI_FILES[0]);
  const env = { ...process.env, NO_COLOR: '1' };
  const run = (args: string[]) => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', env });
  try {
    const v = run(['--version']).trim();
    if (v !== version) problems.push(`resources/cli/ha-wizard.cjs --version printed "${v}", expected ${version}`);
    if (!run(['check', '--help']).includes('--profile <file>')) problems.push('resources/cli/ha-wizard.cjs check --help does not describe --profile');
    // A command runs the command code beside the program: a report that is not there is bad usage (exit 2).
    const report = spawnSync(process.execPath, [cli, 'report', '--in', path.join(dir, 'no-such-report.json')], { encoding: 'utf8', env });
    if (report.status !== 2 || !report.stderr.startsWith('ha-wizard: cannot read')) {
      problems.push(`resources/cli/ha-wizard.cjs report on a missing file exited ${report.status} (expected 2): ${report.stderr.trim()}`);
    }
    const sizes = CLI_FILES.map((f) => `${f} ${formatBytes(fs.statSync(path.join(dir, f)).size)}`).join(', ');
    notes.push(`cli: resources/cli/ ${sizes}, --version ${v}, check --help ok, report runs the command code`);
  } catch (e) {
    problems.push(`resources/cli/ha-wizard.cjs failed to run: ${(e as Error).message}`);
  }
}

async function checkFuses(executable: string, problems: string[], notes: string[]): Promise<void> {
  if (!fs.readFileSync(executable).includes(FUSE_SENTINEL)) {
    notes.push(`${STAND_IN_MESSAGE} (${path.basename(executable)} has no fuse wire)`);
    return;
  }
  // A real Electron binary: every fuse must read as afterPack set it.
  const wire = await getCurrentFuseWire(executable);
  const names = Object.fromEntries(Object.entries(FuseV1Options).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k]));
  const wrong = Object.entries(FUSES).filter(([fuse, on]) => wire[Number(fuse) as FuseV1Options] !== (on ? FUSE_ON : FUSE_OFF));
  for (const [fuse, on] of wrong) problems.push(`fuse ${names[fuse]} is not ${on ? 'on' : 'off'}`);
  if (wrong.length === 0) notes.push('fuses: flipped and verified');
}

function checkWindowsResources(executable: string, problems: string[], notes: string[]): void {
  const exe = fs.readFileSync(executable);
  const name = path.basename(executable);
  const found: string[] = [];
  // resedit writes UTF-16 strings: the product name in the version resource, the asar hash record.
  if (!exe.includes(Buffer.from('HA Wizard', 'utf16le'))) found.push(`${name}: version resource does not name HA Wizard`);
  if (!exe.includes(Buffer.from('ELECTRONASAR', 'utf16le'))) found.push(`${name}: no asar integrity resource (EnableEmbeddedAsarIntegrityValidation would refuse to start)`);
  const missingIcons = parseIco(fs.readFileSync(ICO_FILE)).filter((i) => !exe.includes(i.png)).map((i) => i.width);
  if (missingIcons.length > 0) found.push(`${name}: app icon sizes ${missingIcons.join(', ')} px not embedded`);
  if (found.length === 0) notes.push(`${name}: version resource, app icon and asar integrity record written`);
  problems.push(...found);
}

export async function inspectLayout(layout: Layout, expected: ExpectedContent, version: string): Promise<LayoutReport> {
  const resources = path.join(layout.dir, 'resources');
  const asar = path.join(resources, 'app.asar');
  const problems: string[] = [];
  const notes: string[] = [];
  if (!fs.existsSync(asar)) {
    return { platform: layout.platform, asarBytes: 0, files: [], verdict: { missing: [{ path: 'resources/app.asar', reason: 'the app archive' }], extra: [] }, problems, notes };
  }
  const files = listAsar(asar);
  const verdict = checkAsar(files.map((f) => f.path), expected);
  checkCli(resources, version, problems, notes);
  if (!fs.existsSync(layout.executable)) problems.push(`executable ${path.basename(layout.executable)} is missing`);
  else {
    await checkFuses(layout.executable, problems, notes);
    if (layout.platform === 'win32') checkWindowsResources(layout.executable, problems, notes);
  }
  return { platform: layout.platform, asarBytes: fs.statSync(asar).size, files, verdict, problems, notes };
}

export function formatReport(r: LayoutReport): string {
  const lines = [`${r.platform}: app.asar ${formatBytes(r.asarBytes)}, ${r.files.length} files (${r.files.filter((f) => f.unpacked).length} unpacked)`];
  for (const n of r.notes) lines.push(`  ${n}`);
  lines.push('  largest dependencies:');
  for (const p of packageSizes(r.files).slice(0, 10)) lines.push(`    ${formatBytes(p.bytes).padStart(10)}  ${String(p.files).padStart(4)} files  ${p.dir.replace(/^node_modules\//, '')}`);
  for (const m of r.verdict.missing) lines.push(`  MISSING ${m.path}: ${m.reason}`);
  for (const x of r.verdict.extra) lines.push(`  EXTRA   ${x.path}: ${x.reason}`);
  for (const p of r.problems) lines.push(`  PROBLEM ${p}`);
  return lines.join('\n');
}

export function failed(r: LayoutReport): boolean {
  return r.verdict.missing.length + r.verdict.extra.length + r.problems.length > 0;
}
