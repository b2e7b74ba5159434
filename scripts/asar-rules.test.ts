/** The asar content rules on made-up file lists: each missing and each extra thing is named, once. */
import { describe, expect, it } from 'vitest';
import { checkAsar, formatBytes, packageDirs, packageOf, packageSizes, type ExpectedContent } from './asar-rules';

const expected: ExpectedContent = {
  requiredFiles: ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'],
  requiredPackages: [
    { name: 'ssh2', dir: 'node_modules/ssh2' },
    { name: 'bl', dir: 'node_modules/tedious/node_modules/bl' },
    { name: 'tedious', dir: 'node_modules/tedious' },
    { name: '@azure/identity', dir: 'node_modules/@azure/identity' },
  ],
  forbiddenPackages: new Map([
    ['electron', 'dev dependency electron'],
    ['@fluentui/*', 'dev dependency @fluentui/*'],
    ['cpu-features', 'left out on purpose'],
  ]),
};

const good = [
  'package.json',
  'out/main/index.js',
  'out/main/chunks/pg-probe.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
  'out/renderer/assets/index-abc.js',
  'node_modules/ssh2/package.json',
  'node_modules/ssh2/lib/index.js',
  'node_modules/tedious/package.json',
  'node_modules/tedious/lib/tedious.js',
  'node_modules/tedious/node_modules/bl/package.json',
  'node_modules/@azure/identity/package.json',
  'node_modules/@azure/identity/dist/esm/package.json',
];

describe('asar rules', () => {
  it('a complete production app passes', () => {
    expect(checkAsar(good, expected)).toEqual({ missing: [], extra: [] });
  });

  it('names every missing bundle and dependency, nested ones by their folder', () => {
    const files = good.filter((f) => !f.startsWith('out/preload/') && !f.startsWith('out/renderer/assets/') && !f.startsWith('node_modules/tedious/node_modules/bl/'));
    expect(checkAsar(files, expected).missing).toEqual([
      { path: 'out/preload/index.cjs', reason: 'required file' },
      { path: 'out/renderer/assets/*.js', reason: 'renderer bundle' },
      { path: 'node_modules/tedious/node_modules/bl', reason: 'production dependency bl' },
    ]);
  });

  it('reports a dev dependency once, not once per file, and a scope by its wildcard', () => {
    const files = [...good, 'node_modules/electron/package.json', 'node_modules/electron/index.js', 'node_modules/electron/electron.d.ts', 'node_modules/@fluentui/react-button/package.json', 'node_modules/@fluentui/react-button/lib/index.js'];
    expect(checkAsar(files, expected).extra).toEqual([
      { path: 'node_modules/electron', reason: 'dev dependency electron' },
      { path: 'node_modules/@fluentui/react-button', reason: 'dev dependency @fluentui/*' },
    ]);
  });

  it('flags packages outside the production closure and those left out on purpose', () => {
    const files = [...good, 'node_modules/left-pad/package.json', 'node_modules/ssh2/node_modules/cpu-features/package.json', 'node_modules/ssh2/node_modules/cpu-features/build/Release/cpufeatures.node'];
    expect(checkAsar(files, expected).extra).toEqual([
      { path: 'node_modules/left-pad', reason: 'left-pad is not a production dependency' },
      { path: 'node_modules/ssh2/node_modules/cpu-features', reason: 'left out on purpose' },
    ]);
  });

  it('flags tests, the lab, source maps, .env files, TypeScript and stray sources', () => {
    const files = [
      ...good,
      'out/main/index.js.map',
      'out/main/index.test.js',
      'node_modules/ssh2/lib/client.spec.mjs',
      'e2e/lab/cli.ts',
      'out/.env',
      'node_modules/tedious/.env.production',
      'node_modules/tedious/src/tedious.ts',
      'node_modules/ssh2/lib/index.d.ts',
      'renderer/src/app.tsx',
      'README.md',
    ];
    expect(checkAsar(files, expected).extra.map((e) => `${e.path}: ${e.reason}`)).toEqual([
      'out/main/index.js.map: source map',
      'out/main/index.test.js: test file',
      'node_modules/ssh2/lib/client.spec.mjs: test file',
      'e2e/lab/cli.ts: the lab (e2e/)',
      'out/.env: .env file',
      'node_modules/tedious/.env.production: .env file',
      'node_modules/tedious/src/tedious.ts: TypeScript source',
      'node_modules/ssh2/lib/index.d.ts: TypeScript source',
      'renderer/src/app.tsx: TypeScript source',
      'README.md: not part of the app (only out/, package.json and dependencies ship)',
    ]);
  });

  it('finds package folders by their own package.json, not by sub-package files', () => {
    expect([...packageDirs(good).entries()]).toEqual([
      ['node_modules/ssh2', 'ssh2'],
      ['node_modules/tedious', 'tedious'],
      ['node_modules/tedious/node_modules/bl', 'bl'],
      ['node_modules/@azure/identity', '@azure/identity'],
    ]);
    expect(packageOf('node_modules/tedious/node_modules/bl/lib/x.js')).toBe('node_modules/tedious/node_modules/bl');
    expect(packageOf('node_modules/@azure/identity/dist/index.js')).toBe('node_modules/@azure/identity');
    expect(packageOf('out/main/index.js')).toBeUndefined();
  });

  it('sizes packages on their own files, largest first', () => {
    const sizes = packageSizes([
      { path: 'node_modules/tedious/a.js', size: 100 },
      { path: 'node_modules/tedious/b.js', size: 50 },
      { path: 'node_modules/tedious/node_modules/bl/c.js', size: 120 },
      { path: 'out/main/index.js', size: 10_000 },
    ]);
    expect(sizes).toEqual([
      { dir: 'node_modules/tedious', bytes: 150, files: 2 },
      { dir: 'node_modules/tedious/node_modules/bl', bytes: 120, files: 1 },
    ]);
    expect([formatBytes(512), formatBytes(2048), formatBytes(3 * 1024 * 1024)]).toEqual(['512 B', '2.0 KiB', '3.00 MiB']);
  });
});
