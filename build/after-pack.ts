/**
 * electron-builder's afterPack hook: flips Electron's fuses in the packaged binary, before signing
 * (electron-builder signs after afterPack, and a flipped fuse changes the bytes a signature covers).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses, type FuseConfig } from '@electron/fuses';

/**
 * What the packaged app may do. RunAsNode off means the CLI cannot run on Electron's binary
 * (ELECTRON_RUN_AS_NODE): it ships as resources/cli/ha-wizard.cjs (and the command code beside it) for a system Node.
 */
export const FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
} as const;

/** The marker before Electron's fuse wire (@electron/fuses' SENTINEL; a test keeps them equal). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

export const STAND_IN_MESSAGE = 'fuses not flipped: stand-in binary';

/** The part of electron-builder's AfterPackContext this hook reads. */
export interface FuseContext {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  readonly arch: number;
  readonly packager: { readonly appInfo: { readonly productFilename: string } };
}

export interface AfterPackOptions {
  /** Only the packaging check sets this: its stand-in "Electron" has no fuse wire to flip. */
  readonly allowStandIn?: boolean;
  readonly log?: (message: string) => void;
}

export type AfterPackResult = { flipped: true; binary: string } | { flipped: false; binary: string; reason: string };

const ARM64 = 3; // builder-util's Arch.arm64, kept numeric so this file needs no electron-builder at run time

/** The packaged executable electron-builder produced, named as electron-builder names it. */
export function packagedBinary(context: FuseContext): string {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  // LinuxPackager names its binary after executableName (package name by default), not productFilename.
  const linuxName = (packager as { executableName?: string }).executableName ?? name;
  return path.join(appOutDir, linuxName);
}

export function fuseConfig(context: FuseContext): FuseConfig {
  // arm64 macOS refuses a binary whose ad-hoc signature no longer matches after the flip.
  const resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && context.arch === ARM64;
  return { version: FuseVersion.V1, resetAdHocDarwinSignature, ...FUSES };
}

async function hasFuseWire(binary: string): Promise<boolean> {
  // A macOS .app is a folder; its real binary is inside and @electron/fuses finds it itself.
  if ((await fs.stat(binary)).isDirectory()) return true;
  return (await fs.readFile(binary)).includes(FUSE_SENTINEL);
}

export async function afterPack(context: FuseContext, options: AfterPackOptions = {}): Promise<AfterPackResult> {
  const log = options.log ?? ((m: string) => console.log(`  • ${m}`));
  const binary = packagedBinary(context);
  if (!(await hasFuseWire(binary))) {
    // A real release must never ship unfused: only the check's stand-in may pass without a wire.
    if (!options.allowStandIn) throw new Error(`${binary} has no Electron fuse wire: refusing to package an app whose fuses cannot be flipped`);
    log(`${STAND_IN_MESSAGE} (${binary})`);
    return { flipped: false, binary, reason: STAND_IN_MESSAGE };
  }
  await flipFuses(binary, fuseConfig(context));
  log(`fuses flipped in ${binary}`);
  return { flipped: true, binary };
}
