/**
 * The hook with the real @electron/fuses on a made-up binary carrying a fuse wire laid out as
 * Electron's is (sentinel, version 1, length, one '0'/'1' byte per fuse): what a real build writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { afterPack, FUSE_SENTINEL, FUSES } from './after-pack';

// Electron's defaults: RunAsNode, NODE_OPTIONS, --inspect and file:// privileges on; the rest off.
const ELECTRON_DEFAULTS = '10110001';

describe('afterPack on a fuse wire', () => {
  it('sets the six fuses, leaves the others and every other byte alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuse-wire-'));
    const before = Buffer.concat([Buffer.from('MZ\x90\x00 code '), Buffer.from(FUSE_SENTINEL), Buffer.from([1, ELECTRON_DEFAULTS.length]), Buffer.from(ELECTRON_DEFAULTS), Buffer.from(' more code')]);
    const exe = path.join(dir, 'HA Wizard.exe');
    fs.writeFileSync(exe, before);

    await afterPack({ appOutDir: dir, electronPlatformName: 'win32', arch: 1, packager: { appInfo: { productFilename: 'HA Wizard' } } }, { log: () => {} });

    const wire = await getCurrentFuseWire(exe);
    const on = '1'.charCodeAt(0);
    const off = '0'.charCodeAt(0);
    for (const [fuse, value] of Object.entries(FUSES)) expect(wire[Number(fuse) as FuseV1Options], FuseV1Options[Number(fuse)]).toBe(value ? on : off);
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(off);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(on);

    const after = fs.readFileSync(exe);
    const at = before.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length + 2;
    expect(after.length).toBe(before.length);
    expect(after.subarray(0, at).equals(before.subarray(0, at))).toBe(true);
    expect(after.subarray(at, at + 8).toString()).toBe('01001101');
    expect(after.subarray(at + 8).equals(before.subarray(at + 8))).toBe(true);
  });
});
