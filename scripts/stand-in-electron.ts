/**
 * Stand-ins for Electron's binary, made at check time in a temp folder (Electron cannot be downloaded
 * here, and no binary is committed). electron-builder only copies them and edits the Windows one's
 * resources, so a shell script and a tiny NSIS-built .exe with a version resource are enough.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface StandIns {
  readonly linux: string;
  readonly win32: string;
}

/** Four numeric parts, as a Windows version resource wants them. */
function windowsVersion(version: string): string {
  const parts = version.split(/[.+-]/).map(Number).filter((n) => Number.isInteger(n));
  return [...parts, 0, 0, 0, 0].slice(0, 4).join('.');
}

/** Without a version resource electron-builder cannot add the asar integrity record to the .exe. */
export function nsisScript(electronVersion: string): string {
  return [
    'Unicode true',
    'OutFile "electron.exe"',
    'Name "electron"',
    'SilentInstall silent',
    'RequestExecutionLevel user',
    `VIProductVersion "${windowsVersion(electronVersion)}"`,
    'VIAddVersionKey /LANG=1033 "ProductName" "Electron stand-in"',
    `VIAddVersionKey /LANG=1033 "FileVersion" "${electronVersion}"`,
    `VIAddVersionKey /LANG=1033 "ProductVersion" "${electronVersion}"`,
    'VIAddVersionKey /LANG=1033 "FileDescription" "Not Electron: a packaging stand-in"',
    'VIAddVersionKey /LANG=1033 "LegalCopyright" "none"',
    'Section',
    'SectionEnd',
    '',
  ].join('\n');
}

export function makeStandIns(dir: string, electronVersion: string): StandIns {
  const linux = path.join(dir, 'electron-linux');
  const win32 = path.join(dir, 'electron-win32');
  fs.mkdirSync(linux, { recursive: true });
  fs.mkdirSync(win32, { recursive: true });
  fs.writeFileSync(path.join(linux, 'electron'), '#!/bin/sh\necho "stand-in for Electron: not a real app binary" >&2\nexit 1\n', { mode: 0o755 });

  fs.writeFileSync(path.join(win32, 'stand-in.nsi'), nsisScript(electronVersion));
  try {
    execFileSync('makensis', ['-V1', 'stand-in.nsi'], { cwd: win32, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') throw new Error('makensis is missing: apt-get install nsis (scripts/install-system-deps.sh does)', { cause: e });
    throw new Error(`makensis failed: ${err.stderr?.toString() ?? err.message}`, { cause: e });
  }
  fs.rmSync(path.join(win32, 'stand-in.nsi'));
  return { linux, win32 };
}
