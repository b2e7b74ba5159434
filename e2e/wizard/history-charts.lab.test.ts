/**
 * The dashboard's history in Chromium (issue 13, helper "charts"): node2 down for a minute and back,
 * drawn and labelled; axe finds no serious or critical violation in light, dark and forced colours at
 * 1024x700, in the pictures and in the table view; the keyboard reaches the window choice, the table
 * switch, every picture and the events by Tab. The real harness, engine service and renderer; the
 * health reader is a fake and `health.history` is answered in the page (history-fixture.ts) until the
 * engine's history keeper lands. It needs no lab server, but browser specs live in this project.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeInEveryMode } from './axe';
import { ensureRendererBuilt, launchChromium, type WizardSession } from './browser';
import { history, openDashboard } from './history-fixture';
import { SMALL } from './layout';

let browser: Browser;
let session: WizardSession | null = null;
beforeAll(async () => {
  ensureRendererBuilt();
  browser = await launchChromium();
});
afterEach(async () => {
  await session?.close();
  session = null;
});
afterAll(async () => browser?.close());

const clean = { light: [], dark: [], forced: [] };

describe('the dashboard history, in a browser', () => {
  it('draws node2 down for a minute and back, with no accessibility fault in any colour mode, pictures or tables', async () => {
    session = await openDashboard(browser, SMALL, history());
    const { page } = session;
    const node2 = await page.getByTestId('history-node-node2').getByRole('img').first().getAttribute('aria-label');
    expect(node2).toMatch(/^node2: healthy 23 h 13 min, down 1 min at .+, unknown 46 min$/);
    // The minute down is drawn wide enough to see (at least 4 px at this size), not a sliver under a pixel.
    const down = await page.locator('[data-testid="history-node-node2"] rect[data-band="down"]').boundingBox();
    expect(down!.width).toBeGreaterThanOrEqual(4);
    const events = page.getByTestId('history-events').locator('li');
    expect(await events.first().textContent()).toMatch(/Server back.*node2 answers \/health again/);
    expect(await axeInEveryMode(page)).toEqual(clean);
    await page.getByRole('switch', { name: 'Show as table' }).check();
    await page.getByRole('table', { name: 'node2' }).waitFor();
    expect(await page.getByRole('table', { name: 'node2' }).getByRole('row').filter({ hasText: 'Down (service stopped)' }).count()).toBe(1);
    expect(await axeInEveryMode(page)).toEqual(clean);
    expect(session.pageErrors).toEqual([]);
  });

  it('reaches the window choice, the table switch, every picture and the events by Tab, and switches to tables by keyboard', async () => {
    session = await openDashboard(browser, SMALL, history());
    const { page } = session;
    await page.getByRole('radio', { name: '24 hours' }).focus();
    const seen: string[] = [];
    for (let i = 0; i < 9; i++) {
      await page.keyboard.press('Tab');
      seen.push(await page.evaluate(() => {
        const e = document.activeElement!;
        return e.getAttribute('aria-label') ?? (e.getAttribute('role') === 'switch' || (e as HTMLInputElement).type === 'checkbox' ? `switch ${e.closest('.fui-Switch')?.textContent ?? ''}` : e.tagName);
      }));
    }
    expect(seen[0]).toBe('switch Show as table');
    for (const n of ['node1', 'node2', 'node3']) {
      expect(seen).toContainEqual(expect.stringMatching(new RegExp(`^${n}: healthy`)));
      expect(seen).toContainEqual(expect.stringMatching(new RegExp(`^${n} response time: median`)));
    }
    expect(seen[7]).toBe('Cluster events, newest first');
    // Back to the switch, and Space shows the tables.
    await page.getByRole('switch', { name: 'Show as table' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('table', { name: 'Events, newest first' }).waitFor();
    expect(await page.getByRole('img', { name: /^node2:/ }).count()).toBe(0);
  });
});
