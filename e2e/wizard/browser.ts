/**
 * Chromium for the wizard's end-to-end specs: Debian's own binary driven by playwright-core, the real
 * renderer served over http by the e2e harness (never file://), bridged to the real engine.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startHarness, type Harness, type HarnessOptions } from '../harness/server';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const RENDERER_DIR = path.join(REPO_ROOT, 'out', 'renderer');
/** The size the screenshots use too: the app's smallest comfortable window. */
export const VIEWPORT = { width: 1180, height: 820 } as const;

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The newest modification time of any file under these folders (the renderer's sources). */
function newestMtime(dirs: string[]): number {
  let newest = 0;
  for (const dir of dirs) {
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * Builds the renderer when there is none, or when a source it is built from is newer than the build
 * (electron-vite, about 10 s): a build left from an older checkout made every browser spec drive old pages.
 */
export function ensureRendererBuilt(): void {
  const index = path.join(RENDERER_DIR, 'index.html');
  const sources = ['renderer', path.join('electron', 'shared')].map((d) => path.join(REPO_ROOT, d));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestMtime(sources)) return;
  execFileSync('npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit', timeout: 180_000 });
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error(`electron-vite build left no ${RENDERER_DIR}/index.html`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** One wizard in one browser context, on its own harness (its own data dir and known hosts). */
export interface WizardSession {
  harness: Harness;
  /** The harness's data dir (profiles/, downloads/, known_hosts.json); removed on close unless it was given. */
  dataDir: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page: a spec fails on any. */
  pageErrors: string[];
  /** console.error lines, for the report (the CSP meta warning and a favicon 404 are expected). */
  consoleErrors: string[];
  /** Opens the wizard again in a new tab of the same context (same harness, same saved profiles). */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function openWizard(browser: Browser, o: { harness?: HarnessOptions; colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<WizardSession> {
  // Our own data dir (the harness would leave its temporary one behind), removed on close.
  const dataDir = o.harness?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ha-wizard-e2e-'));
  const removeDataDir = () => (o.harness?.dataDir ? undefined : fs.rmSync(dataDir, { recursive: true, force: true }));
  let harness: Harness;
  try {
    harness = await startHarness({ rendererDir: RENDERER_DIR, ...o.harness, dataDir });
  } catch (e) {
    removeDataDir();
    throw e;
  }
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  let context: BrowserContext | null = null;
  try {
    context = await browser.newContext({ viewport: o.viewport ?? VIEWPORT, colorScheme: o.colorScheme ?? 'light', reducedMotion: 'reduce' });
    context.setDefaultTimeout(15_000);
    const ctx = context;
    const newPage = async () => {
      const page = await ctx.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      await page.goto(harness.url);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      return page;
    };
    const page = await newPage();
    return {
      harness, dataDir, context, page, pageErrors, consoleErrors, newPage,
      close: async () => {
        await ctx.close().catch(() => undefined);
        await harness.close();
        removeDataDir();
      },
    };
  } catch (e) {
    await context?.close().catch(() => undefined);
    await harness.close();
    removeDataDir();
    throw e;
  }
}
