/**
 * electron-builder configuration of HA Wizard (electron-builder loads .ts configs itself):
 *   npm run build && npx electron-builder --win --config build/electron-builder.config.ts
 * Windows: an NSIS installer (per-user by default, per-machine on request), an MSI for silent
 * deployment (Intune, SCCM, Group Policy) and a portable zip. Version and publisher (author) come
 * from package.json. scripts/package-check.ts builds --dir layouts of this same configuration.
 */
import type { Configuration } from 'electron-builder';
import { afterPack } from './after-pack';
import { CLI_FILES } from './cli-files';

export const APP_ID = 'com.hawizard.desktop';
export const PRODUCT_NAME = 'HA Wizard';
/** Fixed so that every later MSI upgrades this one in place (and IT can target it in detection rules). */
export const MSI_UPGRADE_CODE = '6f1b2d4e-9a7c-4e35-8b0d-2c5e7f9a1b34';

/**
 * Packages the production dependencies pull in that the app never loads, left out of app.asar.
 * The native ones are built for the build machine's Node, not for Electron or the target OS; ssh2
 * falls back to JavaScript without them (it requires them in a try/catch).
 */
export const LEFT_OUT_PACKAGES: Readonly<Record<string, string>> = {
  'cpu-features': "ssh2's optional native CPU probe",
  nan: 'C++ headers for building native addons',
  buildcheck: "cpu-features' build-time helper",
  '@types/*': 'TypeScript declarations only (tedious lists @types/node as a dependency)',
  'undici-types': "TypeScript declarations only, @types/node's",
};

export function isLeftOut(name: string): boolean {
  return Object.keys(LEFT_OUT_PACKAGES).some((k) => (k.endsWith('/*') ? name.startsWith(k.slice(0, -1)) : name === k));
}

const leftOutGlob = Object.keys(LEFT_OUT_PACKAGES).map((k) => k.replace(/\/\*$/, '')).join(',');

/**
 * What goes into app.asar: the bundles and package.json; electron-builder adds the production
 * dependencies from node_modules by itself and applies these exclusions to them too. out/cli is
 * listed, but electron-builder keeps the source of an extraResources entry out of the asar, so the
 * CLI ships once, as resources/cli/ha-wizard.cjs and the command code it loads from beside it.
 */
export const FILES = [
  'out/main/**',
  'out/preload/**',
  'out/renderer/**',
  'out/cli/**',
  'package.json',
  '!**/*.map',
  '!**/*.{test,spec}.*',
  '!**/{.env,.env.*}',
  // TypeScript sources some packages ship next to their JavaScript (zod's src/, for one).
  '!**/*.{ts,tsx,mts,cts}',
  '!**/node_modules/**/{test,tests,__tests__}/**',
  '!**/node_modules/**/{*.md,.eslintrc*,.eslintignore,.prettierrc*}',
  '!**/node_modules/ssh2/lib/protocol/crypto/{build,src,binding.gyp}{,/**}',
  '!**/node_modules/ssh2/{install.js,util/pagent.c,util/build_pagent.bat}',
  `!**/node_modules/{${leftOutGlob}}{,/**}`,
];

/** Signing is electron-builder's own: it reads WIN_CSC_LINK or CSC_LINK (with *_KEY_PASSWORD) when set. */
export function signingRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  // A release pipeline sets this so that a missing certificate fails the build instead of shipping unsigned.
  return env.HA_WIZARD_REQUIRE_SIGNING === '1';
}

const config: Configuration = {
  appId: APP_ID,
  productName: PRODUCT_NAME,
  copyright: 'Copyright © HA Wizard team',
  directories: { output: 'release', buildResources: 'build' },
  files: FILES,
  asar: true,
  // The CLI for a system Node: RunAsNode is fused off, so Electron's binary cannot run it.
  // Two files, side by side: the program require()s ha-wizard-commands.cjs from its own folder.
  extraResources: CLI_FILES.map((f) => ({ from: `out/cli/${f}`, to: `cli/${f}` })),
  // No native module is needed (ssh2's are optional, tedious is pure JavaScript): nothing to rebuild.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  forceCodeSigning: signingRequired(),
  afterPack: async (context) => {
    await afterPack(context);
  },
  fileAssociations: [
    {
      ext: 'hawizard',
      name: 'HAWizard.Profile',
      description: 'HA Wizard cluster profile',
      mimeType: 'application/vnd.hawizard.profile+json',
      role: 'Editor',
    },
  ],
  win: {
    target: [
      { target: 'nsis', arch: ['x64'] },
      { target: 'msi', arch: ['x64'] },
      { target: 'zip', arch: ['x64'] },
    ],
    icon: 'build/icons/icon.ico',
    // SHA-1 signatures are long distrusted; timestamped so signatures outlive the certificate.
    signtoolOptions: { signingHashAlgorithms: ['sha256'], rfc3161TimeStampServer: 'http://timestamp.digicert.com' },
    requestedExecutionLevel: 'asInvoker',
    // Only the zip uses this name: nsis and msi below name their own artifacts.
    artifactName: '${productName} ${version} portable.${ext}',
  },
  nsis: {
    // Assisted installer: the admin chooses "only for me" (default, no UAC prompt) or "anyone who uses
    // this computer" (elevates, installs to Program Files); /S and /allusers do the same silently.
    oneClick: false,
    perMachine: false,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: PRODUCT_NAME,
    runAfterFinish: true,
    // Saved profiles and known hosts survive an uninstall (and every upgrade); the uninstaller's
    // --delete-app-data removes them, as README "Install on Windows" says.
    deleteAppDataOnUninstall: false,
    installerIcon: 'icons/icon.ico',
    uninstallerIcon: 'icons/icon.ico',
    uninstallDisplayName: PRODUCT_NAME,
    artifactName: '${productName} Setup ${version}.${ext}',
  },
  msi: {
    // For deployment tools: no UI, all users, into Program Files; msiexec /i ... /qn.
    oneClick: true,
    perMachine: true,
    runAfterFinish: false,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: PRODUCT_NAME,
    upgradeCode: MSI_UPGRADE_CODE,
    artifactName: '${productName} ${version}.${ext}',
  },
  linux: {
    // Not shipped: the packaging check builds this layout to prove the app is portable.
    target: [{ target: 'tar.gz', arch: ['x64'] }],
    icon: 'build/icons/png',
    category: 'Utility',
  },
};

export default config;
