/** The fuses hook, with @electron/fuses mocked: exactly the six fuses, and no silent skip on a real build. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Fuses from '@electron/fuses';

const flipFuses = vi.fn(async () => 1);
vi.mock('@electron/fuses', async (importActual) => ({ ...(await importActual<typeof Fuses>()), flipFuses }));

const { FuseV1Options, FuseVersion } = await import('@electron/fuses');
const { afterPack, FUSE_SENTINEL, STAND_IN_MESSAGE, packagedBinary } = await import('./after-pack');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'after-pack-'));
const context = (platform: string, arch = 1) => ({ appOutDir: dir, electronPlatformName: platform, arch, packager: { appInfo: { productFilename: 'HA Wizard' }, executableName: 'ha-wizard' } });

beforeEach(() => flipFuses.mockClear());

describe('afterPack: fuses', () => {
  it('flips exactly RunAsNode, NODE_OPTIONS and --inspect off, asar-only, asar integrity and cookie encryption on', async () => {
    fs.writeFileSync(path.join(dir, 'HA Wizard.exe'), Buffer.concat([Buffer.from('MZ...'), Buffer.from(FUSE_SENTINEL), Buffer.from('\x01rrrrrrrr')]));
    const result = await afterPack(context('win32'), { log: () => {} });
    expect(result).toEqual({ flipped: true, binary: path.join(dir, 'HA Wizard.exe') });
    expect(flipFuses).toHaveBeenCalledTimes(1);
    expect(flipFuses).toHaveBeenCalledWith(path.join(dir, 'HA Wizard.exe'), {
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
    });
  });

  it('on a stand-in binary, says so and flips nothing, only when the check allows it', async () => {
    fs.writeFileSync(path.join(dir, 'ha-wizard'), '#!/bin/sh\nexit 1\n');
    const logged: string[] = [];
    const result = await afterPack(context('linux'), { allowStandIn: true, log: (m) => logged.push(m) });
    expect(result).toMatchObject({ flipped: false, reason: STAND_IN_MESSAGE });
    expect(logged.join()).toContain('fuses not flipped: stand-in binary');
    expect(flipFuses).not.toHaveBeenCalled();
    // A release build with such a binary must fail, not ship unfused.
    await expect(afterPack(context('linux'), { log: () => {} })).rejects.toThrow('no Electron fuse wire');
  });

  it('names the binary as electron-builder does on each platform', () => {
    expect(packagedBinary(context('win32'))).toBe(path.join(dir, 'HA Wizard.exe'));
    expect(packagedBinary(context('linux'))).toBe(path.join(dir, 'ha-wizard'));
    expect(packagedBinary(context('darwin'))).toBe(path.join(dir, 'HA Wizard.app'));
  });

  it('resets the ad-hoc signature only for arm64 macOS', async () => {
    fs.mkdirSync(path.join(dir, 'HA Wizard.app'), { recursive: true });
    await afterPack(context('darwin', 3), { log: () => {} });
    expect(flipFuses).toHaveBeenCalledWith(path.join(dir, 'HA Wizard.app'), expect.objectContaining({ resetAdHocDarwinSignature: true }));
  });

  it('looks for the same sentinel as @electron/fuses', async () => {
    const constants = (await import('@electron/fuses/dist/constants')) as { SENTINEL: string };
    expect(FUSE_SENTINEL).toBe(constants.SENTINEL);
  });
});
