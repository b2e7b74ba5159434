/**
 * `npx tsx scripts/history-screenshots.ts [--out DIR]`: the dashboard's history (issue 13) with node2
 * down for a minute and back, in light, dark and forced colours at 1280×800 and 1024×700, plus the
 * 1-hour window, the table view and the engine's refusal; axe on each. The real harness, engine service
 * and renderer in Chromium; the history and the health reader are e2e/wizard/history-fixture.ts's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { axeViolations, COLOUR_MODES, setColourMode } from '../e2e/wizard/axe';
import { ensureRendererBuilt, launchChromium } from '../e2e/wizard/browser';
import { history, openDashboard } from '../e2e/wizard/history-fixture';

const OUT = path.resolve(process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : '/tmp/history-shots');
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }];

/** The engine as it is before the history keeper lands: it refuses `health.history`; one quiet line. */
async function refused(browser: Awaited<ReturnType<typeof launchChromium>>, viewport: { width: number; height: number }): Promise<string> {
  const s = await openDashboard(browser, viewport, null);
  try {
    await s.page.getByTestId('history-unavailable').evaluate((e) => e.scrollIntoView({ block: 'center' }));
    const file = path.join(OUT, `history-refused-light-${viewport.width}x${viewport.height}.png`);
    await s.page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    const violations = await axeViolations(s.page);
    return `${file}: axe ${violations.length ? JSON.stringify(violations) : 'no serious or critical violations'}; page errors: ${s.pageErrors.length}`;
  } finally {
    await s.close();
  }
}

async function main() {
  ensureRendererBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  const h = history();
  const report: string[] = [];
  try {
    for (const viewport of SIZES) {
      const s = await openDashboard(browser, viewport, h);
      try {
        const shoot = async (name: string) => {
          await s.page.getByRole('heading', { name: 'History', exact: true }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
          const file = path.join(OUT, `history-${name}-${viewport.width}x${viewport.height}.png`);
          await s.page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
          return file;
        };
        for (const mode of COLOUR_MODES) {
          await setColourMode(s.page, mode);
          const file = await shoot(mode);
          const violations = await axeViolations(s.page);
          report.push(`${file}: axe ${violations.length ? JSON.stringify(violations) : 'no serious or critical violations'}`);
        }
        await setColourMode(s.page, 'light');
        if (viewport.width === 1280) {
          await s.page.getByRole('radio', { name: '1 hour' }).check();
          await s.page.waitForTimeout(300);
          report.push(await shoot('1h-light'));
          await s.page.getByRole('switch', { name: 'Show as table' }).check();
          await s.page.getByRole('table', { name: 'node2' }).waitFor();
          report.push(await shoot('table-light'));
          const violations = await axeViolations(s.page);
          report.push(`table view: axe ${violations.length ? JSON.stringify(violations) : 'no serious or critical violations'}`);
        }
        const labels = await s.page.getByRole('img').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
        report.push(`labels: ${labels.join(' | ')}`, `page errors: ${s.pageErrors.length}`);
      } finally {
        await s.close();
      }
      report.push(await refused(browser, viewport));
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(`${report.join('\n')}\n`);
  const bad = report.filter((l) => /axe \[/.test(l));
  if (bad.length) process.exitCode = 1;
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
