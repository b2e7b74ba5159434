/**
 * Issue 5's budgets: the renderer JavaScript loaded at start (at most 350 KB gzip) and the Welcome page
 * interactive in the harness within 1 s of navigation (Debian's Chromium, median of 5 fresh pages).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { startHarness } from '../e2e/harness/server';
import { median } from './bench-support';

const RENDERER = path.resolve(__dirname, '..', 'out', 'renderer');
const START_BUDGET_KB = 350;
const INTERACTIVE_BUDGET_MS = 1000;

/** Scripts the page loads before anything lazy: the entry module and its modulepreloads. */
export function startScripts(indexHtml: string): string[] {
  const refs = [...indexHtml.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) => m[1]!);
  return [...new Set(refs)].map((r) => path.join(RENDERER, r.replace(/^\.?\//, '')));
}

export async function rendererBench(): Promise<string[]> {
  if (!fs.existsSync(path.join(RENDERER, 'index.html'))) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' });
  const files = startScripts(fs.readFileSync(path.join(RENDERER, 'index.html'), 'utf8'));
  const gzipKb = files.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0) / 1024;
  const harness = await startHarness({});
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const times: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ viewport: { width: 1180, height: 820 } });
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(harness.url);
      // Interactive: React has rendered the page and its primary button can be pressed.
      const start = page.getByRole('button', { name: 'Start a new cluster' });
      await start.waitFor({ state: 'visible' });
      while (!(await start.isEnabled())) await page.waitForTimeout(10);
      times.push(Date.now() - started);
      await context.close();
    }
  } finally {
    await browser.close();
    await harness.close();
  }
  const t = median(times);
  return [
    'renderer: budgets',
    `JavaScript loaded at start: ${gzipKb.toFixed(0)} KB gzip in ${files.length} file(s) (budget ${START_BUDGET_KB}) ${gzipKb <= START_BUDGET_KB ? 'OK' : 'MISSED'}`,
    `Welcome interactive after navigation: median ${t} ms of ${times.join(', ')} (budget ${INTERACTIVE_BUDGET_MS}) ${t <= INTERACTIVE_BUDGET_MS ? 'OK' : 'MISSED'}`,
  ];
}
