/**
 * `npm run package:check`: builds the app and the CLI, packs Windows and Linux --dir layouts with
 * build/electron-builder.config.ts on stand-in Electron binaries (the real one cannot be downloaded
 * here), and fails with a list of whatever app.asar lacks or holds beyond the production app.
 * `--no-build` skips the build (when out/ is fresh); `--keep` leaves the layouts for a look.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Configuration } from 'electron-builder';
import { afterPack, STAND_IN_MESSAGE, type AfterPackResult } from '../build/after-pack';
import builderConfig, { LEFT_OUT_PACKAGES, isLeftOut } from '../build/electron-builder.config';
import { ICO_FILE, ICO_SIZES, SOURCE_HASH_FILE, sourceHash } from '../build/render-icons';
import { parseIco } from '../build/ico-writer';
import type { ExpectedContent } from './asar-rules';
import { buildCli } from './build-cli';
import { productionDependencies, readManifest } from './dependency-tree';
import { failed, formatReport, inspectLayout, type Layout } from './layout-inspect';
import { makeStandIns } from './stand-in-electron';

const ROOT = path.resolve(__dirname, '..');

/** Named in the packaging issue; the rest of devDependencies are forbidden too, read from package.json. */
const NAMED_DEV_PACKAGES = ['electron', 'vite', 'vitest', 'typescript', 'playwright-core', 'eslint', 'tsx', 'esbuild', 'react', 'react-dom', '@fluentui/*', 'zustand', 'ws', 'electron-builder', '@electron/fuses'];

function step(label: string): () => void {
  const started = Date.now();
  process.stdout.write(`package:check: ${label}...\n`);
  return () => process.stdout.write(`package:check: ${label} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

export function expectedContent(root: string): ExpectedContent {
  const manifest = readManifest(root);
  const forbidden = new Map<string, string>();
  for (const name of [...NAMED_DEV_PACKAGES, ...Object.keys(manifest.devDependencies ?? {})]) forbidden.set(name, `dev dependency ${name}`);
  for (const [name, why] of Object.entries(LEFT_OUT_PACKAGES)) forbidden.set(name, `left out on purpose: ${why}`);
  return {
    requiredFiles: ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'],
    requiredPackages: productionDependencies(root, isLeftOut),
    forbiddenPackages: forbidden,
  };
}

function checkIcons(): string[] {
  const problems: string[] = [];
  const recorded = fs.existsSync(SOURCE_HASH_FILE) ? fs.readFileSync(SOURCE_HASH_FILE, 'utf8').split(/\s/)[0] : '';
  if (recorded !== sourceHash()) problems.push('build/icons are stale or missing: build/icon.svg changed; run npm run icons');
  try {
    const sizes = parseIco(fs.readFileSync(ICO_FILE)).map((i) => i.width);
    if (sizes.join() !== ICO_SIZES.join()) problems.push(`build/icons/icon.ico holds ${sizes.join(', ')} px, expected ${ICO_SIZES.join(', ')}`);
  } catch (e) {
    problems.push(`build/icons/icon.ico: ${(e as Error).message}`);
  }
  return problems;
}

/** The build must not sign (no certificate here, and signing tools are downloads) nor find one by itself. */
function packagingEnv(): void {
  for (const k of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD', 'CSC_NAME', 'HA_WIZARD_REQUIRE_SIGNING']) delete process.env[k];
  process.env.CSC_IDENTITY_AUTO_DISCOVERY = 'false';
  process.env.ELECTRON_BUILDER_7ZIP_PATH ??= '/usr/bin/7za';
}

async function pack(work: string, fuseResults: Map<string, AfterPackResult>): Promise<Layout[]> {
  const { build, Platform, Arch } = await import('electron-builder');
  const electronVersion = readManifest(path.join(ROOT, 'node_modules/electron')) as { version?: string };
  const version = electronVersion.version ?? '45.0.0';
  const standIns = makeStandIns(path.join(work, 'stand-ins'), version);
  const output = path.join(work, 'release');
  const config: Configuration = {
    ...builderConfig,
    electronVersion: version,
    electronDist: (o) => (o.platformName === 'win32' ? standIns.win32 : standIns.linux),
    directories: { ...builderConfig.directories, output },
    forceCodeSigning: false,
    afterPack: async (context) => {
      fuseResults.set(context.electronPlatformName, await afterPack(context, { allowStandIn: true }));
    },
  };
  const targets = new Map([
    [Platform.WINDOWS, new Map([[Arch.x64, ['dir']]])],
    [Platform.LINUX, new Map([[Arch.x64, ['dir']]])],
  ]);
  await build({ projectDir: ROOT, targets, config, publish: 'never' });
  const productFilename = builderConfig.productName!;
  const linuxName = readManifest(ROOT).name!;
  return [
    { platform: 'win32', dir: path.join(output, 'win-unpacked'), executable: path.join(output, 'win-unpacked', `${productFilename}.exe`) },
    { platform: 'linux', dir: path.join(output, 'linux-unpacked'), executable: path.join(output, 'linux-unpacked', linuxName) },
  ];
}

async function main(): Promise<number> {
  const started = Date.now();
  const args = new Set(process.argv.slice(2));
  process.chdir(ROOT);
  if (!args.has('--no-build')) {
    let done = step('electron-vite build');
    execFileSync(path.join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    done();
    done = step('build:cli');
    await buildCli();
    done();
  }
  const problems = checkIcons();
  packagingEnv();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-wizard-package-'));
  try {
    const fuseResults = new Map<string, AfterPackResult>();
    let done = step('electron-builder --win --linux --dir (stand-in Electron)');
    const layouts = await pack(work, fuseResults);
    done();
    done = step('inspect layouts');
    const expected = expectedContent(ROOT);
    const version = readManifest(ROOT) as { version?: string };
    let bad = problems.length > 0;
    for (const layout of layouts) {
      const report = await inspectLayout(layout, expected, version.version ?? '');
      const fuse = fuseResults.get(layout.platform);
      if (!fuse) report.problems.push('the afterPack hook did not run');
      else if (!fuse.flipped && fuse.reason !== STAND_IN_MESSAGE) report.problems.push(`fuses: ${fuse.reason}`);
      console.log(formatReport(report));
      bad ||= failed(report);
    }
    done();
    for (const p of problems) console.log(`PROBLEM ${p}`);
    console.log(`package:check: ${expected.requiredPackages.length} production packages expected; ${bad ? 'FAILED' : 'ok'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (args.has('--keep')) console.log(`package:check: layouts kept in ${work}/release`);
    return bad ? 1 : 0;
  } finally {
    if (!args.has('--keep')) fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error('package:check failed:', e);
      process.exit(1);
    },
  );
}
