/**
 * The IPC sender check (item 17): Windows paths compare without regard to case (Electron reports the
 * drive letter as `c:` or `C:` depending on how the app was started), other systems compare exactly.
 * A property test over random paths with random case flips and random foreign paths.
 */
import { describe, expect, it, vi } from 'vitest';
import { seededRandom as rng } from '../shared/testing/seeded-random';

vi.mock('electron', () => ({ ipcMain: { handle: () => undefined } }));
const { isOwnUrl } = await import('./ipc-adapter');

const CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._-()äöüÅ';

function randomWindowsFile(r: () => number): string {
  const pick = (s: string) => s[Math.floor(r() * s.length)]!;
  // A segment of dots only would be a relative step, not a name.
  const segment = () => Array.from({ length: 1 + Math.floor(r() * 12) }, () => pick(CHARS)).join('').trim().replace(/^\.+$/, '') || 'x';
  const dirs = Array.from({ length: 1 + Math.floor(r() * 5) }, segment);
  return `${pick('CDEFcdef')}:\\${dirs.join('\\')}\\resources\\app.asar\\out\\renderer\\index.html`;
}
const flipCase = (s: string, r: () => number) => [...s].map((c) => (r() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
/** The file:// URL Chromium reports for a Windows path: forward slashes, percent-encoded. */
const fileUrl = (winPath: string) => `file:///${winPath.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/').replace(/%3A/i, ':')}`;

describe('isOwnUrl on Windows and elsewhere', () => {
  it('Windows: the same file in any case is ours; another file is not (500 random paths)', () => {
    const r = rng(17);
    for (let i = 0; i < 500; i++) {
      const file = randomWindowsFile(r);
      const reported = flipCase(file, r);
      expect(isOwnUrl(fileUrl(reported), file, undefined, 'win32'), reported).toBe(true);
      const other = file.replace(/index\.html$/, 'other.html');
      expect(isOwnUrl(fileUrl(flipCase(other, r)), file, undefined, 'win32')).toBe(false);
    }
  });
  it('the drive letter alone differing in case (the reported field case)', () => {
    const file = 'C:\\Program Files\\HA Wizard\\resources\\app.asar\\out\\renderer\\index.html';
    expect(isOwnUrl('file:///c:/Program%20Files/HA%20Wizard/resources/app.asar/out/renderer/index.html', file, undefined, 'win32')).toBe(true);
  });
  it('Linux and macOS compare exactly: another case is another file', () => {
    const file = '/opt/HA Wizard/resources/app.asar/out/renderer/index.html';
    expect(isOwnUrl('file:///opt/HA%20Wizard/resources/app.asar/out/renderer/index.html', file, undefined, 'linux')).toBe(true);
    expect(isOwnUrl('file:///opt/ha wizard/resources/app.asar/out/renderer/index.html', file, undefined, 'linux')).toBe(false);
    expect(isOwnUrl('file:///OPT/HA%20Wizard/resources/app.asar/out/renderer/index.html', file, undefined, 'darwin')).toBe(false);
  });
});
