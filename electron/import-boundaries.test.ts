/**
 * The engine and the CLI run under plain Node: nothing under electron/core or electron/cli may import
 * Electron or the Electron-only folders. ESLint says the same; this test keeps it true even without lint.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name) ? [p] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

export function forbiddenImports(file: string, text: string): string[] {
  const bad: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : spec;
    if (spec === 'electron' || spec.startsWith('electron/') || /electron[/\\](main|preload)([/\\]|$)/.test(resolved)) bad.push(spec);
  }
  return bad;
}

describe('import boundaries', () => {
  it('flags an electron import, a relative import of main, and a dynamic import', () => {
    expect(forbiddenImports('/r/electron/core/a.ts', "import { app } from 'electron';")).toEqual(['electron']);
    expect(forbiddenImports('/r/electron/core/a.ts', "import x from '../main/window-options';")).toEqual(['../main/window-options']);
    expect(forbiddenImports('/r/electron/cli/a.ts', "const e = await import('electron');")).toEqual(['electron']);
    expect(forbiddenImports('/r/electron/core/a.ts', "import { z } from 'zod';")).toEqual([]);
  });

  it.each(['electron/core', 'electron/cli', 'e2e/lab'])('%s imports nothing of Electron', (dir) => {
    const offenders = sourceFiles(path.resolve(dir)).flatMap((f) => forbiddenImports(f, fs.readFileSync(f, 'utf8')).map((s) => `${f}: ${s}`));
    expect(offenders).toEqual([]);
  });
});
