/**
 * Issue 14, an upgrade survives a reload of the window: in Chromium, the real harness, engine service, run
 * journal and renderer, the page reloaded while the engine's upgrade is under way (n2's installer held; the
 * runner is the real one over the in-memory cluster, so this spec needs no lab servers: it is a browser spec,
 * and browser specs run in the lab project). After the reload the dialog is back on the run with the steps
 * so far, the dashboard's other actions are off, the run's end reaches the reloaded page, and an outcome put
 * away does not come back.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt, launchChromium } from './browser';
import { reloadMidUpgrade } from './upgrade-reload-flow';

let browser: Browser | undefined;
beforeAll(async () => {
  ensureRendererBuilt();
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('a reload in the middle of an upgrade', () => {
  it('comes back to the running upgrade, follows it to its end, and forgets it once put away', async () => {
    // The flow opens its own wizard session (harness and page) and closes it.
    const seen = await reloadMidUpgrade(browser!);

    const status = Object.fromEntries(seen.afterReload.map((x) => [x.id, x.status]));
    expect(status['backup-database']).toBe('done');
    expect(status['install:n1']).toBe('done');
    expect(status['wait-healthy:n1']).toBe('done');
    expect(status['install:n2']).toBe('started');
    expect(status['start:n2']).toBe('waiting');
    expect(seen.afterReload.length).toBeGreaterThan(15);

    expect(seen.addDisabled).toBe(true);
    expect(seen.removeDisabled).toBe(true);
    expect(seen.busyNote).toContain('The cluster is being upgraded to 2026.1');

    expect(seen.outcomeKind).toBe('upgraded');
    expect(seen.serversAfter).toEqual(['n1 2026.1', 'n2 2026.1', 'n3 2026.1']);
    expect(seen.outcomeAfterSecondReload).toBe(true);
    expect(seen.dialogsAfterPutAway).toBe(0);
    expect(seen.pageErrors).toEqual([]);
  }, 180_000);
});
