/** Backup file names and paths: any database name gives one file name in the folder, on Windows and Linux alike. */
import { describe, expect, it } from 'vitest';
import { backupFileName, joinServerPath } from './database-login';
import { volumeOf } from './sqlserver-backup';
import { seededRandom } from '../../shared/testing/seeded-random';

const PIECES = ['/', '\\', ':', '..', '.', '*', '?', '"', '<', '>', '|', '\u0001', ' ', 'Pro', 'Get', 'é', '密', "'", ']'];

describe('backup file names', () => {
  const when = new Date('2026-12-01T03:04:05.678Z');

  it('500 seeded random database names each give one plain file name, never a path, with the UTC stamp', () => {
    const next = seededRandom(1414);
    for (let n = 0; n < 500; n++) {
      let name = '';
      const length = 1 + Math.floor(next() * 12);
      for (let i = 0; i < length; i++) name += PIECES[Math.floor(next() * PIECES.length)]!;
      const file = backupFileName(name, when, 'bak');
      expect(file, JSON.stringify(name)).toMatch(/-20261201T030405Z\.bak$/);
      // eslint-disable-next-line no-control-regex -- the characters no file name may hold include the controls
      expect(file, JSON.stringify(name)).not.toMatch(/[<>:"/\\|?*\u0000-\u001f]/);
      expect(file.startsWith('.'), JSON.stringify(name)).toBe(false);
      expect(joinServerPath('/var/backups', file)).toBe(`/var/backups/${file}`);
      expect(joinServerPath('D:\\Backups\\', file)).toBe(`D:\\Backups\\${file}`);
    }
  });

  it('joins folders as their server writes them', () => {
    expect(joinServerPath('/', 'a.dump')).toBe('/a.dump');
    expect(joinServerPath('/srv/b///', 'a.dump')).toBe('/srv/b/a.dump');
    expect(joinServerPath('\\\\nas\\share', 'a.bak')).toBe('\\\\nas\\share\\a.bak');
    expect(joinServerPath('E:', 'a.bak')).toBe('E:\\a.bak');
  });

  it('finds the volume SQL Server reports for a folder: the longest mount point, case-insensitively', () => {
    const volumes = [{ mountPoint: 'C:\\', availableBytes: 1 }, { mountPoint: 'D:\\', availableBytes: 2 }, { mountPoint: 'D:\\Mounted\\', availableBytes: 3 }];
    expect(volumeOf('d:\\mounted\\backups', volumes)?.availableBytes).toBe(3);
    expect(volumeOf('D:\\Backups', volumes)?.availableBytes).toBe(2);
    expect(volumeOf('\\\\nas\\share', volumes)).toBeNull();
  });
});
