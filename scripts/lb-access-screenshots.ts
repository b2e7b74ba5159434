/**
 * `npx tsx scripts/lb-access-screenshots.ts [--out DIR]`: the Load balancer page's "Let the wizard drive
 * the balancer" section (issue 13) with each choice, at 1280×800 and 1024×700, through the real harness,
 * engine service and renderer in Chromium. `balancer.members` is answered in the page by a stand-in (no
 * balancer runs here); every other call goes to the real engine.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PROFILE } from '../electron/core/engine/testing/service-fakes';
import type { ClusterProfile } from '../electron/shared/profile';
import { ensureRendererBuilt, launchChromium, openWizard } from '../e2e/wizard/browser';
import { goToStep, openSavedProfile } from '../e2e/wizard/wizard-driver';

const OUT = path.resolve(process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : '/tmp/lb-access-shots');
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }];
const MEMBERS = {
  driven: true, how: 'HAProxy runtime API at 10.231.77.30:9999', manual: [],
  members: [{ node: 'n1', state: 'ready', activeSessions: 4, detail: '' }, { node: 'n2', state: 'drain', activeSessions: 1, detail: '' }],
};

/** In the page: balancer.members from `window.__members`, or its error; the rest to the real engine. */
function installStandIn(): void {
  const w = window as unknown as { wizard: { call(n: string, i: unknown): Promise<unknown> }; __members: unknown; __fail: string | null };
  const real = w.wizard;
  const call = (name: string, input: unknown) => (name !== 'balancer.members' ? real.call(name, input)
    : Promise.resolve(w.__fail ? { ok: false, error: { kind: 'failed', message: w.__fail } } : { ok: true, value: w.__members }));
  w.wizard = Object.assign(Object.create(Object.getPrototypeOf(real) as object) as object, real, { call }) as typeof w.wizard;
}

async function shot(page: Page, name: string, viewport: { width: number; height: number }) {
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  await page.getByRole('heading', { name: 'Let the wizard drive the balancer (optional)' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(250);
  const file = path.join(OUT, `${name}-${viewport.width}x${viewport.height}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  console.log(file);
}

async function main() {
  ensureRendererBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const viewport of SIZES) {
      const s = await openWizard(browser, { viewport });
      try {
        const profile = { ...(PROFILE as ClusterProfile), loadBalancer: { type: 'haproxy' as const, sticky: false } };
        await s.harness.host.saveProfile({ name: 'Lab', profile, secrets: { 'ssh:n1': 'not-used', db: 'not-used' } });
        await s.page.reload();
        await s.page.evaluate('window.__name = (f) => f');
        await s.page.evaluate(installStandIn);
        await s.page.evaluate((m) => Object.assign(window, { __members: m, __fail: null }), MEMBERS);
        const page = s.page;
        await openSavedProfile(page, 'Lab');
        await goToStep(page, 'Load balancer');
        await page.getByRole('heading', { name: 'Let the wizard drive the balancer (optional)' }).waitFor();
        await shot(page, '1-none', viewport);

        await page.getByRole('radio', { name: 'HAProxy’s runtime API' }).check();
        await page.getByRole('textbox', { name: 'Runtime API address' }).fill('10.231.77.30');
        await page.getByRole('textbox', { name: 'Port' }).fill('99999');
        await shot(page, '2-api-invalid-port', viewport);
        await page.getByRole('textbox', { name: 'Port' }).fill('9999');
        await page.getByRole('button', { name: 'Test access' }).click();
        await page.getByRole('table', { name: 'Servers at the balancer' }).waitFor();
        await shot(page, '3-api-tested', viewport);

        await page.getByRole('radio', { name: 'An SSH login on the balancer’s host' }).check();
        await page.getByRole('textbox', { name: 'Balancer’s host name or IP address' }).fill('lb1.corp.example');
        await page.getByRole('textbox', { name: 'SSH port' }).fill('22');
        await page.getByRole('textbox', { name: 'User', exact: true }).fill('admin');
        await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-used');
        await page.getByRole('textbox', { name: 'Configuration file on that host' }).fill('/etc/haproxy/haproxy.cfg');
        await page.evaluate(() => Object.assign(window, { __fail: 'SSH to lb1.corp.example:22: the password was refused for admin.' }));
        await page.getByRole('button', { name: 'Test access' }).click();
        await page.getByText(/could not reach the balancer/).waitFor();
        await shot(page, '4-ssh-error', viewport);

        await page.evaluate(() => Object.assign(window, { __fail: 'The host key of lb1.corp.example:22 is not known yet (ssh-ed25519 SHA256:3q2+7wAbCdEfGhIjKlMnOpQrStUvWxYz0123456789a). Compare it with the server\'s key before accepting it.' }));
        await page.getByRole('button', { name: 'Test access' }).click();
        await page.getByRole('dialog').waitFor();
        await shot(page, '5-ssh-host-key', viewport);
        await page.getByRole('button', { name: 'Cancel' }).click();

      } finally {
        await s.close();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
