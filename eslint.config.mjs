import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noElectron = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'electron', message: 'The engine and the CLI run without Electron: keep electron imports in electron/main and electron/preload.' }],
    patterns: [{ group: ['electron/*', '**/electron/main/**', '**/electron/preload/**', '**/main/*', '**/preload/*'], message: 'core and cli must not depend on Electron code.' }],
  }],
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
