/** The compile cache's folder and its fallbacks (Node 20 here has no cache; Node 22's is exercised by the bench). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCacheDir, enableCompileCache } from './compile-cache';

describe('the CLI\'s compile cache', () => {
  it('lives in HA Wizard\'s own data folder, never the shared temp folder', () => {
    const asked: (string | undefined)[] = [];
    const env = { HA_WIZARD_HOME: '/home/admin/.config/HA Wizard' };
    expect(enableCompileCache({ enableCompileCache: (dir) => asked.push(dir) }, env)).toBe(true);
    expect(asked).toEqual([path.join('/home/admin/.config/HA Wizard', 'compile-cache')]);
    expect(compileCacheDir(env)).toBe(asked[0]);
  });

  it('is simply off where Node has none (Node 20) or cannot make it (a read-only profile)', () => {
    expect(enableCompileCache({}, {})).toBe(false);
    expect(enableCompileCache({ enableCompileCache: () => { throw new Error('EACCES'); } }, {})).toBe(false);
  });
});
