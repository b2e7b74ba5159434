/** The production closure on a made-up node_modules: hoisted, nested, optional, peers, left-out packages. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionDependencies } from './dependency-tree';

function tree(packages: Record<string, object>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'deps-'));
  for (const [dir, manifest] of Object.entries(packages)) {
    fs.mkdirSync(path.join(root, dir), { recursive: true });
    fs.writeFileSync(path.join(root, dir, 'package.json'), JSON.stringify(manifest));
  }
  return root;
}

describe('production dependencies', () => {
  const root = tree({
    '.': { name: 'app', dependencies: { mssql: '1', ssh2: '1' }, devDependencies: { vite: '1' } },
    'node_modules/mssql': { name: 'mssql', dependencies: { tedious: '1', debug: '4' } },
    'node_modules/tedious': { name: 'tedious', dependencies: { bl: '6', debug: '4' } },
    'node_modules/tedious/node_modules/bl': { name: 'bl', dependencies: { 'readable-stream': '4' } },
    'node_modules/readable-stream': { name: 'readable-stream', peerDependencies: { 'optional-peer': '1' }, peerDependenciesMeta: { 'optional-peer': { optional: true } } },
    'node_modules/debug': { name: 'debug', dependencies: { ms: '2' } },
    'node_modules/ms': { name: 'ms' },
    'node_modules/ssh2': { name: 'ssh2', optionalDependencies: { 'cpu-features': '0', 'not-installed': '1' } },
    'node_modules/cpu-features': { name: 'cpu-features', dependencies: { buildcheck: '0' } },
    'node_modules/buildcheck': { name: 'buildcheck' },
    'node_modules/vite': { name: 'vite', dependencies: { rollup: '4' } },
    'node_modules/rollup': { name: 'rollup' },
  });

  it('follows Node resolution from each package, nested copies first, and leaves dev dependencies out', () => {
    expect(productionDependencies(root).map((p) => p.dir)).toEqual([
      'node_modules/buildcheck',
      'node_modules/cpu-features',
      'node_modules/debug',
      'node_modules/ms',
      'node_modules/mssql',
      'node_modules/readable-stream',
      'node_modules/ssh2',
      'node_modules/tedious',
      'node_modules/tedious/node_modules/bl',
    ]);
  });

  it('skips a left-out package together with what only it needs', () => {
    const dirs = productionDependencies(root, (name) => name === 'cpu-features').map((p) => p.dir);
    expect(dirs).not.toContain('node_modules/cpu-features');
    expect(dirs).not.toContain('node_modules/buildcheck');
  });

  it('fails clearly when a required package is not installed', () => {
    const broken = tree({ '.': { name: 'app', dependencies: { zod: '4' } } });
    expect(() => productionDependencies(broken)).toThrow('zod (needed by the app) is not installed');
  });
});
