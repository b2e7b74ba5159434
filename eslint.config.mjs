import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noElectron = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'electron', message: 'The engine and the CLI run without Electron: keep electron imports in electron/main and electron/preload.' }],
    patterns: [
      { group: ['electron/*', '**/electron/main/**', '**/electron/preload/**', '**/main/*', '**/preload/*'], message: 'core and cli must not depend on Electron code.' },
      { group: ['**/renderer/**'], message: 'The engine never imports the UI.' },
    ],
  }],
};

// Where code runs (architecture: docs/architecture.md). The folder says the process; these rules and a
// tsconfig per folder keep it true. Tests run under Node in every folder, so they are exempt.
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'net', 'tls', 'http', 'https', 'child_process', 'util', 'stream', 'events', 'url', 'zlib', 'dns', 'worker_threads'];
const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/testing/**', '**/*-fixture.ts'];
const sharedOnly = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'electron', message: 'electron/shared is pure: no Electron.' }],
    patterns: [
      { group: NODE_BUILTINS, message: 'electron/shared runs in the browser too: no Node built-ins.' },
      { group: ['electron/*', 'react', 'react-dom', 'ssh2', 'pg', 'mssql', 'tedious'], message: 'electron/shared is pure: no Electron, UI or drivers.' },
      { group: ['**/core', '**/core/**', '**/main/**', '**/preload/**', '**/cli/**', '**/renderer/**'], message: 'electron/shared imports only itself and pure libraries; the engine imports shared, never the reverse.' },
    ],
  }],
  'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'process', 'Buffer', 'require', '__dirname'],
};
const rendererOnly = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'electron', message: 'The renderer never loads Electron itself; it talks through window.wizard.' }],
    patterns: [
      { group: NODE_BUILTINS, message: 'The renderer is sandboxed: no Node built-ins.' },
      { regex: '(^|/)electron/(?!shared(/|$))', message: 'The renderer imports electron/shared (the contract and the pure rules) and its own files, nothing else of the app.' },
    ],
  }],
  'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', '.lab/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  { files: ['electron/core/**', 'electron/cli/**', 'e2e/lab/**'], rules: noElectron },
  { files: ['electron/shared/**'], ignores: TESTS, rules: sharedOnly },
  { files: ['renderer/**'], ignores: TESTS, rules: rendererOnly },
  // Raw IPC lives in one file per side (architecture.md: one contract).
  {
    files: ['electron/main/**'],
    ignores: ['electron/main/ipc-adapter.ts'],
    rules: { 'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='ipcMain']", message: 'Use the contract adapter (ipc-adapter.ts), not raw ipcMain.' }] },
  },
  {
    files: ['electron/preload/**'],
    ignores: ['electron/preload/index.ts'],
    rules: { 'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='ipcRenderer']", message: 'Use the preload bridge, not raw ipcRenderer.' }] },
  },
);
