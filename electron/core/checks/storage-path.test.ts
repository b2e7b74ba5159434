import { describe, expect, it } from 'vitest';
import { parseFileVersion } from '../run/cluster-context';
import { storagePathProblem } from './storage-checks';
import { defaultDataDir } from '../data-dir';

describe('storage path rules', () => {
  it('Windows wants a UNC path, never a drive letter', () => {
    expect(storagePathProblem('\\\\nas\\proget\\packages', ['windows', 'windows'])).toBeNull();
    expect(storagePathProblem('P:\\packages', ['windows'])?.detail).toMatch(/drive letter/);
    expect(storagePathProblem('\\\\nas', ['windows'])?.detail).toMatch(/not a UNC path/);
    expect(storagePathProblem('\\\\nas\\share', ['windows', 'linux'])?.detail).toMatch(/mixes Windows and Linux/);
  });
  it('Linux wants an absolute path without ..', () => {
    expect(storagePathProblem('/var/proget/packages', ['linux'])).toBeNull();
    expect(storagePathProblem('var/proget', ['linux'])?.detail).toMatch(/not an absolute path/);
    expect(storagePathProblem('/srv/../etc', ['linux'])?.detail).toMatch(/\.\./);
  });
});

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
