/**
 * `npx tsx scripts/upgrade-reattach-screenshots.ts [--out DIR]`: a window reloaded in the middle of an upgrade
 * (issue 14) at 1280×800 and 1024×700, in Chromium through the real harness, engine service, run journal and
 * renderer (e2e/wizard/upgrade-reload-flow.ts drives it; e2e/wizard/upgrade-reload.lab.test.ts checks it).
 * Shots: the dialog re-attached on the run, the dashboard while it runs, the outcome the reloaded page got.
 * Each records axe's serious and critical findings and whether the open dialog is hidden from assistive
 * technology (never allowed).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { axeViolations } from '../e2e/wizard/axe';
import { ensureRendererBuilt, launchChromium } from '../e2e/wizard/browser';
import { reloadMidUpgrade } from '../e2e/wizard/upgrade-reload-flow';

const OUT = path.resolve(process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : '/tmp/upgrade-reattach-shots');
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }];

async function main() {
  ensureRendererBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  const log: string[] = [];
  try {
    for (const viewport of SIZES) {
      const shot = async (page: Page, name: string) => {
        await page.waitForTimeout(250);
        const hidden = await page.evaluate(() => { const all = [...document.querySelectorAll('[role=dialog],[role=alertdialog]')]; return all.length && all.at(-1)!.closest('[aria-hidden=true]') ? 1 : 0; });
        const file = path.join(OUT, `${name}-${viewport.width}x${viewport.height}.png`);
        await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
        const axe = await axeViolations(page);
        log.push(`${file}: topmost dialog hidden from assistive technology: ${hidden}; axe: ${axe.length ? JSON.stringify(axe) : 'clean'}`);
      };
      const seen = await reloadMidUpgrade(browser, { viewport, shot });
      log.push(`outcome after the reload: ${seen.outcomeKind}; servers: ${seen.serversAfter.join(', ')}; page errors: ${seen.pageErrors.length} ${seen.pageErrors.join(' | ')}`);
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(`${log.join('\n')}\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
