import { describe, expect, it } from 'vitest';
import { parseFileVersion } from '../run/cluster-context';
import { defaultDataDir } from '../data-dir';

describe('small engine rules', () => {
  it('maps a Windows file version to a release (unconfirmed mapping, kept in one place)', () => {
    expect(parseFileVersion('25.0.14.3')).toEqual([2025, 14]);
    expect(parseFileVersion('2025.14')).toBeNull();
  });
  it('keeps its data where Electron keeps userData for "HA Wizard"', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/Roaming[\\/]HA Wizard$/);
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/a/.config' }, 'linux')).toBe('/home/a/.config/HA Wizard');
    expect(defaultDataDir({ HA_WIZARD_HOME: '/tmp/x' }, 'linux')).toBe('/tmp/x');
  });
});
