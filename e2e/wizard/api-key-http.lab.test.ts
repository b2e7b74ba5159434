/**
 * The API key over plain http, in Chromium, on the lab: with the API switched on, the Storage page
 * warns that the key travels unencrypted to the first server's http address, and does not go on
 * until the admin accepts it; accepted, the profile carries the yes (allowApiKeyOverHttp), which the
 * engine needs before it sends the key anywhere over http. HA_SHOTS=<dir> also saves the page at
 * 1280x800 and 1024x700.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { wizardSuite } from './suite';
import { currentPage, fillStorage, next, passDatabase, passServers, primaryButton, saveProfile, startNewCluster } from './wizard-driver';

const lab = inject('lab');
const suite = wizardSuite();

async function shots(page: Page, name: string): Promise<void> {
  const dir = process.env.HA_SHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  for (const [width, height] of [[1280, 800], [1024, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.getByTestId('api-key-http-warning').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(dir, `${name}-${width}x${height}.png`) });
  }
}

describe('the API key over plain http, in a browser, on the lab', () => {
  it('warns, blocks Next until the admin accepts, and the saved profile carries the yes', async () => {
    const session = await suite.open();
    const page = session.page;
    await startNewCluster(page);
    await passServers(page, lab);
    await passDatabase(page, lab, 'postgres');
    await fillStorage(page, lab.storage.path, lab.apiKey, { acceptHttp: false });

    const warning = page.getByTestId('api-key-http-warning');
    const text = (await warning.textContent()) ?? '';
    expect(text).toContain('The API key travels unencrypted');
    expect(text).toContain(`http://${lab.nodes[0]!.address}:${lab.nodes[0]!.webPort}`);
    expect(text).toContain('never sent on after a redirect');
    await shots(page, 'storage-api-key-http');

    // Not accepted: Next stays on the page and says why at the checkbox.
    await primaryButton(page).click();
    await page.waitForTimeout(300);
    expect(await currentPage(page)).toBe('Shared storage');
    expect(await warning.textContent()).toContain('Accept that the key travels unencrypted, or switch the API off');

    await page.getByRole('checkbox', { name: 'I accept that the API key is sent over plain http' }).check();
    await next(page, 'Encryption key');
    await saveProfile(page, 'http consent');
    const saved = fs.readdirSync(session.dataDir, { recursive: true }).map(String).filter((f) => f.endsWith('.hawizard.json'));
    expect(saved.length).toBe(1);
    const profile = JSON.parse(fs.readFileSync(path.join(session.dataDir, saved[0]!), 'utf8')) as { allowApiKeyOverHttp?: boolean; profile?: { allowApiKeyOverHttp?: boolean } };
    expect(profile.allowApiKeyOverHttp ?? profile.profile?.allowApiKeyOverHttp).toBe(true);
  }, 120_000);
});
